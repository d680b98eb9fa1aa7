/**
 * What a schema step is, and how the steps run. Each shipped step lives frozen in its own file
 * beside this one, with its own copies of whatever it needs: nothing it runs may change when the
 * live store code does, because a user upgrading from that version a year later runs it on data
 * shaped as it was then. Steps see the database untyped for the same reason: today's record types
 * do not describe the records they meet.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';

export type UpgradeDatabase = IDBPDatabase<unknown>;
export type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

/** A step that reads or writes records returns when it is done: the next one starts after it. */
export type Migration = (db: UpgradeDatabase, tx: UpgradeTransaction) => void | Promise<void>;

/**
 * Runs steps `from + 1` to `to` in order inside the upgrade transaction (one that works on records
 * starts the next when it is done: each continues from a request's success). A step that throws
 * aborts the upgrade, so opening fails and the database stays as it was.
 */
export function runMigrations(steps: readonly Migration[], db: UpgradeDatabase, tx: UpgradeTransaction, from: number, to: number): void {
  let pending: Promise<void> | undefined;
  for (let version = from + 1; version <= to; version++) {
    const step = steps[version];
    if (!step) continue;
    if (pending) pending = pending.then(() => step(db, tx));
    else {
      const result = step(db, tx);
      if (result) pending = result;
    }
  }
  pending?.catch(() => {
    try {
      tx.abort();
    } catch {
      // Already aborted.
    }
  });
}
