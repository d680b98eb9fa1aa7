/**
 * What every import format yields: papers ready for the reading list, plus whatever else the file
 * knew (tags, rules, settings). Formats other than JSON only know some of a paper's fields, so they
 * say which; the rest are defaults that merging must not write over what the library has.
 */
import { LibraryPaper, type Library } from '../../model/library';
import { paperPageUrl } from './arxiv-id';
import { describeIssues } from '../../model/describe-issues';

export const IMPORT_FORMATS = ['json', 'bibtex', 'ris', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type PaperField = keyof LibraryPaper;

export type ImportedLibrary = Partial<Library> & {
  papers: LibraryPaper[];
  /**
   * By paper id, the fields its record really carried (the others are defaults). Absent: every
   * field, as in a JSON export.
   */
  carried?: Record<string, PaperField[]>;
  /**
   * `picked`: the format has no tag colours, so these were picked from the palette and must not
   * recolour a tag the library already has. Absent means `file`.
   */
  tagColours?: 'file' | 'picked';
  /** What was changed to take the file (keywords shortened or skipped), for the preview to list. */
  adjusted?: string[];
};

export type ParseResult = { ok: true; library: ImportedLibrary } | { ok: false; error: string };

export function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** The fields a record of a text format gave. */
export type FoundPaper = Partial<LibraryPaper> & { id: string };

/**
 * A full, valid paper from what a record gave: where a paper was saved from and when are unknown, so
 * it is the paper's page and `now`; metadata the record lacks is null, as for a page that lacks it.
 */
export function completePaper(found: FoundPaper, now: number): { ok: true; paper: LibraryPaper } | { ok: false; error: string } {
  const result = LibraryPaper.safeParse({
    authors: [],
    abstract: null,
    publishedAt: null,
    organization: null,
    upvotes: null,
    sourceUrl: paperPageUrl(found.id),
    savedAt: now,
    ...found,
  });
  return result.success ? { ok: true, paper: result.data } : { ok: false, error: describeIssues(result.error) };
}

/** The fields of `found` that a merge may take (everything it has, `id` aside). */
export function carriedFields(found: FoundPaper): PaperField[] {
  return (Object.keys(found) as PaperField[]).filter((field) => field !== 'id' && found[field] !== undefined);
}
