/** Records and database names for the unit tests (not a test file itself). */
import { LibraryPaper } from '@/lib/model/library';
import { storeOn, type Store } from '@/lib/store';
import { MIGRATIONS, openDatabase, type Database } from '@/lib/store/database';
import { openDB, type IDBPDatabase } from 'idb';
import { joinPaper, loadPapers } from '@/lib/store/papers';
import type { PaperInput, PaperTags, SavedPaper } from '@/lib/model/records';
import { readLibraryStores, writeLibrary, type ShardTable } from '@/lib/store/shards';

/** A database at `version`, built (or upgraded from the version it has) by the shipped steps
 * themselves, each after the one before: what a user who ran that version has. */
export function openAt(name: string, version: number): Promise<IDBPDatabase> {
  return openDB(name, version, {
    upgrade(db, oldVersion, _new, tx) {
      let pending: Promise<void> | undefined;
      for (let step = oldVersion + 1; step <= version; step++) {
        const migrate = () => MIGRATIONS[step]!(db as never, tx as never);
        pending = pending ? pending.then(migrate) : (migrate() ?? undefined);
      }
    },
  });
}

let counter = 0;
/** A database name no other test uses (fake-indexeddb is shared by the whole file). */
export function uniqueDbName(): string {
  return `paperlight-test-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

/** The database under each store the tests opened, for the raw helpers below: the tests of
 * damaged and older records write and read what the store's layer keeps from the product. */
const databases = new WeakMap<Store, Database>();

/** A store over a database of its own (or `name`), at the current schema. */
export async function openTestStore(name = uniqueDbName()): Promise<Store> {
  const db = await openDatabase(name);
  const store = storeOn(db);
  databases.set(store, db);
  return store;
}

/** The raw database under a store from openTestStore. */
export function rawDb(store: Store): Database {
  const db = databases.get(store);
  if (!db) throw new Error('Not a store from openTestStore');
  return db;
}

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
export async function stored(store: Store, table: 'papers', id: string): Promise<SavedPaper | undefined>;
export async function stored(store: Store, table: 'tags', id: string): Promise<PaperTags | undefined>;
export async function stored(store: Store, table: 'papers' | 'tags', id: string): Promise<unknown> {
  return readLibraryStores(rawDb(store), async (shards) => {
    if (table === 'tags') return (await shards.fetch('tags', [id]))[0];
    await loadPapers(shards, [id]);
    return joinPaper(shards, id);
  });
}

/** How many records a shard table holds. */
export async function storedCount(store: Store, table: ShardTable): Promise<number> {
  return readLibraryStores(rawDb(store), async (shards) => {
    await shards.loadAll(table);
    return [...shards.entries(table)].length;
  });
}

/** Writes raw values as they are (as an older or broken build might have): saved papers (split as
 * the store splits them) or tag records, by their `id`. */
export async function putStored(store: Store, table: 'papers' | 'tags', values: readonly unknown[]): Promise<void> {
  await writeLibrary(rawDb(store), async (shards) => {
    const ids = values.map((value) => String((value as { id: unknown }).id));
    await loadPapers(shards, ids);
    await shards.load('tags', ids);
    // `as never`: these are the unchecked values the store's typed writes would refuse.
    values.forEach((value, index) => {
      const id = ids[index]!;
      if (table === 'tags') return shards.put('tags', id, value as never);
      const { abstract, ...listed } = value as Record<string, unknown>;
      shards.put('papers', id, listed as never);
      if ('abstract' in (value as object)) shards.put('abstracts', id, abstract as never);
    });
  });
}
