/**
 * The IndexedDB database, opened only in the extension's own origin (the background). Every
 * schema change is a numbered migration; opening an older database runs the missing ones in order
 * inside the upgrade transaction, so records are never copied out and back.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Rule } from '../rules/rule';
import type { PaperTags, SavedPaper, Tag } from './records';

export const DB_NAME = 'paperlight';

export interface PaperlightDB extends DBSchema {
  papers: {
    key: string;
    value: SavedPaper;
    indexes: { savedAt: number; publishedAt: string; state: string };
  };
  meta: {
    key: string;
    value: { key: string; value: unknown };
  };
  tags: {
    key: string;
    value: Tag;
  };
  paperTags: {
    key: string;
    value: PaperTags;
    indexes: { tags: string; autoRules: string };
  };
  rules: {
    key: string;
    value: Rule;
  };
}

type UpgradeTx = IDBPTransaction<PaperlightDB, StoreNames<PaperlightDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<PaperlightDB>, tx: UpgradeTx) => void;

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
    fill().catch(() => undefined);
  },
];

export const DB_VERSION = MIGRATIONS.length - 1;

/** `onClose` hears when the connection is gone (a newer version took over, or the browser closed
 * it), so the owner opens a new one instead of using a dead handle. */
export async function openDatabase(name = DB_NAME, onClose?: () => void): Promise<IDBPDatabase<PaperlightDB>> {
  const db: IDBPDatabase<PaperlightDB> = await openDB<PaperlightDB>(name, DB_VERSION, {
    upgrade(upgrading, oldVersion, newVersion, tx) {
      for (let version = oldVersion + 1; version <= (newVersion ?? DB_VERSION); version++) {
        MIGRATIONS[version]?.(upgrading, tx);
      }
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
