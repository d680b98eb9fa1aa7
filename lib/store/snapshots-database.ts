/**
 * The snapshots' own IndexedDB database, beside the library's and apart from it: a library that is
 * emptied, damaged or fails to open does not take its snapshots with it, and a replace or restore
 * of the library never touches them.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { Migration } from './migrations/migration';
import { openMigrated } from './open-migrated';
import { v1Snapshots } from './migrations/snapshots-v1';
import { v2AbstractShards } from './migrations/snapshots-v2';

export const SNAPSHOTS_DB_NAME = 'paperlight-snapshots';

/** Every shipped step; index = the version it reaches. */
const STEPS: readonly Migration[] = [() => undefined, v1Snapshots, v2AbstractShards];
export const SNAPSHOTS_DB_VERSION = STEPS.length - 1;

export interface SnapshotsDB extends DBSchema {
  /** SnapshotEntry records (snapshot.ts), unchecked as read. */
  entries: { key: number; value: unknown };
  /** id → the library's Paperlight JSON export, gzip-compressed (from v2 without the abstracts,
   * which `abstractShards` keep). */
  bodies: { key: number; value: ArrayBuffer };
  /** `2407:<fingerprint>` → one month's abstracts (paper id → abstract) as JSON, gzip-compressed; shared
   * by the snapshots whose entries name the key. */
  abstractShards: { key: string; value: ArrayBuffer };
}

export type SnapshotsDatabase = IDBPDatabase<SnapshotsDB>;

export function openSnapshotsDatabase(name = SNAPSHOTS_DB_NAME, onClose?: () => void): Promise<SnapshotsDatabase> {
  return openMigrated<SnapshotsDB>(name, STEPS, onClose);
}
