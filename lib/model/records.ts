/** Everything Paperlight stores, as zod schemas: records are validated on the way in and out.
 * zod/mini, because the content script imports them (its bundle stays small). */
import * as z from 'zod/mini';
import { checked } from './checked';
import { ARXIV_ID } from './arxiv-id';
// Apart (zod-free), so that content scripts can clamp page data without carrying the schemas.
import { LIMITS, NOTE_MAX } from './limits';

export { LIMITS, NOTE_MAX };

export const PaperId = checked(z.string(), z.regex(ARXIV_ID, 'not an arXiv id (YYMM.NNNNN)'));

const shortText = checked(z.string(), z.maxLength(LIMITS.shortText));

/** An https URL: a host, then a path, query or fragment, no spaces anywhere. A pattern rather
 * than z.url: reading 10,000 saved papers spent a third of its checks parsing their URLs. What
 * Paperlight stores always passes: a page's location.href, or the paper page an import points to. */
const HTTPS_URL = /^https:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;

/** What a content script knows about a paper when the user acts on it. */
export const PaperInput = z.object({
  id: PaperId,
  title: checked(z.string(), z.trim(), z.minLength(1), z.maxLength(LIMITS.title)),
  authors: checked(z.array(shortText), z.maxLength(LIMITS.authors)),
  abstract: z.nullable(checked(z.string(), z.maxLength(LIMITS.abstract))),
  /** arXiv publication date (ISO), when the page says. */
  publishedAt: z.nullable(checked(z.string(), z.maxLength(LIMITS.date))),
  organization: z.nullable(z.object({ name: shortText, fullname: z.nullable(shortText) })),
  upvotes: z.nullable(checked(z.int(), z.nonnegative())),
  /** The page the paper was saved from. */
  sourceUrl: checked(z.string(), z.maxLength(LIMITS.url), z.regex(HTTPS_URL, 'not an https URL')),
});
export type PaperInput = z.infer<typeof PaperInput>;

/** Where a saved paper is in the user's reading (issue #5). */
export const PAPER_STATES = ['to-read', 'reading', 'done'] as const;
export const PaperState = z.enum(PAPER_STATES);
export type PaperState = z.infer<typeof PaperState>;


/** A paper in the reading list. Records from before states and notes (v4) parse with the defaults. */
export const SavedPaper = z.extend(PaperInput, {
  /** Epoch milliseconds. */
  savedAt: checked(z.int(), z.nonnegative()),
  state: z._default(PaperState, 'to-read'),
  note: z._default(checked(z.string(), z.maxLength(NOTE_MAX)), ''),
  /** When the state last changed (epoch ms); absent until it first does. */
  stateChangedAt: z.optional(z.nullable(checked(z.int(), z.nonnegative()))),
  /** Saved on another device and synced here: the title is the arXiv id until the paper's details
   * are read (from a page that shows it, or the site's API). Absent on every other record. */
  detailsPending: z.optional(z.literal(true)),
});
export type SavedPaper = z.infer<typeof SavedPaper>;

/** A tag's identity: its case-folded name (see lib/tags/tag-name.ts). */
export const TagKey = checked(z.string(), z.minLength(1), z.maxLength(200));

/** A tag the user made. */
export const Tag = z.object({
  key: TagKey,
  /** The first spelling the user typed (or the one they renamed it to). */
  name: checked(z.string(), z.minLength(1), z.maxLength(200)),
  color: checked(z.string(), z.regex(/^#[0-9a-f]{6}$/i, 'not a #rrggbb colour')),
  createdAt: checked(z.int(), z.nonnegative()),
});
export type Tag = z.infer<typeof Tag>;

/** The tags of one paper, with what the page said about it (tagging does not save a paper, but
 * the reading list can still show it). */
export const PaperTags = z.object({
  id: PaperId,
  /** Every tag the paper shows: the user's own and those rules gave it (indexed, multiEntry). */
  tags: checked(z.array(TagKey), z.maxLength(200)),
  paper: PaperInput,
  /** The tags the user gave by hand; absent on records from before rules, where all were. */
  manual: z.optional(checked(z.array(TagKey), z.maxLength(200))),
  /** Tags keyword rules gave, with the rule: removing a rule removes exactly these. */
  auto: z.optional(checked(z.array(z.object({ key: TagKey, rule: checked(z.string(), z.maxLength(100)) })), z.maxLength(400))),
  /** The rules of `auto`, for the index that finds a rule's papers. */
  autoRules: z.optional(checked(z.array(checked(z.string(), z.maxLength(100))), z.maxLength(400))),
  /** Rules whose tag the user removed from this paper: they do not add it again. */
  dismissed: z.optional(checked(z.array(checked(z.string(), z.maxLength(100))), z.maxLength(1_000))),
});
export type PaperTags = z.infer<typeof PaperTags>;
