/**
 * The store as the extension pages read it (ReadStore): the library's reads only. Apart from the
 * repository (repository.ts), so a page's bundle does not carry the write operations: every
 * change goes through the background (docs/architecture.md, "The write path").
 */
import type { Library } from '../model/library';
import { readAbstracts, type AbstractsRead } from './abstracts';
import { openDatabase, type Database } from './database';
import { exportLibraryAt, libraryVersion, readLibrary, readNewest, type FirstPage, type LibraryView, type LoadedLibrary } from './library';
import { sharedConnection } from './shared-connection';

/** What the extension pages may do: read. Every change goes through the background (see
 * docs/architecture.md, "The write path"), which broadcasts it to every view. */
export interface ReadStore {
  readonly library: {
    /** The whole reading list with tag counts; without `abstracts` their abstracts are null. */
    read(options?: { abstracts?: boolean }): Promise<LibraryView>;
    /** The first screenful: the newest saves, from the summary record alone. */
    newest(limit: number): Promise<FirstPage>;
    /** Every saved paper's abstract, with the version they were read at. */
    abstracts(): Promise<AbstractsRead>;
    /** The version every write moves on; null before the first write. */
    version(): Promise<number | null>;
    /** Everything, for an export or an import plan; a view that holds the whole library at the
     * current version passes it in and only rules and settings are read. */
    exportAt(loaded?: LoadedLibrary | null): Promise<{ library: Library; version: number }>;
  };
}

export function readStoreOn(db: Database): ReadStore {
  return {
    library: {
      read: (options) => readLibrary(db, options),
      newest: (limit) => readNewest(db, limit),
      abstracts: () => readAbstracts(db),
      version: () => libraryVersion(db),
      exportAt: (loaded) => exportLibraryAt(db, loaded),
    },
  };
}

/** One shared read-only connection per page. */
export function sharedReadStore(name?: string): () => Promise<ReadStore> {
  return sharedConnection(async (onClose) => readStoreOn(await openDatabase(name, onClose)));
}
