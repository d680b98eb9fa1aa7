/** v4 (frozen): keyword rules, and which papers a rule tagged (so deleting it finds them without a scan). */
import type { Migration } from './migration';

export const v4: Migration = (db, tx) => {
  db.createObjectStore('rules', { keyPath: 'id' });
  tx.objectStore('paperTags').createIndex('autoRules', 'autoRules', { multiEntry: true });
};
