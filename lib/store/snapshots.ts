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
}

export interface Snapshots extends ReadSnapshots {
  /** Keeps a new snapshot and lets the oldest of its kind go past the keep policy (KEEP). */
  add(entry: Omit<SnapshotEntry, 'id'>, body: ArrayBuffer): Promise<SnapshotEntry>;
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
    async add(entry, body) {
      const tx = db.transaction(['entries', 'bodies'], 'readwrite');
      const entries = tx.objectStore('entries');
      const id = (await entries.add(entry as unknown)) as number;
      const added: SnapshotEntry = { ...entry, id };
      await tx.objectStore('bodies').put(body, id);
      const kind = snapshotKind(entry.reason);
      const sameKind = checkedEntries(await entries.getAll()).filter((other) => snapshotKind(other.reason) === kind);
      for (const old of sameKind.slice(KEEP[kind])) {
        await entries.delete(old.id);
        await tx.objectStore('bodies').delete(old.id);
      }
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
