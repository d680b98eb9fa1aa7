/**
 * Saved papers' abstracts on their own, for a view that showed the whole list without them
 * (readLibrary with `abstracts: false`) and wants them next, for search and export. They are most of
 * a library's bytes (10,000 papers: ~15 MB of ~20), so the rows need not wait for them.
 */
import type { IDBPDatabase } from 'idb';
import type { LibraryPaper } from '../model/library';
import type { PaperlightDB } from './database';
import type { LibraryView } from './library';
import { SavedPaper } from '../model/records';
import { readLibraryStores, readSummary } from './shards';

/** An abstract as a saved paper holds it. */
const Abstract = SavedPaper.shape.abstract;

export interface AbstractsRead {
  /** Paper id → its abstract, for those whose abstract record is valid. */
  abstracts: Map<string, string | null>;
  /** The summary's version they were read at (see shards.ts). */
  version: number;
}

/** Every saved paper's abstract, in one transaction. */
export async function readAbstracts(db: IDBPDatabase<PaperlightDB>): Promise<AbstractsRead> {
  return readLibraryStores(db, async (shards) => {
    const [summary] = await Promise.all([readSummary(shards.tx.objectStore('meta')), shards.loadAll('abstracts')]);
    const abstracts = new Map<string, string | null>();
    for (const [id, raw] of shards.entries('abstracts')) {
      const parsed = Abstract.safeParse(raw);
      if (parsed.success) abstracts.set(id, parsed.data);
    }
    return { abstracts, version: summary?.version ?? 0 };
  });
}

/**
 * The view as readLibrary with abstracts gives it: each paper with its abstract, and a paper whose
 * abstract is missing or damaged skipped (readLibrary's check of the whole record would refuse it).
 * Null when the abstracts were read at another version than the view: something was written
 * between the two reads, and the view must be read again.
 */
export function withAbstracts(view: LibraryView, read: AbstractsRead): LibraryView | null {
  if (read.version !== view.version) return null;
  const papers: LibraryPaper[] = [];
  let skipped = view.skipped;
  for (const paper of view.papers) {
    const abstract = read.abstracts.get(paper.id);
    if (abstract === undefined) skipped++;
    // Spread over the paper, the abstract keeps its place among the keys (first, as readLibrary
    // makes them), so a JSON export is the same text either way.
    else papers.push({ ...paper, abstract });
  }
  return { ...view, papers, skipped };
}
