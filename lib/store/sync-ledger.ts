/**
 * This device's copy of the sync document (lib/sync/doc.ts) and its sync state, in an IndexedDB
 * database of its own: the document is sync's memory of what every device decided (with clocks),
 * so it outlives the service worker, and it is kept apart from the library so that replacing or
 * restoring the library never touches it. Records are parts as lib/sync/codec.ts writes them,
 * checked when read.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { Migration } from './migrations/migration';
import { openMigrated } from './open-migrated';
import { sharedConnection } from './shared-connection';
import { v1SyncLedger } from './migrations/sync-v1';

export const SYNC_DB_NAME = 'paperlight-sync';
const STEPS: readonly Migration[] = [() => undefined, v1SyncLedger];

interface SyncDB extends DBSchema {
  /** `state` → the device's sync state; `meta` → tags, rules and settings; `p2407` → a month's papers. */
  ledger: { key: string; value: unknown };
}

export const LEDGER_STATE_KEY = 'state';

export interface SyncLedger {
  /** Every record, by key (unchecked: the caller checks them). */
  readAll(): Promise<Map<string, unknown>>;
  /** Puts `records` and deletes `removed`, in one transaction. */
  write(records: ReadonlyMap<string, unknown>, removed?: readonly string[]): Promise<void>;
  /** Forgets everything (sync starts afresh from the library). */
  clear(): Promise<void>;
  close(): void;
}

export function syncLedgerOn(db: IDBPDatabase<SyncDB>): SyncLedger {
  return {
    async readAll() {
      const tx = db.transaction('ledger', 'readonly');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      await tx.done;
      return new Map(keys.map((key, index) => [key, values[index]]));
    },
    async write(records, removed = []) {
      const tx = db.transaction('ledger', 'readwrite');
      for (const key of removed) void tx.store.delete(key);
      for (const [key, value] of records) void tx.store.put(value, key);
      await tx.done;
    },
    async clear() {
      await db.clear('ledger');
    },
    close: () => db.close(),
  };
}

export async function openSyncLedger(name = SYNC_DB_NAME, onClose?: () => void): Promise<SyncLedger> {
  return syncLedgerOn(await openMigrated<SyncDB>(name, STEPS, onClose));
}

export function sharedSyncLedger(name?: string): () => Promise<SyncLedger> {
  return sharedConnection((onClose) => openSyncLedger(name, onClose));
}
