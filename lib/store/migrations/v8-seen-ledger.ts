/**
 * v8 (frozen, issue #16): the seen ledger, one record per arXiv month (`2407` → a Map of paper id →
 * when it was first and last seen, how, its upvotes then, a lasting dismissal). Apart from the
 * library's stores, so marking papers seen never moves the library's version, and a library
 * without a ledger starts with an empty one.
 */
import type { Migration } from './migration';

export const v8: Migration = (db) => {
  db.createObjectStore('seenShards');
};
