/**
 * The IndexedDB database, opened in the extension's own origin (the background, and the extension's
 * pages, which read it directly). Every schema change is a numbered migration, frozen in its own
 * file under migrations/; opening an older database runs the missing ones in order inside the
 * upgrade transaction, so records are never copied out and back.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { Rule } from '../model/rule';
import type { Tag } from '../model/records';
import type { Shard } from './shards';
import type { StoredTextRecord } from './ranking';
import { MIGRATIONS } from './migrations';
import { openMigrated } from './open-migrated';

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
  /** The seen ledger, by arXiv month (seen.ts): paper id → its record (unchecked until read). */
  seenShards: { key: string; value: Map<string, unknown> };
  /** Texts of papers seen and dismissed, for the "For you" model (ranking.ts; unchecked until read). */
  rankTexts: { key: string; value: StoredTextRecord; indexes: { seenAt: number } };
  /** Tag suggestions rejected, by [tag key, paper id] (ranking.ts). */
  rankRejected: { key: [string, string]; value: unknown };
  /** The model's single records by name: the reset point, the last model (ranking.ts). */
  ranking: { key: string; value: unknown };
}

/** An open Paperlight database: what the store's operations take. */
export type Database = IDBPDatabase<PaperlightDB>;

/** Every shipped schema step, frozen in its own file (migrations/). */
export { MIGRATIONS };

export const DB_VERSION = MIGRATIONS.length - 1;

/** `onClose` hears when the connection is gone (a newer version took over, or the browser closed
 * it), so the owner opens a new one instead of using a dead handle. */
export function openDatabase(name = DB_NAME, onClose?: () => void): Promise<Database> {
  return openMigrated<PaperlightDB>(name, MIGRATIONS, onClose);
}
