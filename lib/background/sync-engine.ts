/**
 * Sync through the browser's own `storage.sync` (issue #15): this device's changes go into the
 * sync document (lib/sync/record.ts), the document goes to `storage.sync` in packed items
 * (lib/sync/pack.ts), and what other devices wrote there is merged in and brought into the library
 * (lib/sync/plan.ts), then announced to every view as a change from another tab would be.
 *
 * One step runs at a time (a queue). Local changes are recorded shortly after they happen (the
 * views' broadcasts say which papers); writes are spaced and batched, never more often than the
 * browser allows, and retried after a quota or rate error, which the user only ever sees in plain
 * words. The document is kept in the sync ledger (lib/store/sync-ledger.ts), so a restarted
 * service worker goes on where it stopped.
 */
import { clockAt, newNode, NODE_PATTERN, observe, tick } from '../sync/clock';
import { decodeInto, decodeParts, DocPart, encodeMeta, encodePaper } from '../sync/codec';
import { anyChanged, covers, emptyDoc, mergeInto, noChanges, type Changed, type SyncDoc } from '../sync/doc';
import { packDoc, isSyncKey, unpackItem, type PackPlan } from '../sync/pack';
import { papersToCheck, planPatch } from '../sync/plan';
import { recordLocal } from '../sync/record';
import { NOTE_SYNC_MAX, SYNC_BUDGET, SYNC_QUOTA, WRITE_SPACING } from '../sync/quota';
import { isEmptyPatch } from '../model/sync-decisions';
import type { Rule } from '../model/rule';
import type { Settings } from '../model/library';
import type { SyncStatus } from '../model/sync-status';
import type { Broadcast } from '../protocol/messages';
import { LEDGER_STATE_KEY, LibraryChanged, type Store, type SyncApplied, type SyncLedger } from '../store';
import { errorMessage } from '../text/error-message';

/** The part of `storage.sync` sync uses. */
export interface SyncArea {
  get(): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface SyncEngineDeps {
  store: () => Promise<Store>;
  ledger: () => Promise<SyncLedger>;
  area: SyncArea;
  /** Tells the views what another device changed (and the pages the new rules). */
  announce: (change: { applied: SyncApplied | null; rules: Rule[] | null; settings: Settings | null }) => Promise<void>;
  /** The status changed (the options page shows it). */
  statusChanged?: () => void;
  /** Papers saved here from another device, whose details are not known yet. */
  detailsPending?: (ids: string[]) => void;
  now?: () => number;
  /** How long local changes wait before they are recorded (a burst is recorded once), and a
   * write after a change (ms). */
  delays?: { record: number; write: number };
}

export interface SyncEngine {
  /** Reads the ledger, records what changed in the library since, and syncs (when on). */
  start(): Promise<void>;
  /** The library changed here: these papers (or anything, 'all'). */
  localChanged(ids: readonly string[] | 'all'): void;
  /** `storage.sync` changed (`storage.onChanged`, area `sync`). */
  remoteChanged(changes: Record<string, { newValue?: unknown }>): void;
  setEnabled(enabled: boolean): Promise<SyncStatus>;
  status(): Promise<SyncStatus>;
  /** Resolves once nothing is pending or running. */
  idle(): Promise<void>;
}

interface EngineState {
  v: 1;
  node: string;
  clock: { time: number; counter: number };
  enabled: boolean;
  /** The library was recorded whole once (with its records' own dates). */
  adopted: boolean;
  /** The library's version the document was last brought level with. */
  recordedVersion: number | null;
  lastSyncAt: number | null;
  /** A merge's changes may not have reached the library (a write that failed, or a worker stopped
   * between the two): the library is brought level with the whole document next. */
  behind: boolean;
}

const stateFrom = (raw: unknown, now: number): EngineState => {
  const value = (raw ?? {}) as Partial<EngineState>;
  const node = typeof value.node === 'string' && NODE_PATTERN.test(value.node) ? value.node : newNode();
  const clock = value.clock && Number.isFinite(value.clock.time) && Number.isFinite(value.clock.counter) ? value.clock : { time: 0, counter: 0 };
  return {
    v: 1,
    node,
    clock: { time: Math.min(clock.time, now + 60_000), counter: clock.counter },
    enabled: value.enabled !== false,
    adopted: value.adopted === true,
    recordedVersion: typeof value.recordedVersion === 'number' ? value.recordedVersion : null,
    lastSyncAt: typeof value.lastSyncAt === 'number' ? value.lastSyncAt : null,
    behind: value.behind === true,
  };
};

const monthOf = (id: string) => `p${id.slice(0, 4)}`;

/** A rule's settings, without what identifies it (an update keeps its id and date). */
function ruleSettings(rule: Rule): Partial<Omit<Rule, 'id' | 'createdAt'>> {
  const settings: Partial<Rule> = { ...rule };
  delete settings.id;
  delete settings.createdAt;
  return settings;
}
const META = 'meta';

/** Plain words for what `storage.sync` refused, and how long to wait before trying again. */
function explain(error: unknown): { message: string; retryIn: number; shrink: boolean } {
  const text = errorMessage(error);
  if (/PER_HOUR/i.test(text)) return { message: 'The browser’s sync has taken as many changes as it allows in an hour. Paperlight syncs again in a while; nothing is lost meanwhile.', retryIn: 15 * 60_000, shrink: false };
  if (/PER_MINUTE|rate/i.test(text)) return { message: 'The browser’s sync is taking changes more slowly for a minute. Paperlight syncs again shortly; nothing is lost meanwhile.', retryIn: 60_000, shrink: false };
  if (/QUOTA|MAX_ITEMS|quota/i.test(text)) return { message: 'The browser’s sync storage was fuller than expected. Paperlight now syncs fewer papers; the others stay on this device.', retryIn: 2_000, shrink: true };
  return { message: 'Sync could not reach the browser’s sync storage. Paperlight tries again shortly; nothing is lost meanwhile.', retryIn: 30_000, shrink: false };
}

/** The papers a change made here is about, for sync to record ('all': anything may have
 * changed; [] for tags, rules or settings only); null for news that is no change. */
export function changedPapers(change: Broadcast): readonly string[] | 'all' | null {
  switch (change.type) {
    case 'papers.changed':
      return [...change.saved.map((paper) => paper.id), ...change.removed];
    case 'tags.changed':
      return change.papers.map((paper) => paper.id);
    case 'library.changed':
      return 'all';
    case 'settings.changed':
      return [];
    default:
      return null;
  }
}

export function syncEngine(deps: SyncEngineDeps): SyncEngine {
  const now = deps.now ?? Date.now;
  const delays = deps.delays ?? { record: 0, write: WRITE_SPACING.minMs };
  let doc: SyncDoc = emptyDoc();
  let state: EngineState | null = null;
  let started: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const running = new Set<Promise<unknown>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Ledger parts to write: months of papers, `meta`. */
  const dirty = new Set<string>();
  /** Changes made here and not recorded yet: which papers (or all), and the clock of the last of
   * them, taken when it was made: a change is ordered by when it happened, not by when the queue
   * got to record it (behind a sync that reads and packs the whole library, say). */
  const pending: { all: boolean; ids: Set<string>; clock: string | null } = { all: false, ids: new Set(), clock: null };
  /** What this device last wrote or read per key: its own write echoing back is not news. */
  const lastSeen = new Map<string, unknown>();
  let plan: PackPlan | null = null;
  let budget: number = SYNC_BUDGET.bytes;
  let activity: SyncStatus['activity'] = 'idle';
  let message: string | null = null;
  let unreadable = 0;
  let refusedRules: string[] = [];
  const writes: number[] = [];

  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    running.add(run);
    void run.finally(() => running.delete(run)).catch(() => undefined);
    return run;
  };

  const later = (name: string, ms: number, work: () => Promise<void>) => {
    if (timers.has(name)) return;
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        enqueue(work).catch((error: unknown) => console.warn(`[paperlight] sync: ${name} failed`, error));
      }, ms),
    );
  };

  const noteChange = (ids: readonly string[] | 'all') => {
    if (ids === 'all') pending.all = true;
    else for (const id of ids) pending.ids.add(id);
    // The first unrecorded change's clock stands for the batch: a later one must not restamp an
    // earlier change as newer than another device's change made in between (CI saw a colour set
    // on one device, then on another, then a rule changed on the first: the first colour won).
    // Before the state is read (at start), the clock is taken when the change is recorded.
    if (state) pending.clock ??= stamp();
  };

  const stamp = () => {
    const next = tick({ ...state!.clock, node: state!.node }, now());
    state!.clock = { time: next.state.time, counter: next.state.counter };
    return next.clock;
  };

  const markDirty = (changed: Changed) => {
    for (const id of changed.papers) dirty.add(monthOf(id));
    if (changed.tags.size + changed.rules.size + changed.settings.size > 0) dirty.add(META);
  };

  /** Writes the changed parts of the document and the state to the ledger. */
  const persist = async () => {
    const records = new Map<string, unknown>([[LEDGER_STATE_KEY, { ...state! }]]);
    for (const key of dirty) {
      if (key === META) {
        records.set(META, { v: 1, ...encodeMeta(doc) });
        continue;
      }
      const month = key.slice(1);
      const rows: unknown[][] = [];
      for (const [id, entry] of doc.papers) if (id.startsWith(month)) rows.push(encodePaper(id, entry));
      records.set(key, { v: 1, p: rows });
    }
    dirty.clear();
    await (await deps.ledger()).write(records);
  };

  const observeDoc = (remote: SyncDoc) => {
    let newest = '';
    const see = (clock: string | undefined) => {
      if (clock && clock > newest) newest = clock;
    };
    for (const entry of remote.papers.values()) {
      see(entry.saved?.[0]);
      see(entry.state?.[0]);
      see(entry.note?.[0]);
      for (const [clock] of entry.tags?.values() ?? []) see(clock);
    }
    for (const entry of remote.tags.values()) [entry.alive, entry.name, entry.color].forEach((register) => see(register?.[0]));
    for (const [clock] of remote.rules.values()) see(clock);
    for (const [clock] of remote.settings.values()) see(clock);
    if (newest) {
      const next = observe({ ...state!.clock, node: state!.node }, newest, now());
      state!.clock = { time: next.time, counter: next.counter };
    }
  };

  /** Records the library's pending changes into the document. */
  const recordPending = async () => {
    if (pending.clock === null) return;
    const scope = pending.all ? 'all' : [...pending.ids];
    const clock = pending.clock;
    pending.all = false;
    pending.ids.clear();
    pending.clock = null;
    const local = await (await deps.store()).sync.decisions(scope);
    const changed = recordLocal(doc, local, scope, () => clock);
    state!.recordedVersion = local.version;
    markDirty(changed);
    await persist();
    if (anyChanged(changed) && state!.enabled) later('write', delays.write, syncNow);
  };

  /** Brings what the document says (after a merge that changed `changed`) into the library. */
  const applyToLibrary = async (changed: Changed | 'all') => {
    const store = await deps.store();
    for (let attempt = 0; attempt < 5; attempt++) {
      await recordPending();
      const ids = [...papersToCheck(doc, changed)];
      const local = await store.sync.decisions(ids);
      const patch = planPatch(doc, local, ids);
      if (isEmptyPatch(patch)) return;
      let applied: SyncApplied | null = null;
      if (patch.papers.length + patch.tags.put.length + patch.tags.remove.length > 0) {
        try {
          applied = await store.sync.apply(patch, local.version);
        } catch (error) {
          // The library changed meanwhile (the user, here): record that first, then plan again.
          if (error instanceof LibraryChanged) {
            noteChange('all');
            continue;
          }
          throw error;
        }
      }
      let rules: Rule[] | null = null;
      if (patch.rules.put.length + patch.rules.remove.length > 0) {
        refusedRules = [];
        const existing = new Set(local.rules.map((rule) => rule.id));
        for (const rule of patch.rules.put) {
          try {
            if (existing.has(rule.id)) {
              await store.rules.update(rule.id, ruleSettings(rule));
            } else await store.rules.restore(rule);
          } catch (error) {
            refusedRules.push(`“${rule.pattern}”: ${errorMessage(error)}`);
          }
        }
        for (const id of patch.rules.remove) await store.rules.delete(id).catch(() => undefined);
        rules = await store.rules.list();
      }
      const settings = patch.settings ? await store.settings.write(patch.settings) : null;
      state!.recordedVersion = await store.library.version();
      await deps.announce({ applied, rules, settings });
      const pendingDetails = applied?.saved.filter((paper) => paper.detailsPending).map((paper) => paper.id) ?? [];
      if (pendingDetails.length > 0) deps.detailsPending?.(pendingDetails);
      return;
    }
    throw new Error('the library kept changing while sync applied another device’s changes');
  };

  /** Brings a merge's changes into the library; after one that did not get there, everything. */
  const bringLibraryLevel = async (changed: Changed) => {
    const scope = state!.behind ? 'all' : changed;
    if (scope !== 'all' && !anyChanged(scope)) return;
    // Persisted with any ledger write from here on, so that a stopped worker catches up at its start.
    state!.behind = true;
    await applyToLibrary(scope);
    state!.behind = false;
  };

  /** Merges items another device wrote; what changed in the document. */
  const mergeRemote = async (values: Iterable<[string, unknown]>): Promise<Changed> => {
    const remote = emptyDoc();
    let bad = 0;
    for (const [key, value] of values) {
      lastSeen.set(key, value);
      const raw = await unpackItem(value);
      const part = DocPart.safeParse(raw);
      if (part.success) bad += decodeInto(remote, part.data);
      else bad++;
    }
    unreadable = bad;
    observeDoc(remote);
    const changed = mergeInto(doc, remote);
    markDirty(changed);
    return changed;
  };

  /** Reads everything sync storage holds, merges it, and writes what this device knows that it lacks. */
  const syncNow = async () => {
    if (!state!.enabled) return;
    activity = 'syncing';
    deps.statusChanged?.();
    try {
      await recordPending();
      const all = Object.entries(await deps.area.get()).filter(([key]) => isSyncKey(key));
      await bringLibraryLevel(await mergeRemote(all));
      await persist();
      const packing = performance.now();
      plan = await packDoc(doc, now(), budget);
      // In the background's timeline for `npm run bench` (§1f).
      performance.measure('paperlight:sync-pack', { start: packing, detail: { papers: doc.papers.size, synced: plan.savedSynced, saved: plan.saved, bytes: plan.bytes, items: plan.items.size } });
      const remote = decodeParts(await Promise.all(all.map(([, value]) => unpackItem(value)))).doc;
      if (!covers(remote, plan.doc)) {
        const wait = nextWriteAt() - now();
        if (wait > 0) {
          activity = 'waiting';
          later('write', wait, syncNow);
          return;
        }
        const current = new Map(all);
        const removed = [...current.keys()].filter((key) => !plan!.items.has(key));
        const changedItems = Object.fromEntries([...plan.items].filter(([key, value]) => current.get(key) !== value));
        writes.push(now());
        // Known before the write, so that its echo (storage.onChanged fires for this device's own
        // writes too) is not taken for news.
        for (const [key, value] of Object.entries(changedItems)) lastSeen.set(key, value);
        for (const key of removed) lastSeen.delete(key);
        if (removed.length > 0) await deps.area.remove(removed);
        if (Object.keys(changedItems).length > 0) await deps.area.set(changedItems);
      }
      state!.lastSyncAt = now();
      message = null;
      activity = 'idle';
      await persist();
    } catch (error) {
      const why = explain(error);
      if (why.shrink) budget = Math.max(20_000, Math.floor(budget * 0.85));
      message = why.message;
      activity = 'waiting';
      console.warn('[paperlight] sync: storage.sync refused a write', error);
      later('write', why.retryIn, syncNow);
    } finally {
      deps.statusChanged?.();
    }
  };

  /** When the next write may go: spaced by WRITE_SPACING, and no more than its hourly count. */
  const nextWriteAt = () => {
    const hourAgo = now() - 3_600_000;
    while (writes.length > 0 && writes[0]! < hourAgo) writes.shift();
    const last = writes.at(-1) ?? -Infinity;
    if (writes.length >= WRITE_SPACING.perHour) return writes[0]! + 3_600_000;
    return last + WRITE_SPACING.minMs;
  };

  const load = async () => {
    const ledger = await deps.ledger();
    const records = await ledger.readAll();
    state = stateFrom(records.get(LEDGER_STATE_KEY), now());
    doc = emptyDoc();
    for (const [key, value] of records) {
      if (key === LEDGER_STATE_KEY) continue;
      const part = DocPart.safeParse(value);
      if (part.success) decodeInto(doc, part.data);
    }
    const store = await deps.store();
    if (!state.adopted) {
      // The library as it was before sync: recorded with its records' own dates, so that any change
      // another device makes later wins over them, and a first sync merges both.
      const local = await store.sync.decisions('all');
      markDirty(recordLocal(doc, local, 'all', (time) => clockAt(time, state!.node)));
      state.adopted = true;
      state.recordedVersion = local.version;
      await persist();
    } else if (state.recordedVersion !== (await store.library.version())) {
      noteChange('all');
      await recordPending();
    }
    await bringLibraryLevel(noChanges());
    await persist();
  };

  const status = (): SyncStatus => ({
    enabled: state?.enabled ?? true,
    activity: state?.enabled === false ? 'idle' : activity,
    lastSyncAt: state?.lastSyncAt ?? null,
    bytes: plan?.bytes ?? 0,
    quotaBytes: SYNC_QUOTA.bytes,
    items: plan?.items.size ?? 0,
    saved: plan?.saved ?? 0,
    savedSynced: plan?.savedSynced ?? 0,
    localOnly: plan?.localOnly ?? [],
    longNotes: plan?.longNotes ?? [],
    noteLimit: NOTE_SYNC_MAX,
    unreadable,
    refusedRules,
    message,
  });

  const engine: SyncEngine = {
    start() {
      started ??= enqueue(load).then(() => {
        if (state!.enabled) return enqueue(syncNow);
        return enqueue(async () => {
          plan = await packDoc(doc, now(), budget);
        });
      });
      return started;
    },
    localChanged(ids) {
      noteChange(ids);
      void engine.start().then(() => {
        pending.clock ??= stamp();
        later('record', delays.record, recordPending);
      });
    },
    remoteChanged(changes) {
      const fresh = Object.entries(changes).filter(([key, change]) => isSyncKey(key) && change.newValue !== undefined && lastSeen.get(key) !== change.newValue);
      const removedKeys = Object.entries(changes).some(([key, change]) => isSyncKey(key) && change.newValue === undefined);
      if (fresh.length === 0 && !removedKeys) return;
      void engine
        .start()
        .then(() =>
          enqueue(async () => {
            if (!state!.enabled) return;
            const arrived = performance.now();
            const changed = await mergeRemote(fresh.map(([key, change]) => [key, change.newValue]));
            await bringLibraryLevel(changed);
            performance.measure('paperlight:sync-remote', { start: arrived, detail: { papers: changed.papers.size } });
            // After the views heard (they wait on nothing else). A worker stopped before this write
            // keeps the library's copy; the items stay in sync storage and merge again at its start.
            await persist();
            // This device may know what the other's write left out: a sync compares and writes it.
            later('write', delays.write, syncNow);
          }),
        )
        .catch((error: unknown) => console.warn('[paperlight] sync: could not merge a change from another device', error));
    },
    async setEnabled(enabled) {
      await engine.start();
      return enqueue(async () => {
        state!.enabled = enabled;
        message = null;
        await persist();
        if (enabled) await syncNow();
        else {
          const timer = timers.get('write');
          if (timer !== undefined) clearTimeout(timer);
          timers.delete('write');
        }
        deps.statusChanged?.();
        return status();
      });
    },
    async status() {
      await engine.start();
      return enqueue(async () => {
        plan ??= await packDoc(doc, now(), budget);
        return status();
      });
    },
    async idle() {
      for (;;) {
        await engine.start();
        if (timers.size === 0 && running.size === 0) return;
        await Promise.all([...running].map((run) => run.catch(() => undefined)));
        if (timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  return engine;
}
