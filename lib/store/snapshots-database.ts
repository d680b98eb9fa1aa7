/**
 * The snapshots' own IndexedDB database, beside the library's and apart from it: a library that is
 * emptied, damaged or fails to open does not take its snapshots with it, and a replace or restore
 * of the library never touches them.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { runMigrations, type Migration, type UpgradeDatabase, type UpgradeTransaction } from './migrations/migration';
import { v1Snapshots } from './migrations/snapshots-v1';
import { v2AbstractShards } from './migrations/snapshots-v2';

export const SNAPSHOTS_DB_NAME = 'paperlight-snapshots';

/** Every shipped step; index = the version it reaches. */
const STEPS: readonly Migration[] = [() => undefined, v1Snapshots, v2AbstractShards];
export const SNAPSHOTS_DB_VERSION = STEPS.length - 1;

export interface SnapshotsDB extends DBSchema {
  /** SnapshotEntry records (snapshot.ts), unchecked as read. */
  entries: { key: number; value: unknown };
  /** id → the gzip-compressed Paperlight JSON export of the library. */
  bodies: { key: number; value: ArrayBuffer };
  /** `2407:<fingerprint>` → one month's abstracts (paper id → abstract) as JSON, gzip-compressed; shared
   * by the snapshots whose entries name the key. */
  abstractShards: { key: string; value: ArrayBuffer };
}

export type SnapshotsDatabase = IDBPDatabase<SnapshotsDB>;

export async function openSnapshotsDatabase(name = SNAPSHOTS_DB_NAME, onClose?: () => void): Promise<SnapshotsDatabase> {
  const db: SnapshotsDatabase = await openDB<SnapshotsDB>(name, SNAPSHOTS_DB_VERSION, {
    upgrade(upgrading, oldVersion, newVersion, tx) {
      runMigrations(STEPS, upgrading as unknown as UpgradeDatabase, tx as unknown as UpgradeTransaction, oldVersion, newVersion ?? SNAPSHOTS_DB_VERSION);
    },
    blocking: () => {
      db.close();
      onClose?.();
    },
    terminated: () => onClose?.(),
  });
  return db;
}
