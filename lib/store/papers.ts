/** Reading-list operations on the database. Every record read back is validated again. */
import type { IDBPDatabase } from 'idb';
import type { PaperlightDB } from './database';
import { SavedPaper, type PaperInput } from './records';

type DB = IDBPDatabase<PaperlightDB>;

/**
 * Saves (or refreshes) a paper. The page gives fresh metadata; what the user did with a paper saved
 * earlier (when, its state, its note) stays.
 */
export async function savePaper(db: DB, input: PaperInput, now = Date.now()): Promise<SavedPaper> {
  const tx = db.transaction('papers', 'readwrite');
  const existing = await tx.store.get(input.id);
  const kept = existing && SavedPaper.safeParse({ ...input, ...userFields(existing) });
  // A damaged earlier record is saved afresh rather than making the paper unsaveable.
  const record = kept?.success ? kept.data : SavedPaper.parse({ ...input, savedAt: now });
  await tx.store.put(record);
  await tx.done;
  return record;
}

/** The fields of a saved paper that the user made, not the page. */
function userFields(record: SavedPaper): Partial<SavedPaper> {
  const { savedAt, state, note, stateChangedAt } = record;
  return stateChangedAt === undefined ? { savedAt, state, note } : { savedAt, state, note, stateChangedAt };
}

/** Removes a paper; true when it was saved. */
export async function removePaper(db: DB, id: string): Promise<boolean> {
  const tx = db.transaction('papers', 'readwrite');
  const existed = (await tx.store.getKey(id)) !== undefined;
  if (existed) await tx.store.delete(id);
  await tx.done;
  return existed;
}

/** The subset of `ids` that are in the reading list. */
export async function savedAmong(db: DB, ids: readonly string[]): Promise<string[]> {
  const tx = db.transaction('papers', 'readonly');
  const keys = await Promise.all(ids.map((id) => tx.store.getKey(id)));
  await tx.done;
  return ids.filter((_, index) => keys[index] !== undefined);
}

export interface ReadingList {
  papers: SavedPaper[];
  /** Records that failed validation (kept in the database, never shown broken). */
  skipped: number;
}

/** The reading list, newest save first. */
export async function listPapers(db: DB): Promise<ReadingList> {
  const tx = db.transaction('papers', 'readonly');
  const [raw, total] = await Promise.all([tx.store.index('savedAt').getAll(), tx.store.count()]);
  await tx.done;
  const papers: SavedPaper[] = [];
  // Records without a valid savedAt key are missing from the index: broken too, so counted.
  let skipped = total - raw.length;
  for (let index = raw.length - 1; index >= 0; index--) {
    const parsed = SavedPaper.safeParse(raw[index]);
    if (parsed.success) papers.push(parsed.data);
    else skipped++;
  }
  return { papers, skipped };
}
