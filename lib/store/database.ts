/**
 * The IndexedDB database, opened in the extension's own origin (the background, and the extension's
 * pages, which read it directly). Every schema change is a numbered migration, frozen in its own
 * file under migrations/; opening an older database runs the missing ones in order inside the
 * upgrade transaction, so records are never copied out and back.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Rule } from '../model/rule';
import type { Tag } from '../model/records';
import type { Shard } from './shards';
import { MIGRATIONS, runMigrations } from './migrations';
import type { UpgradeDatabase, UpgradeTransaction } from './migrations/migration';

import { DB_NAME } from './keys';

export { DB_NAME };

export interface PaperlightDB extends DBSchema {
  /** Saved papers without their abstracts, by shard (see shards.ts). */
  paperShards: { key: string; value: Shard };
  /** Saved papers' abstracts, by shard. */
  abstractShards: { key: string; value: Shard };
  /** Papers' tag records (PaperTags), saved or not, by shard. */
  tagShards: { key: string; value: Shard };
  meta: {
    key: string;
    value: { key: string; value: unknown };
  };
  tags: {
    key: string;
    value: Tag;
  };
  rules: {
    key: string;
    value: Rule;
  };
}

/** An open Paperlight database: what the store's operations take. */
export type Database = IDBPDatabase<PaperlightDB>;

/** Every shipped schema step, frozen in its own file (migrations/). */
export { MIGRATIONS };

export const DB_VERSION = MIGRATIONS.length - 1;

/** `onClose` hears when the connection is gone (a newer version took over, or the browser closed
 * it), so the owner opens a new one instead of using a dead handle. */
export async function openDatabase(name = DB_NAME, onClose?: () => void): Promise<IDBPDatabase<PaperlightDB>> {
  const db: IDBPDatabase<PaperlightDB> = await openDB<PaperlightDB>(name, DB_VERSION, {
    upgrade(upgrading, oldVersion, newVersion, tx) {
      runMigrations(MIGRATIONS, upgrading as unknown as UpgradeDatabase, tx as unknown as UpgradeTransaction, oldVersion, newVersion ?? DB_VERSION);
    },
    // A newer Paperlight (after an update) wants to upgrade: step aside rather than block it.
    blocking: () => {
      db.close();
      onClose?.();
    },
    terminated: () => onClose?.(),
  });
  return db;
}
