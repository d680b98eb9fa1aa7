/** v3 (frozen): personal tags, and which papers carry them (multiEntry: one index entry per tag). */
import type { Migration } from './migration';

export const v3: Migration = (db) => {
  db.createObjectStore('tags', { keyPath: 'key' });
  db.createObjectStore('paperTags', { keyPath: 'id' }).createIndex('tags', 'tags', { multiEntry: true });
};
