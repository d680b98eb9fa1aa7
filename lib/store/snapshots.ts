/**
 * Snapshots as a repository: list them (newest first, each entry checked), read one's compressed
 * library, add one (pruning what the keep policy lets go, in the same transaction). What a snapshot
 * holds and when one is taken is the background's business (lib/background/snapshot-keeper.ts).
 */
import { KEEP, SnapshotEntry, snapshotKind } from '../model/snapshot';
import { sharedConnection } from './shared-connection';
import { openSnapshotsDatabase, type SnapshotsDatabase } from './snapshots-database';

/** What the extension pages may do: list and read. */
export interface ReadSnapshots {
  /** Newest first; an entry that does not check is left out. */
  list(): Promise<SnapshotEntry[]>;
  /** The compressed library of snapshot `id`; null when it is gone. */
  body(id: number): Promise<ArrayBuffer | null>;
  /** The abstract shards of `keys` (see snapshots-database.ts), those that are kept. */
  abstractShards(keys: readonly string[]): Promise<Map<string, ArrayBuffer>>;
}

export interface Snapshots extends ReadSnapshots {
  /** The keys of every abstract shard kept: a new snapshot stores only the ones it lacks. */
  abstractShardKeys(): Promise<Set<string>>;
  /**
   * Keeps a new snapshot with the abstract shards no other holds (`shards`), and lets the oldest of
   * its kind go past the keep policy (KEEP), with the shards no snapshot left names. Refused when a
   * shard it names is neither given nor kept (so a snapshot never points at nothing).
   */
  add(entry: Omit<SnapshotEntry, 'id'>, body: ArrayBuffer, shards?: ReadonlyMap<string, ArrayBuffer>): Promise<SnapshotEntry>;
  close(): void;
}

const newestFirst = (a: SnapshotEntry, b: SnapshotEntry) => b.takenAt - a.takenAt || b.id - a.id;

function checkedEntries(raw: readonly unknown[]): SnapshotEntry[] {
  return raw
    .flatMap((value) => {
      const entry = SnapshotEntry.safeParse(value);
      return entry.success ? [entry.data] : [];
    })
    .sort(newestFirst);
}

export function snapshotsOn(db: SnapshotsDatabase): Snapshots {
  return {
    async list() {
      return checkedEntries(await db.getAll('entries'));
    },
    async body(id) {
      return (await db.get('bodies', id)) ?? null;
    },
    async abstractShards(keys) {
      const tx = db.transaction('abstractShards', 'readonly');
      const found = await Promise.all(keys.map(async (key) => [key, await tx.store.get(key)] as const));
      await tx.done;
      return new Map(found.filter((pair): pair is readonly [string, ArrayBuffer] => pair[1] !== undefined));
    },
    async abstractShardKeys() {
      return new Set(await db.getAllKeys('abstractShards'));
    },
    async add(entry, body, shards = new Map()) {
      const tx = db.transaction(['entries', 'bodies', 'abstractShards'], 'readwrite');
      const entries = tx.objectStore('entries');
      const kept = tx.objectStore('abstractShards');
      const keys = new Set(await kept.getAllKeys());
      const missing = (entry.abstractShards ?? []).filter((key) => !shards.has(key) && !keys.has(key));
      if (missing.length > 0) {
        tx.done.catch(() => undefined);
        tx.abort();
        throw new Error(`the snapshot names ${missing.length} abstract shards that are not kept`);
      }
      for (const [key, value] of shards) if (!keys.has(key)) await kept.put(value, key);
      const id = (await entries.add(entry as unknown)) as number;
      const added: SnapshotEntry = { ...entry, id };
      await tx.objectStore('bodies').put(body, id);
      const kind = snapshotKind(entry.reason);
      const all = checkedEntries(await entries.getAll());
      const gone = new Set(all.filter((other) => snapshotKind(other.reason) === kind).slice(KEEP[kind]).map((old) => old.id));
      for (const id of gone) {
        await entries.delete(id);
        await tx.objectStore('bodies').delete(id);
      }
      // Shards no snapshot left names. (An entry that does not check names none it can use.)
      const named = new Set(all.filter((other) => !gone.has(other.id)).flatMap((other) => other.abstractShards ?? []));
      for (const key of new Set([...keys, ...shards.keys()])) if (!named.has(key)) await kept.delete(key);
      await tx.done;
      return added;
    },
    close: () => db.close(),
  };
}

export async function openSnapshots(name?: string, onClose?: () => void): Promise<Snapshots> {
  return snapshotsOn(await openSnapshotsDatabase(name, onClose));
}

/** One shared connection per context (a page asks for the read-only `ReadSnapshots`). */
export function sharedSnapshots(name?: string): () => Promise<Snapshots> {
  return sharedConnection((onClose) => openSnapshots(name, onClose));
}
