/**
 * When snapshots are taken and how one is restored (issue #15). A snapshot is the library as its
 * Paperlight JSON export, compressed (lib/library/snapshot-file.ts), kept in its own database
 * (lib/store/snapshots.ts): once a day when Paperlight is used, and before every destructive change,
 * which does not happen if its snapshot could not be taken.
 */
import type { Library } from '../model/library';
import type { SnapshotEntry, SnapshotReason } from '../model/snapshot';
import { parseJson } from '../library/formats/json';
import { packSnapshot, readSnapshotText } from '../library/snapshot-file';
import { LibraryChanged, LibraryError, type ReplaceCounts, type Snapshots, type Store } from '../store';
import { errorMessage } from '../text/error-message';
import { formatDateTime } from '../text/format';

export interface SnapshotKeeper {
  /** A snapshot of the library as it is, before a destructive change (`detail` names it). Throws
   * when it cannot be taken, and the change must then not happen. */
  before(reason: Exclude<SnapshotReason, 'daily'>, detail?: string): Promise<SnapshotEntry>;
  /** The day's snapshot, unless there is one from today already or the library is empty. */
  daily(): Promise<SnapshotEntry | null>;
  /** Replaces the library with snapshot `id`, a snapshot of the library taken first (`undo`). */
  restore(id: number, expectedVersion?: number): Promise<{ restored: ReplaceCounts; undo: SnapshotEntry }>;
}

const dayOf = (time: number) => new Date(time).toDateString();
const notesIn = (library: Library) => library.papers.reduce((count, paper) => count + (paper.note.trim() === '' ? 0 : 1), 0);

export function snapshotKeeper(
  store: () => Promise<Store>,
  snapshots: () => Promise<Snapshots>,
  { now = Date.now, taken = async () => {} }: { now?: () => number; taken?: () => Promise<void> } = {},
): SnapshotKeeper {
  /** The day the last daily snapshot is known to be from: one look at the list a day. */
  let dailyDay: string | null = null;
  let dailyRunning: Promise<SnapshotEntry | null> | null = null;

  /** One snapshot at a time: a new one stores only the abstract shards the kept ones lack, so
   * two at once could each count on a shard the other's pruning lets go. */
  let queue: Promise<unknown> = Promise.resolve();

  const takeNow = async (reason: SnapshotReason, detail?: string): Promise<SnapshotEntry> => {
    const started = performance.now();
    const kept = await snapshots();
    const [{ library, version }, shardKeys] = await Promise.all([(await store()).library.exportAt(), kept.abstractShardKeys()]);
    const read = performance.now();
    const at = now();
    const packed = await packSnapshot(library, at, shardKeys);
    const packedAt = performance.now();
    const entry = await kept.add(
      {
        takenAt: at,
        reason,
        ...(detail !== undefined && { detail: detail.slice(0, 200) }),
        papers: library.papers.length,
        tags: library.tags.length,
        rules: library.rules.length,
        notes: notesIn(library),
        bytes: packed.bytes,
        version,
        abstractShards: packed.keys,
      },
      packed.body,
      packed.shards,
    );
    // In the background's timeline (npm run bench §1e): read, packed and kept.
    performance.measure('paperlight:snapshot', {
      start: started,
      detail: { papers: entry.papers, bytes: entry.bytes, body: packed.body.byteLength, readMs: read - started, packMs: packedAt - read, shardsMs: packed.ms.shards, bodyMs: packed.ms.body },
    });
    await taken();
    return entry;
  };

  const take = (reason: SnapshotReason, detail?: string): Promise<SnapshotEntry> => {
    const next = queue.then(() => takeNow(reason, detail));
    queue = next.catch(() => undefined);
    return next;
  };

  const daily = async (): Promise<SnapshotEntry | null> => {
    const today = dayOf(now());
    if (dailyDay === today) return null;
    const list = await (await snapshots()).list();
    if (list.some((entry) => entry.reason === 'daily' && dayOf(entry.takenAt) === today)) {
      dailyDay = today;
      return null;
    }
    // An empty library has nothing to keep, and its dailies would push out the ones that do.
    const first = await (await store()).library.newest(1);
    if ((first.counts?.all ?? first.papers.length) === 0 && first.tags.length === 0) return null;
    const entry = await take('daily');
    dailyDay = today;
    return entry;
  };

  const before: SnapshotKeeper['before'] = async (reason, detail) => {
    try {
      return await take(reason, detail);
    } catch (error) {
      throw new LibraryError(`Paperlight could not take a snapshot of your library first, so nothing was changed: ${errorMessage(error)}`);
    }
  };

  return {
    before,
    daily() {
      dailyRunning ??= daily().finally(() => (dailyRunning = null));
      return dailyRunning;
    },
    async restore(id, expectedVersion) {
      const started = performance.now();
      const kept = await snapshots();
      const entry = (await kept.list()).find((candidate) => candidate.id === id);
      if (!entry) throw new LibraryError('This snapshot is no longer kept; nothing was restored.');
      const parsed = parseJson(await readSnapshotText(kept, entry));
      if (!parsed.ok) throw new LibraryError(`This snapshot cannot be read, so nothing was restored: ${parsed.error}`);
      const opened = await store();
      if (expectedVersion !== undefined && ((await opened.library.version()) ?? 0) !== expectedVersion) throw new LibraryChanged();
      const undo = await before('restore', `the snapshot of ${formatDateTime(entry.takenAt)}`);
      const { papers, tags = [], rules = [], settings, seen, ranking } = parsed.library;
      // At the version the undo snapshot holds: nothing written between the two is lost unseen.
      const restored = await opened.library.replace({ papers, tags, rules, settings, ...(seen && { seen }), ...(ranking && { ranking }) }, { expectedVersion: undo.version });
      // The whole restore, its undo snapshot included (npm run bench §1e).
      performance.measure('paperlight:restore', { start: started, detail: { papers: restored.papers } });
      return { restored, undo };
    },
  };
}
