/**
 * Opens one of Paperlight's IndexedDB databases at the version its shipped steps reach, running
 * the missing steps in order inside the upgrade transaction (migrations/migration.ts). The
 * connection steps aside when a newer Paperlight (after an update) wants to upgrade, and `onClose`
 * hears when it is gone, so its owner opens a new one instead of using a dead handle.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { runMigrations, type Migration, type UpgradeDatabase, type UpgradeTransaction } from './migrations/migration';

export async function openMigrated<Schema extends DBSchema>(name: string, steps: readonly Migration[], onClose?: () => void): Promise<IDBPDatabase<Schema>> {
  const version = steps.length - 1;
  const db: IDBPDatabase<Schema> = await openDB<Schema>(name, version, {
    upgrade(upgrading, oldVersion, newVersion, tx) {
      runMigrations(steps, upgrading as unknown as UpgradeDatabase, tx as unknown as UpgradeTransaction, oldVersion, newVersion ?? version);
    },
    blocking: () => {
      db.close();
      onClose?.();
    },
    terminated: () => onClose?.(),
  });
  return db;
}
