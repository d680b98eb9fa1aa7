/**
 * The IndexedDB database, opened in the extension's own origin (the background, and the extension's
 * pages, which read it directly). Every schema change is a numbered migration; opening an older
 * database runs the missing ones in order inside the upgrade transaction, so records are never
 * copied out and back.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Rule } from '../rules/rule';
import type { PaperTags, SavedPaper, Tag } from './records';
import { SHARD_STORES, ShardSession, type Shard } from './shards';

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

/** Every store any version has had: what the migrations work on. Papers and their tags were one
 * record each up to v5. */
interface UpgradeDB extends PaperlightDB {
  papers: {
    key: string;
    value: SavedPaper;
    indexes: { savedAt: number; publishedAt: string; state: string };
  };
  paperTags: {
    key: string;
    value: PaperTags;
    indexes: { tags: string; autoRules: string };
  };
}

type UpgradeTx = IDBPTransaction<UpgradeDB, StoreNames<UpgradeDB>[], 'versionchange'>;
/** A step that reads or writes records returns when it is done: the next one starts after it. */
type Migration = (db: IDBPDatabase<UpgradeDB>, tx: UpgradeTx) => void | Promise<void>;

/** Index = version reached after the step. Append only; never edit a shipped step. */
export const MIGRATIONS: readonly Migration[] = [
  () => {},
  // v1: the reading list, newest first by savedAt.
  (db) => {
    db.createObjectStore('papers', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
  },
  // v2: sort by arXiv date, and a key-value store for settings and bookkeeping.
  (db, tx) => {
    tx.objectStore('papers').createIndex('publishedAt', 'publishedAt');
    db.createObjectStore('meta', { keyPath: 'key' });
  },
  // v3: personal tags, and which papers carry them (multiEntry: one index entry per tag).
  (db) => {
    db.createObjectStore('tags', { keyPath: 'key' });
    db.createObjectStore('paperTags', { keyPath: 'id' }).createIndex('tags', 'tags', { multiEntry: true });
  },
  // v4: keyword rules, and which papers a rule tagged (so deleting it finds them without a scan).
  (db, tx) => {
    db.createObjectStore('rules', { keyPath: 'id' });
    tx.objectStore('paperTags').createIndex('autoRules', 'autoRules', { multiEntry: true });
  },
  // v5: reading states and notes. Old records are rewritten with the defaults, because a record
  // without a state is missing from the index and the badge counts "to read" through it.
  (_db, tx) => {
    const papers = tx.objectStore('papers');
    papers.createIndex('state', 'state');
    const fill = async () => {
      for (let cursor = await papers.openCursor(); cursor; cursor = await cursor.continue()) {
        // Typed as today's record, but written before states and notes existed.
        const old: Omit<SavedPaper, 'state' | 'note'> & Partial<SavedPaper> = cursor.value;
        await cursor.update({ state: 'to-read', note: '', ...old });
      }
    };
    // A failed write aborts the upgrade, so opening fails and the database stays at v4: that is
    // where the error surfaces, not here.
    return fill().catch(() => undefined);
  },
  // v6: saved papers and the papers' tags move into shards, many papers to a record (shards.ts):
  // Chrome's IndexedDB costs the same per record whatever its size, so 10,000 papers were seconds
  // to write. The abstract goes to a table of its own, read only for search and export; the
  // summary takes the place of the indexes. Broken records move as they are.
  async (db, tx) => {
    for (const store of Object.values(SHARD_STORES)) db.createObjectStore(store);
    const [papers, links] = await Promise.all([tx.objectStore('papers').getAll(), tx.objectStore('paperTags').getAll()]);
    const shards = new ShardSession(tx as never);
    shards.beginEmpty();
    for (const paper of papers as unknown as Record<string, unknown>[]) {
      const { abstract, ...listed } = paper;
      const id = String(paper.id);
      shards.put('papers', id, listed);
      if ('abstract' in paper) shards.put('abstracts', id, abstract);
    }
    for (const link of links) shards.put('tags', String(link.id), link);
    db.deleteObjectStore('papers');
    db.deleteObjectStore('paperTags');
    await shards.flush();
  },
];

export const DB_VERSION = MIGRATIONS.length - 1;

/** `onClose` hears when the connection is gone (a newer version took over, or the browser closed
 * it), so the owner opens a new one instead of using a dead handle. */
export async function openDatabase(name = DB_NAME, onClose?: () => void): Promise<IDBPDatabase<PaperlightDB>> {
  const db: IDBPDatabase<PaperlightDB> = await openDB<PaperlightDB>(name, DB_VERSION, {
    upgrade(upgrading, oldVersion, newVersion, tx) {
      const db = upgrading as unknown as IDBPDatabase<UpgradeDB>;
      const upgrade = tx as unknown as UpgradeTx;
      // Steps run in order; one that works on records starts the next when it is done (inside the
      // same transaction: each continues from a request's success).
      let pending: Promise<void> | undefined;
      for (let version = oldVersion + 1; version <= (newVersion ?? DB_VERSION); version++) {
        const step = MIGRATIONS[version];
        if (!step) continue;
        if (pending) pending = pending.then(() => step(db, upgrade));
        else {
          const result = step(db, upgrade);
          if (result) pending = result;
        }
      }
      // A step that throws aborts the upgrade: opening fails and the database stays as it was.
      pending?.catch(() => {
        try {
          tx.abort();
        } catch {
          // Already aborted.
        }
      });
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
