/** Everything Paperlight stores, as zod schemas: records are validated on the way in and out. */
import { z } from 'zod';
import { ARXIV_ID } from '../site/page-kind';

export const PaperId = z.string().regex(ARXIV_ID, 'not an arXiv id (YYMM.NNNNN)');

/** Size limits of a stored paper; content scripts clamp page data to them before saving. */
export const LIMITS = { title: 1_000, shortText: 2_000, authors: 5_000, abstract: 20_000, date: 40, url: 2_000 } as const;

const shortText = z.string().max(LIMITS.shortText);

/** What a content script knows about a paper when the user acts on it. */
export const PaperInput = z.object({
  id: PaperId,
  title: z.string().trim().min(1).max(LIMITS.title),
  authors: z.array(shortText).max(LIMITS.authors),
  abstract: z.string().max(LIMITS.abstract).nullable(),
  /** arXiv publication date (ISO), when the page says. */
  publishedAt: z.string().max(LIMITS.date).nullable(),
  organization: z.object({ name: shortText, fullname: shortText.nullable() }).nullable(),
  upvotes: z.number().int().nonnegative().nullable(),
  /** The page the paper was saved from. */
  sourceUrl: z.url({ protocol: /^https$/ }).max(LIMITS.url),
});
export type PaperInput = z.infer<typeof PaperInput>;

/**
 * Where a saved paper is in the user's reading (issue #5). Defined here, not in library/model.ts,
 * because that module builds on SavedPaper: importing it back would be a cycle. The model uses the
 * same values.
 */
export const PAPER_STATES = ['to-read', 'reading', 'done'] as const;
export const PaperState = z.enum(PAPER_STATES);
export type PaperState = z.infer<typeof PaperState>;

/** A note is plain text; 20,000 characters is pages of it. */
export const NOTE_MAX = 20_000;

/** A paper in the reading list. Records from before states and notes (v4) parse with the defaults. */
export const SavedPaper = PaperInput.extend({
  /** Epoch milliseconds. */
  savedAt: z.number().int().nonnegative(),
  state: PaperState.default('to-read'),
  note: z.string().max(NOTE_MAX).default(''),
  /** When the state last changed (epoch ms); absent until it first does. */
  stateChangedAt: z.number().int().nonnegative().nullable().optional(),
});
export type SavedPaper = z.infer<typeof SavedPaper>;

/** A tag's identity: its case-folded name (see lib/tags/tag-name.ts). */
export const TagKey = z.string().min(1).max(200);

/** A tag the user made. */
export const Tag = z.object({
  key: TagKey,
  /** The first spelling the user typed (or the one they renamed it to). */
  name: z.string().min(1).max(200),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'not a #rrggbb colour'),
  createdAt: z.number().int().nonnegative(),
});
export type Tag = z.infer<typeof Tag>;

/** The tags of one paper, with what the page said about it (tagging does not save a paper, but
 * the reading list can still show it). */
export const PaperTags = z.object({
  id: PaperId,
  /** Every tag the paper shows: the user's own and those rules gave it (indexed, multiEntry). */
  tags: z.array(TagKey).max(200),
  paper: PaperInput,
  /** The tags the user gave by hand; absent on records from before rules, where all were. */
  manual: z.array(TagKey).max(200).optional(),
  /** Tags keyword rules gave, with the rule: removing a rule removes exactly these. */
  auto: z.array(z.object({ key: TagKey, rule: z.string().max(100) })).max(400).optional(),
  /** The rules of `auto`, for the index that finds a rule's papers. */
  autoRules: z.array(z.string().max(100)).max(400).optional(),
  /** Rules whose tag the user removed from this paper: they do not add it again. */
  dismissed: z.array(z.string().max(100)).max(1_000).optional(),
});
export type PaperTags = z.infer<typeof PaperTags>;
