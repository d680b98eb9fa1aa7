/**
 * The reading list as a whole (issue #5): a saved paper with its reading state, note and tags, and
 * the user's settings. Export, import and search all speak this shape, whatever the store's
 * internal layout.
 */
import { z } from 'zod';
import { Rule } from '../rules/rule';
import { SavedPaper, Tag, TagKey } from '../store/records';

export const PAPER_STATES = ['to-read', 'reading', 'done'] as const;
export const PaperState = z.enum(PAPER_STATES);
export type PaperState = z.infer<typeof PaperState>;

/** A note is plain text; 20,000 characters is pages of it. */
export const NOTE_MAX = 20_000;

export const LibraryPaper = SavedPaper.extend({
  state: PaperState.default('to-read'),
  note: z.string().max(NOTE_MAX).default(''),
  /** Keys of the paper's tags (see lib/tags/tag-name.ts). */
  tags: z.array(TagKey).max(200).default([]),
});
export type LibraryPaper = z.infer<typeof LibraryPaper>;

export const Settings = z.object({
  /** Opening a paper from the list moves it from "to read" to "reading". */
  openMarksReading: z.boolean().default(true),
  /** The toolbar badge counts the papers still to read. */
  badgeCountsToRead: z.boolean().default(true),
  /** Keyboard bindings that differ from the defaults: action → key. */
  keyBindings: z.record(z.string().max(40), z.string().max(40)).default({}),
});
export type Settings = z.infer<typeof Settings>;

/** Everything Paperlight stores, as one value: what a JSON export holds. */
export interface Library {
  papers: LibraryPaper[];
  tags: Tag[];
  rules: Rule[];
  settings: Settings;
}
