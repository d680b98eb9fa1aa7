/**
 * A saved paper as the search index holds it: tags as small numbers, the values it sorts by, and
 * its searchable text folded once (with its trigram signature), when first needed.
 */
import type { LibraryPaper, PaperState } from '../model/library';
import { foldText } from './text-fold';
import { signature } from './trigram-signature';

/** A paper as search reads it: tags as small numbers, sort values, and its folded text, made
 * when a search first reads it or when the view has time (SearchIndex.foldSome). */
export interface Entry {
  id: string;
  state: PaperState;
  tags: number[];
  /** The paper, to fold its text from. */
  source: LibraryPaper;
  folded: Folded | null;
  rawTitle: string;
  savedAt: number;
  published: number | null;
  upvotes: number | null;
}

export interface Folded {
  /**
   * All the paper's searchable text, one field after another, for free words: one scan instead of
   * one per field. Fields (and the authors within theirs) are joined by a newline, which a folded
   * query never has, so a phrase cannot run from one into the next. The abstract comes last, so
   * what is in the short fields is found before it is reached.
   */
  text: string;
  /** The trigrams of `text`, see `signature`. */
  grams: Uint32Array;
  /** The fields for `title:` and the like: slices of `text`, which V8 keeps as views, not copies. */
  title: string;
  authors: string;
  note: string;
  abstract: string;
}

export function entryOf(paper: LibraryPaper, tags: number[]): Entry {
  const published = paper.publishedAt === null ? NaN : Date.parse(paper.publishedAt);
  return {
    id: paper.id,
    state: paper.state,
    tags,
    source: paper,
    folded: null,
    rawTitle: paper.title,
    savedAt: paper.savedAt,
    // A date the page garbled sorts with the missing ones rather than at 1970 or NaN's whim.
    published: Number.isFinite(published) ? published : null,
    upvotes: paper.upvotes,
  };
}

/** Folds the entry's text (once): most of what building an index of 10,000 papers costs. */
export function fold(entry: Entry): Folded {
  if (entry.folded) return entry.folded;
  const paper = entry.source;
  const organization = paper.organization;
  const fields = [
    foldText(paper.title),
    paper.authors.map(foldText).join('\n'),
    paper.id,
    organization ? `${foldText(organization.name)}\n${foldText(organization.fullname ?? '')}` : '',
    foldText(paper.note),
    paper.abstract === null ? '' : foldText(paper.abstract),
  ];
  const text = fields.join('\n');
  const ends: number[] = [];
  fields.reduce((end, field) => (ends.push(end + field.length), end + field.length + 1), 0);
  const slice = (field: number) => text.slice(field === 0 ? 0 : (ends[field - 1] ?? 0) + 1, ends[field]);
  entry.folded = { text, grams: signature(text), title: slice(0), authors: slice(1), note: slice(4), abstract: slice(5) };
  return entry.folded;
}
