/**
 * Saved papers and the papers' tags, kept in shards (schema v6; by month since v7). Chrome's
 * IndexedDB costs far more per record than per byte (scripts/idb-floor.mjs, on a 2-core VM): ten
 * thousand papers as ten thousand records take 1–2 s to write and ~0.5 s to read; as 96 records
 * ~0.25 s to read, as 12 records ~0.09 s. So one record holds a shard: the papers of one arXiv
 * month, as a Map from paper id to that paper's record. An import writes a few dozen values, the
 * list reads one per month, and a change rewrites its month's shard (~25 ms for 800 papers).
 *
 * Three tables share the shard keys: `papers` (a saved paper without its abstract: what the list
 * shows and sorts by), `abstracts` (a saved paper's abstract, most of the bytes, read only for
 * search and export) and `tags` (a paper's tag record, saved or not). An operation works on the
 * shards it needs within its transaction (a ShardSession) and writes those it changed before the
 * transaction ends.
 *
 * The summary (a `meta` record) stands in for the indexes of schema v5: counts by reading state
 * and by tag, and the newest saves with their tags, so the popup's first screenful is one small
 * record. It is written in the same transaction as the shards, so it is never out of date.
 */
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { z } from 'zod';
import type { PaperTags, SavedPaper } from '../model/records';
import type { PaperlightDB } from './database';
import { SUMMARY_KEY } from './keys';

type DB = IDBPDatabase<PaperlightDB>;

/** The stores of the shard tables, and every store an operation on the library may touch. */
export const SHARD_STORES = { papers: 'paperShards', abstracts: 'abstractShards', tags: 'tagShards' } as const;
export type ShardTable = keyof typeof SHARD_STORES;
const TABLES = Object.keys(SHARD_STORES) as ShardTable[];
export const LIBRARY_STORES = ['paperShards', 'abstractShards', 'tagShards', 'tags', 'rules', 'meta'] as const;

/** What each table keeps per paper, as the store writes it. What is read back is `unknown`: the
 * disk may hold what an older or damaged build wrote, so every reader checks it with the
 * record's schema (papers.ts, tags.ts, abstracts.ts) rather than trusting a cast. */
export interface ShardValues {
  papers: Omit<SavedPaper, 'abstract'>;
  abstracts: SavedPaper['abstract'];
  tags: PaperTags;
}

/** A shard as stored: paper id → that table's record for the paper (unchecked, see ShardValues). */
export type Shard = Map<string, unknown>;

const ARXIV = /^(\d{4})\.\d{4,5}/;

/** The shard of a paper: its arXiv month, `2407` for 2407.21783 (schema v7). Ids that are not
 * arXiv ids (only damaged records have them) share one shard of their own. */
export function shardOf(id: string): string {
  return ARXIV.exec(id)?.[1] ?? 'other';
}

export { SUMMARY_KEY } from './keys';
/** How many of the newest saves the summary keeps; below NEWEST_MIN (more than the popup shows at
 * first) it is rebuilt from every shard, which removals from the top eventually call for. */
export const NEWEST_KEEP = 60;
export const NEWEST_MIN = 40;

const Counts = z.map(z.string(), z.number().int());
export const Summary = z.object({
  /** Goes up with every write through a session: a view or an import plan knows whether what it
   * read is still the library. */
  version: z.number().int().nonnegative(),
  /** Records in the papers table, valid or not. */
  papers: z.number().int().nonnegative(),
  /** Saved papers by the `state` their record holds. */
  states: Counts,
  /** Tag records carrying each tag key (one per record, as a multiEntry index counted). */
  tagCounts: Counts,
  /** The newest saves (savedAt, then id, descending) with their tags: list records as stored,
   * validated by whoever reads them. */
  newest: z.array(z.object({ paper: z.unknown(), tags: z.array(z.string()) })),
  /** `newest` holds every saved paper. */
  complete: z.boolean(),
});
export type Summary = z.infer<typeof Summary>;

const emptySummary = (): Summary => ({ version: 0, papers: 0, states: new Map(), tagCounts: new Map(), newest: [], complete: true });

/** Readers get the same type (and never write). */
type AnyTx = IDBPTransaction<PaperlightDB, StoreNames<PaperlightDB>[], 'readwrite'>;
type ShardStore = IDBPObjectStore<PaperlightDB, StoreNames<PaperlightDB>[], 'paperShards', 'readwrite'>;

const record = (value: unknown): Record<string, unknown> | null => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null);
const savedAtOf = (value: unknown): number | null => {
  const savedAt = record(value)?.savedAt;
  return typeof savedAt === 'number' && Number.isFinite(savedAt) ? savedAt : null;
};
const tagKeysOf = (value: unknown): string[] => {
  const tags = record(value)?.tags;
  return Array.isArray(tags) ? [...new Set(tags.filter((key): key is string => typeof key === 'string'))] : [];
};
const stateOf = (value: unknown): string => {
  const state = record(value)?.state;
  return typeof state === 'string' ? state : '';
};

/** Newest save first; the same save time, the higher id first (the order of the v5 index, reversed). */
export function newestFirst(a: { id: string; savedAt: number }, b: { id: string; savedAt: number }): number {
  return b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** A request's promise that may be left unawaited when a later step throws and the transaction
 * is aborted: its rejection is then expected, not unhandled. Awaiting it still hears of it. */
export function placed(request: Promise<unknown>): Promise<unknown> {
  request.catch(() => undefined);
  return request;
}

const bump = (counts: Map<string, number>, key: string, by: number) => {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
};

/**
 * The shard tables within one transaction: shards are read when first needed and kept, changes are
 * made in memory, and `flush` writes the changed shards and the summary. Readers use one without a
 * summary; writers get one from `writeLibrary`, which flushes it.
 */
export class ShardSession {
  private readonly shards = new Map<ShardTable, Map<string, Shard>>(TABLES.map((table) => [table, new Map()]));
  private readonly loading = new Map<ShardTable, Map<string, Promise<void>>>(TABLES.map((table) => [table, new Map()]));
  /** Every shard of the table is in `shards`. */
  private readonly whole = new Set<ShardTable>();
  private readonly dirty = new Map<ShardTable, Set<string>>(TABLES.map((table) => [table, new Set()]));
  /** Papers whose list record or tags changed: the summary's newest are worked out again for them. */
  private readonly touched = { papers: new Set<string>(), tags: new Set<string>() };
  private cleared = false;
  private before: Summary | null = null;
  private summary: Summary | null = null;
  private changed = false;

  constructor(readonly tx: AnyTx) {}

  private store(table: ShardTable): ShardStore {
    return this.tx.objectStore(SHARD_STORES[table]) as unknown as ShardStore;
  }

  private shard(table: ShardTable, id: string): Shard {
    const shard = this.shards.get(table)!.get(shardOf(id));
    if (shard) return shard;
    if (this.whole.has(table)) {
      const fresh: Shard = new Map();
      this.shards.get(table)!.set(shardOf(id), fresh);
      return fresh;
    }
    throw new Error(`Paperlight: the ${table} shard of ${id} was not read before use`);
  }

  /** Reads the shards that hold `ids` (those not read yet). */
  async load(table: ShardTable, ids: Iterable<string>): Promise<void> {
    if (this.whole.has(table)) return;
    const loaded = this.shards.get(table)!;
    const loading = this.loading.get(table)!;
    const waits: Promise<void>[] = [];
    for (const key of new Set(Array.from(ids, shardOf))) {
      if (loaded.has(key)) continue;
      let wait = loading.get(key);
      if (!wait) {
        wait = this.store(table)
          .get(key)
          .then((value) => {
            if (!loaded.has(key)) loaded.set(key, value instanceof Map ? value : new Map());
          });
        loading.set(key, wait);
      }
      waits.push(wait);
    }
    await Promise.all(waits);
  }

  /** Reads every shard of the table. */
  async loadAll(table: ShardTable): Promise<void> {
    if (this.whole.has(table)) return;
    const store = this.store(table);
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    const loaded = this.shards.get(table)!;
    // Shards read (and maybe changed) before stay as they are.
    keys.forEach((key, index) => {
      const value = values[index];
      if (!loaded.has(key)) loaded.set(key, value instanceof Map ? value : new Map());
    });
    this.whole.add(table);
  }

  /** A paper's record in the table; its shard must have been read. */
  get(table: ShardTable, id: string): unknown {
    return this.shard(table, id).get(id);
  }

  /** Reads and answers the records of `ids`, in order (undefined where there is none). */
  async fetch(table: ShardTable, ids: readonly string[]): Promise<unknown[]> {
    await this.load(table, ids);
    return ids.map((id) => this.get(table, id));
  }

  /** Every record of the table, after loadAll. */
  *entries(table: ShardTable): Generator<[string, unknown]> {
    if (!this.whole.has(table)) throw new Error(`Paperlight: the ${table} table was not read whole`);
    for (const shard of this.shards.get(table)!.values()) yield* shard;
  }

  private mark(table: ShardTable, id: string): void {
    if (!this.summary) throw new Error('Paperlight: writing shards outside a write session');
    this.dirty.get(table)!.add(shardOf(id));
    if (table !== 'abstracts') this.touched[table].add(id);
    this.changed = true;
  }

  /** Counts `value` (a record of `table` that is being added, +1, or removed, -1) in the summary. */
  private count(table: ShardTable, value: unknown, by: 1 | -1): void {
    const summary = this.summary!;
    if (value === undefined) return;
    if (table === 'papers') {
      summary.papers += by;
      bump(summary.states, stateOf(value), by);
    } else if (table === 'tags') {
      for (const key of tagKeysOf(value)) bump(summary.tagCounts, key, by);
    }
  }

  /** Sets a paper's record; its shard must have been read. */
  put<T extends ShardTable>(table: T, id: string, value: ShardValues[T]): void {
    const shard = this.shard(table, id);
    this.mark(table, id);
    this.count(table, shard.get(id), -1);
    this.count(table, value, 1);
    shard.set(id, value);
  }

  delete(table: ShardTable, id: string): void {
    const shard = this.shard(table, id);
    if (!shard.has(id)) return;
    this.mark(table, id);
    this.count(table, shard.get(id), -1);
    shard.delete(id);
  }

  /** Empties the table (an import that replaces the library). */
  clear(table: ShardTable): void {
    if (!this.summary) throw new Error('Paperlight: writing shards outside a write session');
    void placed(this.store(table).clear()); // A failure aborts the transaction, which the caller hears of.
    this.shards.set(table, new Map());
    this.whole.add(table);
    this.dirty.get(table)!.clear();
    if (table === 'papers') {
      this.summary.papers = 0;
      this.summary.states = new Map();
      this.cleared = true;
      this.touched.papers.clear();
    } else if (table === 'tags') {
      this.summary.tagCounts = new Map();
    }
    this.changed = true;
  }

  /** Counts the transaction as a change (a new version) even if no shard changed. */
  touch(): void {
    if (this.summary) this.changed = true;
  }

  /** The summary as this transaction has made it so far (counts are kept as records change). */
  current(): Summary {
    if (!this.summary) throw new Error('Paperlight: no summary outside a write session');
    return this.summary;
  }

  /** Starts writing: reads the summary, or makes it from every record when it is missing or
   * damaged (it is only ever written with the shards, so that is a database from before it). */
  async begin(): Promise<void> {
    const stored = await readSummary(this.tx.objectStore('meta'));
    if (stored) {
      this.before = stored;
      this.summary = { ...stored, states: new Map(stored.states), tagCounts: new Map(stored.tagCounts) };
      return;
    }
    this.summary = emptySummary();
    this.before = null;
    await Promise.all([this.loadAll('papers'), this.loadAll('tags')]);
    for (const [, value] of this.entries('papers')) this.count('papers', value, 1);
    for (const [, value] of this.entries('tags')) this.count('tags', value, 1);
    // Written at the end even if nothing else changes.
    this.changed = true;
  }

  /** Starts on an empty library (the migration that made the shard stores): the summary is
   * written even if nothing is put. */
  beginEmpty(): void {
    this.summary = emptySummary();
    this.before = emptySummary();
    for (const table of TABLES) this.whole.add(table);
    this.changed = true;
  }

  /** The newest saves after this transaction's changes, with their tags. */
  private async newest(): Promise<Pick<Summary, 'newest' | 'complete'>> {
    const before = this.cleared || !this.before ? null : this.before;
    const idOf = (value: unknown) => String(record(value)?.id ?? '');
    /** Where a saved paper's record ranks (only records with a save date are ranked). */
    const rankOf = (paper: unknown) => ({ id: idOf(paper), savedAt: savedAtOf(paper) ?? 0 });
    let entries: { paper: unknown; tags: string[] | null }[];
    let complete: boolean;
    if (!before) {
      // Everything is new: worked out from every record.
      entries = [];
      complete = true;
    } else {
      entries = before.newest.filter((entry) => !this.touched.papers.has(idOf(entry.paper)));
      complete = before.complete;
    }
    const fresh = before ? this.touched.papers : null;
    if (fresh === null) await this.loadAll('papers');
    const candidates = fresh === null ? Array.from(this.entries('papers'), ([id]) => id) : [...fresh];
    for (const id of candidates) {
      const value = this.get('papers', id);
      if (value !== undefined && savedAtOf(value) !== null) entries.push({ paper: value, tags: null });
    }
    entries.sort((a, b) => newestFirst(rankOf(a.paper), rankOf(b.paper)));
    if (before && !before.complete) {
      // Papers outside the old list all come after its last one: past that, a changed paper's
      // place is not known.
      const last = before.newest.at(-1);
      const boundary = last ? rankOf(last.paper) : null;
      entries = boundary ? entries.filter((entry) => newestFirst(rankOf(entry.paper), boundary) <= 0) : [];
    }
    if (entries.length > NEWEST_KEEP) {
      entries = entries.slice(0, NEWEST_KEEP);
      complete = false;
    }
    if (!complete && entries.length < NEWEST_MIN) {
      // Too few left to fill a screen: from every record again.
      await this.loadAll('papers');
      const all = Array.from(this.entries('papers'), ([, value]) => value).filter((value) => savedAtOf(value) !== null);
      all.sort((a, b) => newestFirst(rankOf(a), rankOf(b)));
      complete = all.length <= NEWEST_KEEP;
      const known = new Map(entries.map((entry) => [idOf(entry.paper), entry.tags]));
      entries = all.slice(0, NEWEST_KEEP).map((paper) => ({ paper, tags: known.get(idOf(paper)) ?? null }));
    }
    const missing = entries.filter((entry) => entry.tags === null || this.touched.tags.has(idOf(entry.paper))).map((entry) => idOf(entry.paper));
    await this.load('tags', missing);
    const newest = entries.map((entry) => {
      const id = idOf(entry.paper);
      const tags = entry.tags === null || this.touched.tags.has(id) ? tagKeysOf(this.get('tags', id)) : entry.tags;
      return { paper: entry.paper, tags };
    });
    return { newest, complete };
  }

  /** Writes the shards that changed and the summary (the transaction then ends as usual). */
  async flush(): Promise<void> {
    if (!this.summary || !this.changed) return;
    const summary = this.summary;
    if (this.cleared || !this.before || this.touched.papers.size > 0 || this.touched.tags.size > 0) {
      Object.assign(summary, await this.newest());
    }
    summary.version = (this.before?.version ?? summary.version) + 1;
    const writes: Promise<unknown>[] = [];
    for (const table of TABLES) {
      const store = this.store(table);
      for (const key of this.dirty.get(table)!) {
        const shard = this.shards.get(table)!.get(key)!;
        writes.push(placed(shard.size > 0 ? store.put(shard, key) : store.delete(key)));
      }
      this.dirty.get(table)!.clear();
    }
    writes.push(placed(this.tx.objectStore('meta').put({ key: SUMMARY_KEY, value: summary })));
    await Promise.all(writes);
    this.changed = false;
  }
}

/** The summary as stored, or null when there is none (or it is damaged). */
export async function readSummary(meta: { get(key: string): Promise<{ value: unknown } | undefined> }): Promise<Summary | null> {
  const parsed = Summary.safeParse((await meta.get(SUMMARY_KEY))?.value);
  return parsed.success ? parsed.data : null;
}

export interface WriteOptions {
  /** Relaxed: the commit does not wait for the disk (a crash in that instant loses the change,
   * never half of it). */
  durability?: IDBTransactionDurability;
}

/**
 * Runs `work` in one read-write transaction over the library's stores, then writes what it changed.
 * A throw anywhere aborts the transaction, so nothing of the work is kept.
 */
export async function writeLibrary<T>(db: DB, work: (session: ShardSession) => Promise<T> | T, options: WriteOptions = {}): Promise<T> {
  const tx = db.transaction([...LIBRARY_STORES], 'readwrite', options) as unknown as AnyTx;
  const session = new ShardSession(tx);
  try {
    await session.begin();
    const result = await work(session);
    // Every write is a new version, also one that only touched tags, rules or settings.
    session.touch();
    await session.flush();
    await tx.done;
    return result;
  } catch (error) {
    // A failed request aborts the transaction by itself, but a throw in our code (or a put that
    // throws on a value it cannot store) does not: without this, earlier writes would be kept.
    try {
      tx.abort();
    } catch {
      // Already aborted or finished.
    }
    void tx.done.catch(() => undefined);
    throw error;
  }
}

/** Runs `work` in one read-only transaction over the library's stores. */
export async function readLibraryStores<T>(db: DB, work: (session: ShardSession) => Promise<T> | T): Promise<T> {
  const tx = db.transaction([...LIBRARY_STORES], 'readonly') as unknown as AnyTx;
  const result = await work(new ShardSession(tx));
  await tx.done;
  return result;
}
