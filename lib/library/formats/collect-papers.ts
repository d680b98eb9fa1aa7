/**
 * The loop every reference format's import shares (BibTeX, RIS, CSV): each record's arXiv id, no
 * paper twice, the record read into a paper and checked as the store would check it. The first
 * problem refuses the whole file, naming the record, so nothing half-imported ever reaches the list.
 */
import type { LibraryPaper } from '../../model/library';
import { carriedFields, completePaper, refuse, type FoundPaper, type ImportedLibrary } from './imported';

export interface ImportRecord {
  /** How messages name the record ("Entry 2 "smith2024" (line 9)", "Row 4"). */
  name: string;
  /** How a later twin names it ("entry 2 "smith2024"", "row 4"). */
  short: string;
  id: string | null;
  /** Where the id was looked for ("(looked at eprint, doi, url and journal)", "in its URL (…)"). */
  lookedAt: string;
  /** What the record says about paper `id`; `complete` when the paper needs more than is carried. */
  read: (id: string) => { ok: true; found: FoundPaper; complete?: FoundPaper } | { ok: false; error: string };
}

export type Collected = { ok: true; papers: LibraryPaper[]; carried: NonNullable<ImportedLibrary['carried']> } | { ok: false; error: string };

export function collectPapers(records: Iterable<ImportRecord>, now: number): Collected {
  const papers: LibraryPaper[] = [];
  const carried: NonNullable<ImportedLibrary['carried']> = {};
  const seen = new Map<string, string>();
  for (const record of records) {
    const { name, id } = record;
    if (!id) return refuse(`${name} has no arXiv id ${record.lookedAt}; Paperlight keeps arXiv papers only.`);
    const twin = seen.get(id);
    if (twin !== undefined) return refuse(`${name} is arXiv ${id} again (as ${twin}).`);
    seen.set(id, record.short);
    const found = record.read(id);
    if (!found.ok) return refuse(`${name} (${id}): ${found.error}`);
    const paper = completePaper(found.complete ?? found.found, now);
    if (!paper.ok) return refuse(`${name} (${id}): ${paper.error}`);
    papers.push(paper.paper);
    carried[id] = carriedFields(found.found);
  }
  return { ok: true, papers, carried };
}
