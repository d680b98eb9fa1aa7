/**
 * The reading list as a whole (issue #5): a saved paper with its reading state, note and tags, and
 * the user's settings. Export, import and search all speak this shape, whatever the store's
 * internal layout.
 */
import { z } from 'zod';
import { bindingsProblem } from '../keyboard/bindings';
import { Rule } from '../rules/rule';
import { NOTE_MAX, PaperState, SavedPaper, Tag, TagKey } from '../store/records';

// Reading states and the note limit are part of a saved paper's record (the store's schema).
export { NOTE_MAX, PAPER_STATES, PaperState } from '../store/records';

export const LibraryPaper = SavedPaper.extend({
  state: PaperState.default('to-read'),
  note: z.string().max(NOTE_MAX).default(''),
  /** Keys of the paper's tags (see lib/tags/tag-name.ts). */
  tags: z.array(TagKey).max(200).default([]),
});
export type LibraryPaper = z.infer<typeof LibraryPaper>;

/** Keyboard bindings that differ from the defaults (action → key), as the key editor makes them. */
export const KeyBindings = z.record(z.string().max(40), z.string().max(40)).superRefine((overrides, ctx) => {
  const problem = bindingsProblem(overrides);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const Settings = z.object({
  /** Opening a paper from the list moves it from "to read" to "reading". */
  openMarksReading: z.boolean().default(true),
  /** The toolbar badge counts the papers still to read. */
  badgeCountsToRead: z.boolean().default(true),
  /** Keyboard bindings that differ from the defaults: action → key. */
  keyBindings: KeyBindings.default({}),
});
export type Settings = z.infer<typeof Settings>;

/** A change to some settings: only what is given (no defaults, which would reset the others). */
export const SettingsPatch = z.object({
  openMarksReading: z.boolean().optional(),
  badgeCountsToRead: z.boolean().optional(),
  keyBindings: KeyBindings.optional(),
});

/** Everything Paperlight stores, as one value: what a JSON export holds. */
export interface Library {
  papers: LibraryPaper[];
  tags: Tag[];
  rules: Rule[];
  settings: Settings;
}
