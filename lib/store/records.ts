/** Everything Paperlight stores, as zod schemas: records are validated on the way in and out. */
import { z } from 'zod';
import { ARXIV_ID } from '../site/page-kind';

export const PaperId = z.string().regex(ARXIV_ID, 'not an arXiv id (YYMM.NNNNN)');

const shortText = z.string().max(2_000);

/** What a content script knows about a paper when the user acts on it. */
export const PaperInput = z.object({
  id: PaperId,
  title: z.string().trim().min(1).max(1_000),
  authors: z.array(shortText).max(5_000),
  abstract: z.string().max(20_000).nullable(),
  /** arXiv publication date (ISO), when the page says. */
  publishedAt: z.string().max(40).nullable(),
  organization: z.object({ name: shortText, fullname: shortText.nullable() }).nullable(),
  upvotes: z.number().int().nonnegative().nullable(),
  /** The page the paper was saved from. */
  sourceUrl: z.url({ protocol: /^https$/ }).max(2_000),
});
export type PaperInput = z.infer<typeof PaperInput>;

/** A paper in the reading list. */
export const SavedPaper = PaperInput.extend({
  /** Epoch milliseconds. */
  savedAt: z.number().int().nonnegative(),
});
export type SavedPaper = z.infer<typeof SavedPaper>;
