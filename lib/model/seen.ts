/**
 * The seen ledger's records (issue #16): when this reader first and last saw a paper, how (glimpsed
 * on a listing, or opened), the upvotes it had when first seen (for "rising"), and a lasting
 * dismissal. Keyed by arXiv id without its version, so a paper seen on the day view is seen on the
 * week, month and search views, and on its own page.
 */
import * as z from 'zod/mini';
import { ARXIV_ID } from './arxiv-id';
import { checked } from './checked';
import { PaperTextSchema } from './paper-text';

/** Bits of `how`. */
export const SEEN_GLIMPSED = 1;
export const SEEN_OPENED = 2;

const Time = checked(z.number(), z.nonnegative());
const Upvotes = z.nullable(checked(z.int(), z.nonnegative()));

export const SeenRecord = z.object({
  first: Time,
  last: Time,
  /** SEEN_GLIMPSED | SEEN_OPENED; 0 for a paper only dismissed. */
  how: checked(z.int(), z.minimum(0), z.maximum(3)),
  /** The paper's upvotes when it was first seen (null when the page did not say). */
  upvotes: Upvotes,
  /** When the reader dismissed it for good (the keyboard's `x` with lasting dismissals on). */
  dismissed: z.optional(Time),
});
export type SeenRecord = z.infer<typeof SeenRecord>;

/**
 * A record as a backup holds it (the Paperlight JSON export's `seen`): `[id, first, last, how,
 * upvotes, dismissed]`, compact because a year of use is 40,000 of them.
 */
export const SeenRow = z.tuple([checked(z.string(), z.regex(ARXIV_ID)), Time, Time, checked(z.int(), z.minimum(0), z.maximum(3)), Upvotes, z.nullable(Time)]);
export type SeenRow = z.infer<typeof SeenRow>;

export const seenRow = (id: string, record: SeenRecord): SeenRow => [id, record.first, record.last, record.how, record.upvotes, record.dismissed ?? null];

export function seenRecordOf([, first, last, how, upvotes, dismissed]: SeenRow): SeenRecord {
  return dismissed === null ? { first, last, how, upvotes } : { first, last, how, upvotes, dismissed };
}

/** Two records of one paper as one (a merge import): the earliest first sight with its upvotes,
 * the latest last, every way it was seen, the latest dismissal. */
export function mergeSeen(a: SeenRecord, b: SeenRecord): SeenRecord {
  const [early, late] = a.first <= b.first ? [a, b] : [b, a];
  const dismissed = Math.max(a.dismissed ?? -1, b.dismissed ?? -1);
  const merged: SeenRecord = { first: early.first, last: Math.max(a.last, b.last), how: a.how | b.how, upvotes: early.upvotes ?? late.upvotes };
  return dismissed >= 0 ? { ...merged, dismissed } : merged;
}

/** A page's report that a paper was seen. */
export const SeenMark = z.object({
  id: checked(z.string(), z.regex(ARXIV_ID)),
  how: z.enum(['glimpsed', 'opened']),
  upvotes: Upvotes,
  /** The paper's text as the page shows it: kept (bounded) for the "For you" model's weak negatives. */
  text: z.optional(PaperTextSchema),
});
export type SeenMark = z.infer<typeof SeenMark>;

const VERSIONED = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;

/** `2407.21783` for `2407.21783v2` (and itself); null for anything that is not an arXiv id. */
export function seenKey(raw: string): string | null {
  return VERSIONED.exec(raw.trim())?.[1] ?? null;
}

/** The record after `mark` at `at`: the earliest first sight and its upvotes stay. */
export function withMark(record: SeenRecord | undefined, mark: Pick<SeenMark, 'how' | 'upvotes'>, at: number): SeenRecord {
  const bit = mark.how === 'opened' ? SEEN_OPENED : SEEN_GLIMPSED;
  if (!record || record.how === 0) {
    // A paper dismissed before it was ever seen keeps its dismissal; its first sight is now.
    return { ...record, first: at, last: at, how: bit, upvotes: mark.upvotes };
  }
  return { ...record, first: Math.min(record.first, at), last: Math.max(record.last, at), how: record.how | bit, upvotes: record.upvotes ?? mark.upvotes };
}

/** Whether the reader has seen the paper (a dismissal alone is not a sighting). */
export const wasSeen = (record: SeenRecord | undefined): boolean => (record?.how ?? 0) !== 0;

/** A paper's upvotes grew a lot since it was first seen: at least doubled and 20 more. */
export function isRising(then: number | null, now: number | null): boolean {
  if (then === null || now === null) return false;
  return now >= 2 * then && now - then >= 20;
}
