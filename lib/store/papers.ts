/** Reading-list operations on the database. Every record read back is validated again. */
import type { IDBPDatabase } from 'idb';
import type { PaperlightDB } from './database';
import { pick } from 'zod/mini';
import { SavedPaper, type PaperInput } from '../model/records';
import { newestFirst, readLibraryStores, writeLibrary, type ShardSession } from './shards';

type DB = IDBPDatabase<PaperlightDB>;

/** A saved paper's record as stored: the list part, and the abstract apart (shards.ts). */
function splitPaper(paper: SavedPaper): { listed: Omit<SavedPaper, 'abstract'>; abstract: string | null } {
  const { abstract, ...listed } = paper;
  return { listed, abstract };
}

/** A saved paper's stored record put back together (raw: the caller validates it). Undefined
 * when the paper is not saved. The shards of `id` must have been read. */
export function joinPaper(shards: ShardSession, id: string): unknown {
  const listed = shards.get('papers', id);
  if (listed === undefined) return undefined;
  const abstract = shards.get('abstracts', id);
  return abstract === undefined || typeof listed !== 'object' || listed === null ? listed : { ...listed, abstract };
}

/** Stores a saved paper, both parts. */
export function putPaper(shards: ShardSession, paper: SavedPaper): void {
  const { listed, abstract } = splitPaper(paper);
  shards.put('papers', paper.id, listed);
  shards.put('abstracts', paper.id, abstract);
}

/** Removes a saved paper, both parts. */
export function deletePaper(shards: ShardSession, id: string): void {
  shards.delete('papers', id);
  shards.delete('abstracts', id);
}

/** Reads the shards holding `ids`, both parts. */
export async function loadPapers(shards: ShardSession, ids: readonly string[]): Promise<void> {
  await Promise.all([shards.load('papers', ids), shards.load('abstracts', ids)]);
}

/**
 * Saves (or refreshes) a paper. The page gives fresh metadata; what the user did with a paper saved
 * earlier (when, its state, its note) stays.
 */
export async function savePaper(db: DB, input: PaperInput, now = Date.now()): Promise<SavedPaper> {
  return writeLibrary(db, async (shards) => {
    await loadPapers(shards, [input.id]);
    const existing = UserFields.safeParse(joinPaper(shards, input.id));
    const kept = existing.success ? SavedPaper.safeParse({ ...input, ...existing.data }) : null;
    // A damaged earlier record is saved afresh rather than making the paper unsaveable.
    const record = kept?.success ? kept.data : SavedPaper.parse({ ...input, savedAt: now });
    putPaper(shards, record);
    return record;
  });
}

/** The fields of a saved paper that the user made, not the page: what a save keeps of the stored
 * record, checked on their own (the page's fresh metadata replaces the rest). */
const UserFields = pick(SavedPaper, { savedAt: true, state: true, note: true, stateChangedAt: true });

/** Removes a paper; true when it was saved. */
export async function removePaper(db: DB, id: string): Promise<boolean> {
  return writeLibrary(db, async (shards) => {
    await loadPapers(shards, [id]);
    const existed = shards.get('papers', id) !== undefined;
    deletePaper(shards, id);
    return existed;
  });
}

/** The subset of `ids` that are in the reading list. */
export async function savedAmong(db: DB, ids: readonly string[]): Promise<string[]> {
  const found = await readLibraryStores(db, (shards) => shards.fetch('papers', ids));
  return ids.filter((_, index) => found[index] !== undefined);
}

export interface ReadingList {
  papers: SavedPaper[];
  /** Records that failed validation (kept in the database, never shown broken). */
  skipped: number;
}

/** The reading list, newest save first. */
export async function listPapers(db: DB): Promise<ReadingList> {
  const raw = await readLibraryStores(db, async (shards) => {
    await Promise.all([shards.loadAll('papers'), shards.loadAll('abstracts')]);
    return Array.from(shards.entries('papers'), ([id]) => joinPaper(shards, id));
  });
  const papers: SavedPaper[] = [];
  let skipped = 0;
  for (const record of raw) {
    const parsed = SavedPaper.safeParse(record);
    if (parsed.success) papers.push(parsed.data);
    else skipped++;
  }
  papers.sort(newestFirst);
  return { papers, skipped };
}
