/** Records and database names for the unit tests (not a test file itself). */
import type { IDBPDatabase } from 'idb';
import { LibraryPaper } from '@/lib/model/library';
import { openDatabase, type PaperlightDB } from '@/lib/store/database';
import { joinPaper, loadPapers } from '@/lib/store/papers';
import type { PaperInput, PaperTags, SavedPaper } from '@/lib/model/records';
import { readLibraryStores, writeLibrary, type ShardTable } from '@/lib/store/shards';

let counter = 0;
/** A database name no other test uses (fake-indexeddb is shared by the whole file). */
export function uniqueDbName(): string {
  return `paperlight-test-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

/** A fresh database of its own, at the current schema. */
export const openTestDatabase = () => openDatabase(uniqueDbName());

export function paperInput(id: string, overrides: Partial<PaperInput> = {}): PaperInput {
  return {
    id,
    title: `Paper ${id}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: 'An abstract.',
    publishedAt: '2024-07-31T17:54:27.000Z',
    organization: null,
    upvotes: 3,
    sourceUrl: 'https://huggingface.co/papers?date=2024-08-01',
    ...overrides,
  };
}

/** A fixed "now" for tests of formats and imports: 2024-08-01T00:00:00Z. */
export const NOW = 1_722_470_400_000;

/** A saved paper as the reading list holds it, saved at `NOW` unless told otherwise. */
export function libraryPaper(id: string, overrides: Partial<LibraryPaper> = {}): LibraryPaper {
  return LibraryPaper.parse({ ...paperInput(id), savedAt: NOW, ...overrides });
}

/** A record as the store holds it (its shard, see lib/store/shards.ts): a saved paper, both parts
 * joined, or a paper's tag record. Raw: not validated. */
export async function stored(db: IDBPDatabase<PaperlightDB>, table: 'papers', id: string): Promise<SavedPaper | undefined>;
export async function stored(db: IDBPDatabase<PaperlightDB>, table: 'tags', id: string): Promise<PaperTags | undefined>;
export async function stored(db: IDBPDatabase<PaperlightDB>, table: 'papers' | 'tags', id: string): Promise<unknown> {
  return readLibraryStores(db, async (shards) => {
    if (table === 'tags') return (await shards.fetch('tags', [id]))[0];
    await loadPapers(shards, [id]);
    return joinPaper(shards, id);
  });
}

/** How many records a shard table holds. */
export async function storedCount(db: IDBPDatabase<PaperlightDB>, table: ShardTable): Promise<number> {
  return readLibraryStores(db, async (shards) => {
    await shards.loadAll(table);
    return [...shards.entries(table)].length;
  });
}

/** Writes raw values as they are (as an older or broken build might have): saved papers (split as
 * the store splits them) or tag records, by their `id`. */
export async function putStored(db: IDBPDatabase<PaperlightDB>, table: 'papers' | 'tags', values: readonly unknown[]): Promise<void> {
  await writeLibrary(db, async (shards) => {
    const ids = values.map((value) => String((value as { id: unknown }).id));
    await loadPapers(shards, ids);
    await shards.load('tags', ids);
    values.forEach((value, index) => {
      const id = ids[index]!;
      if (table === 'tags') return shards.put('tags', id, value);
      const { abstract, ...listed } = value as Record<string, unknown>;
      shards.put('papers', id, listed);
      if ('abstract' in (value as object)) shards.put('abstracts', id, abstract);
    });
  });
}
