/**
 * How a query's terms are tested against a paper: each term folded into a needle, tried in order of
 * cost, with the trigram signature ruling most papers out before any scan; a query that extends the
 * previous one re-tests only its matches, resuming each scan where the shorter word was found.
 */
import type { PaperState } from '../model/library';
import type { QueryTerm } from './query';
import { fold, type Entry, type Folded } from './index-entry';
import { mayContain } from './trigram-signature';

/** A query term ready to test: needle folded, tag matches resolved per tag. */
export interface Test {
  field: QueryTerm['field'];
  needle: string;
  negated: boolean;
  /** Per tag number: 1 if the tag satisfies the term (`tag:` and free text look at tag names). */
  tagHits: Uint8Array | null;
  /** For text tests, see `needleGrams`. */
  grams: Int32Array | null;
}

/** Cheap and selective tests first, so a paper is rejected before its abstract is scanned. */
export const COST: Readonly<Record<QueryTerm['field'], number>> = {
  state: 0,
  tag: 1,
  id: 2,
  title: 3,
  author: 4,
  note: 5,
  any: 6,
  abstract: 7,
};

export const searchesText = (field: QueryTerm['field']) => field !== 'state' && field !== 'tag';

export function haystack(folded: Folded, entry: Entry, field: QueryTerm['field']): string {
  switch (field) {
    case 'title':
      return folded.title;
    case 'author':
      return folded.authors;
    case 'note':
      return folded.note;
    case 'abstract':
      return folded.abstract;
    case 'id':
      return entry.id;
    default:
      return folded.text;
  }
}

/** The papers matching a query and tag filter, kept to answer the next keystroke. */
export interface Match {
  tests: Test[];
  /**
   * Per test that looks for text (and is not negated), per matching slot: where the needle first
   * occurs in the haystack, or the haystack's length if only a tag name matched. A longer needle
   * that contains it cannot occur much earlier, so the next keystroke resumes the scan there.
   */
  firsts: (Int32Array | null)[];
  required: string[];
  /** 1 per matching slot. */
  mask: Uint8Array;
  slots: number[];
  counts: StateCounts;
}

/** Papers matching, by state. */
export type StateCounts = Record<PaperState | 'all', number>;

/** How to run one test in one search. */
export interface Plan {
  test: Test;
  /** The previous search ran the same test and only its matches are candidates: all pass. */
  known: boolean;
  firsts: Int32Array | null;
  /** Where a needle this one contains first occurred, and at what offset this one contains it. */
  resume: { firsts: Int32Array; shift: number } | null;
}

const sameTest = (a: Test, b: Test) => a.field === b.field && a.negated === b.negated && a.needle === b.needle;

export function sameTests(a: readonly Test[], b: readonly Test[]): boolean {
  return a.length === b.length && a.every((test, i) => b[i] !== undefined && sameTest(test, b[i]));
}

/** Whether every paper `strict` accepts, `loose` accepts too. */
function atLeastAsStrict(loose: Test, strict: Test): boolean {
  if (loose.field !== strict.field || loose.negated !== strict.negated) return false;
  if (loose.field === 'state') return loose.needle === strict.needle;
  // A longer needle containing the shorter one only matches where the shorter does; a negation
  // the other way round: excluding "dif" excludes everything excluding "diffusion" does.
  const contains = loose.field === 'tag' ? (a: string, b: string) => a.startsWith(b) : (a: string, b: string) => a.includes(b);
  return loose.negated ? contains(loose.needle, strict.needle) : contains(strict.needle, loose.needle);
}

export function narrows(previous: Match, tests: readonly Test[], required: readonly string[]): boolean {
  return (
    previous.required.every((key) => required.includes(key)) &&
    previous.tests.every((loose) => tests.some((strict) => atLeastAsStrict(loose, strict)))
  );
}

export function plan(test: Test, size: number, previous: Match | null): Plan {
  if (previous) {
    const same = previous.tests.findIndex((other) => sameTest(other, test));
    if (same >= 0) return { test, known: true, firsts: previous.firsts[same] ?? null, resume: null };
  }
  if (test.negated || !searchesText(test.field)) return { test, known: false, firsts: null, resume: null };
  let resume: Plan['resume'] = null;
  let longest = -1;
  const earlier = previous?.tests ?? [];
  for (let i = 0; i < earlier.length; i++) {
    const other = earlier[i] as Test;
    const firsts = previous?.firsts[i];
    const shift = test.needle.indexOf(other.needle);
    if (firsts && other.field === test.field && !other.negated && shift >= 0 && other.needle.length > longest) {
      longest = other.needle.length;
      resume = { firsts, shift };
    }
  }
  return { test, known: false, firsts: new Int32Array(size), resume };
}

export function hasTag(entry: Entry, hits: Uint8Array): boolean {
  for (const tag of entry.tags) if (hits[tag] === 1) return true;
  return false;
}

export function passes(entry: Entry, slot: number, { test, firsts, resume }: Plan): boolean {
  if (test.field === 'state') return entry.state === test.needle;
  if (test.field === 'tag') return test.tagHits !== null && hasTag(entry, test.tagHits);
  const folded = fold(entry);
  const hay = haystack(folded, entry, test.field);
  let at = -1;
  // Every field is part of `text`, so a trigram missing from it is missing from the field.
  if (test.grams === null || mayContain(folded.grams, test.grams)) {
    const from = resume ? Math.max(0, (resume.firsts[slot] ?? 0) - resume.shift) : 0;
    at = hay.indexOf(test.needle, from);
  }
  if (firsts) firsts[slot] = at >= 0 ? at : hay.length;
  return at >= 0 || (test.tagHits !== null && hasTag(entry, test.tagHits));
}
