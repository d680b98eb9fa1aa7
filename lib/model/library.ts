/**
 * The reading list as a whole (issue #5): a saved paper with its reading state, note and tags, and
 * the user's settings. Export, import and search all speak this shape, whatever the store's
 * internal layout.
 */
import * as z from 'zod/mini';
import { bindingsProblem } from './key-bindings';
import { checked } from './checked';
import { Rule } from './rule';
import { NOTE_MAX, PaperId, PaperState, SavedPaper, Tag, TagKey } from './records';
import type { SeenRecord } from './seen';
import { PaperTextSchema } from './paper-text';

// Reading states and the note limit are part of a saved paper's record (the store's schema).
export { NOTE_MAX, PAPER_STATES, PaperState } from './records';

export const LibraryPaper = z.extend(SavedPaper, {
  state: z._default(PaperState, 'to-read'),
  note: z._default(checked(z.string(), z.maxLength(NOTE_MAX)), ''),
  /** Keys of the paper's tags (see lib/tags/tag-name.ts). */
  tags: z._default(checked(z.array(TagKey), z.maxLength(200)), []),
});
export type LibraryPaper = z.infer<typeof LibraryPaper>;

/** An action's name or a key, in the bindings. */
const BindingKey = checked(z.string(), z.maxLength(40));

/** Keyboard bindings that differ from the defaults (action → key), as the key editor makes them. */
export const KeyBindings = checked(
  z.record(BindingKey, BindingKey),
  z.superRefine((overrides, ctx) => {
    const problem = bindingsProblem(overrides);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/** The seen ledger's memory, in days: a month to ten years. */
export const SEEN_DAYS = [30, 90, 365, 3650] as const;
const SeenDays = checked(z.int(), z.minimum(1), z.maximum(3650));
/** The listing kinds "Only new" is remembered for (lib/site/page-kind.ts). */
export const ONLY_NEW_VIEWS = ['day', 'week', 'month', 'trending', 'search'] as const;
const OnlyNewViews = checked(z.array(z.enum(ONLY_NEW_VIEWS)), z.maxLength(ONLY_NEW_VIEWS.length));

export const Settings = z.object({
  /** Opening a paper from the list moves it from "to read" to "reading". */
  openMarksReading: z._default(z.boolean(), true),
  /** The toolbar badge counts the papers still to read. */
  badgeCountsToRead: z._default(z.boolean(), true),
  /** Keyboard bindings that differ from the defaults: action → key. */
  keyBindings: z._default(KeyBindings, {}),
  /** Cards say which papers are new to the reader and which were seen (issue #16). */
  seenMarks: z._default(z.boolean(), true),
  /** Seen cards are dimmed a little. */
  dimSeen: z._default(z.boolean(), true),
  /** How many days the seen ledger remembers a paper after it was last seen. */
  seenDays: z._default(SeenDays, 365),
  /** The keyboard's `x` dismisses a paper for good: folded on every view and visit, until undone. */
  lastingDismiss: z._default(z.boolean(), true),
  /** The kinds of view (day, week, …) that show only new papers: the filter bar's "Only new". */
  onlyNew: z._default(OnlyNewViews, []),
});
export type Settings = z.infer<typeof Settings>;

/** A change to some settings: only what is given (no defaults, which would reset the others). */
export const SettingsPatch = z.object({
  openMarksReading: z.optional(z.boolean()),
  badgeCountsToRead: z.optional(z.boolean()),
  keyBindings: z.optional(KeyBindings),
  seenMarks: z.optional(z.boolean()),
  dimSeen: z.optional(z.boolean()),
  seenDays: z.optional(SeenDays),
  onlyNew: z.optional(OnlyNewViews),
  lastingDismiss: z.optional(z.boolean()),
});

const Time = checked(z.number(), z.nonnegative());

/**
 * What the "For you" model (issue #17) needs from a backup to be rebuilt from it: the suggestions
 * the reader rejected, where learning starts (a reset), and the text of each paper dismissed for
 * good (its strong negatives; the seen ledger says when). The texts of papers merely seen (the weak
 * negatives, thousands of them) are NOT in a backup: they are only what the reader scrolled past,
 * they are bounded and replaced as the reader browses, and a model rebuilt without them is only
 * a little less sure until the next days' listings bring new ones.
 */
export const RankingBackup = z.object({
  /** Learning starts after this (epoch ms); null: from the beginning. */
  resetAt: z.nullable(Time),
  /** The tags by hand each paper had at the reset: only tags given after it teach the model. */
  taggedAtReset: z.optional(checked(z.record(PaperId, checked(z.array(TagKey), z.maxLength(200))), z.refine((tagged) => Object.keys(tagged).length <= 200_000, 'at most 200,000 papers'))),
  /** A tag suggested on a paper and rejected: a negative for that tag's model. */
  rejected: checked(z.array(z.object({ tag: TagKey, id: PaperId, at: Time, text: PaperTextSchema })), z.maxLength(100_000)),
  /** The text of papers dismissed for good, as the page showed it when they were dismissed. */
  dismissed: checked(z.array(z.object({ id: PaperId, at: Time, text: PaperTextSchema })), z.maxLength(200_000)),
});
export type RankingBackup = z.infer<typeof RankingBackup>;

/** Two backups' ranking sections as one (a merge import): every rejection and dismissed text of
 * both (the incoming text of a paper both have wins: it is the same paper), and the later reset. */
export function mergeRanking(ours: RankingBackup | undefined, theirs: RankingBackup): RankingBackup {
  if (!ours) return theirs;
  const rejected = new Map(ours.rejected.map((entry) => [`${entry.tag}\u0000${entry.id}`, entry]));
  for (const entry of theirs.rejected) {
    const key = `${entry.tag}\u0000${entry.id}`;
    if (!rejected.has(key) || rejected.get(key)!.at < entry.at) rejected.set(key, entry);
  }
  const dismissed = new Map(ours.dismissed.map((entry) => [entry.id, entry]));
  for (const entry of theirs.dismissed) dismissed.set(entry.id, { ...entry, at: Math.max(entry.at, dismissed.get(entry.id)?.at ?? 0) });
  const later = (ours.resetAt ?? -1) >= (theirs.resetAt ?? -1) ? ours : theirs;
  return {
    resetAt: later.resetAt,
    ...(later.taggedAtReset && { taggedAtReset: later.taggedAtReset }),
    rejected: [...rejected.values()],
    dismissed: [...dismissed.values()],
  };
}

/** Everything Paperlight stores, as one value: what a JSON export holds. */
export interface Library {
  papers: LibraryPaper[];
  tags: Tag[];
  rules: Rule[];
  settings: Settings;
  /** The seen ledger (issue #16), by paper id. Absent in an import: the ledger stays as it is. */
  seen?: Record<string, SeenRecord>;
  /** What the "For you" model needs to be rebuilt (issue #17). Absent in an import: it stays as it is. */
  ranking?: RankingBackup;
}
