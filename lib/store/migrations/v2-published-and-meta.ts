/** v2 (frozen): sort by arXiv date, and a key-value store for settings and bookkeeping. */
import type { Migration } from './migration';

export const v2: Migration = (db, tx) => {
  tx.objectStore('papers').createIndex('publishedAt', 'publishedAt');
  db.createObjectStore('meta', { keyPath: 'key' });
};
