/** v1 (frozen): the reading list, newest first by savedAt. */
import type { Migration } from './migration';

export const v1: Migration = (db) => {
  db.createObjectStore('papers', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
};
