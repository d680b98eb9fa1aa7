/**
 * v9 (frozen, issue #17): what the "For you" model learns from, beside the seen ledger.
 * - `rankTexts`: the text (title, abstract cut short, AI keywords) of papers seen, by paper id
 *   (`{id, text, seenAt}`), and of papers dismissed for good (`{id, text, dismissedAt}`). The index
 *   `seenAt` holds only the first kind, so the oldest seen texts are found, counted and let go
 *   cheaply, and a dismissed paper's text (a strong negative) is never among them.
 * - `rankRejected`: tag suggestions the reader rejected, by `[tag key, paper id]`.
 * - `ranking`: single records by name (the reset point, the last model trained).
 * Apart from the library's stores: none of it moves the library's version or wakes sync.
 */
import type { Migration } from './migration';

export const v9: Migration = (db) => {
  const texts = db.createObjectStore('rankTexts', { keyPath: 'id' });
  texts.createIndex('seenAt', 'seenAt');
  db.createObjectStore('rankRejected');
  db.createObjectStore('ranking');
};
