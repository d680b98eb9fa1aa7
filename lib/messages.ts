/**
 * The typed messages between content scripts / extension pages and the background, which owns the
 * database. Every message is validated with zod on arrival; anything else is refused.
 */
import { z } from 'zod';
import { LibraryPaper, NOTE_MAX, PaperState, Settings, SettingsPatch, type Library } from './library/model';
import { CheckedRule } from './rules/checked-rule';
import { Rule, RulePatch } from './rules/rule';
import { PaperId, PaperInput, PaperTags, SavedPaper, Tag, TagKey } from './store/records';
import type { RulesChange } from './store/rules';
import { CheckedTag } from './tags/checked-tag';
import type { DeletedTag, RenameResult, TagChange, TagWithCount } from './store/tags';

/** A rule as the editor sends it: the store gives it an id and a date, and checks the rest. */
const RuleDraft = Rule.omit({ id: true, createdAt: true }).partial().extend({ pattern: z.string().max(500) });

export const PageStatus = z.object({
  /** The page kind (`day`, `search`, `paper`, …). */
  kind: z.string().max(20),
  cards: z.number().int().nonnegative(),
  /** Papers the page's data blob lists, when it has one. */
  listed: z.number().int().nonnegative().nullable(),
  /** False when a listing settled with papers to show and none was recognised. */
  recognised: z.boolean(),
  /** The page the status is about: the popup shows it only while the tab is still there. */
  url: z.url({ protocol: /^https$/ }).max(4_000),
});
export type PageStatus = z.infer<typeof PageStatus>;

/** What the badge title and the popup say about a page whose cards Paperlight could not find. */
export const NOT_RECOGNISED = 'This page’s layout was not recognised';

export const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paper.save'), paper: PaperInput }),
  z.object({ type: z.literal('paper.remove'), id: PaperId }),
  z.object({ type: z.literal('papers.saved'), ids: z.array(PaperId).max(10_000) }),
  z.object({ type: z.literal('list.get') }),
  z.object({ type: z.literal('page.status'), status: PageStatus }),
  z.object({ type: z.literal('page.status.get'), tabId: z.number().int() }),
  z.object({ type: z.literal('papers.tags'), ids: z.array(PaperId).max(10_000) }),
  z.object({ type: z.literal('tags.get') }),
  // Names are checked by the tag rules in the background; this only bounds the size.
  z.object({ type: z.literal('tag.add'), paper: PaperInput, name: z.string().max(400) }),
  z.object({ type: z.literal('tag.remove'), id: PaperId, key: TagKey }),
  z.object({ type: z.literal('tag.rename'), key: TagKey, name: z.string().max(400), merge: z.boolean() }),
  z.object({ type: z.literal('tag.recolor'), key: TagKey, color: z.string().max(20) }),
  z.object({ type: z.literal('tag.delete'), key: TagKey }),
  z.object({ type: z.literal('tag.restore'), deleted: z.object({ tag: CheckedTag, papers: z.array(PaperTags).max(100_000) }) }),
  z.object({ type: z.literal('rules.get') }),
  z.object({ type: z.literal('rule.add'), rule: RuleDraft }),
  z.object({ type: z.literal('rule.update'), id: z.string().max(100), patch: RulePatch.extend({ pattern: z.string().max(500).optional() }) }),
  z.object({ type: z.literal('rule.delete'), id: z.string().max(100) }),
  z.object({ type: z.literal('rule.restore'), rule: Rule }),
  /** A page found a rule too slow: the background turns it off for every page. */
  z.object({ type: z.literal('rule.slow'), id: z.string().max(100), reason: z.string().max(500) }),
  // The reading list (issue #5). Extension pages only, but for notes (the cards show them).
  z.object({ type: z.literal('library.get') }),
  z.object({ type: z.literal('papers.state'), ids: z.array(PaperId).min(1).max(100_000), state: PaperState }),
  z.object({ type: z.literal('paper.note'), id: PaperId, note: z.string().max(NOTE_MAX) }),
  z.object({ type: z.literal('papers.removeMany'), ids: z.array(PaperId).min(1).max(100_000) }),
  /** Adds the tag `add` (a name) to, or takes the tag `remove` (a key) off, every paper of `ids`. */
  z
    .object({ type: z.literal('papers.tagMany'), ids: z.array(PaperId).min(1).max(100_000), add: z.string().max(400).optional(), remove: TagKey.optional() })
    .refine((message) => message.add !== undefined || message.remove !== undefined, 'Give a tag to add or to remove.'),
  /** The user opened a paper from the list: "to read" becomes "reading" (when the setting is on). */
  z.object({ type: z.literal('paper.opened'), id: PaperId }),
  z.object({ type: z.literal('papers.notes'), ids: z.array(PaperId).max(10_000) }),
  z.object({ type: z.literal('library.export') }),
  /** Replaces everything Paperlight stores by this library, in one transaction (an import, after
   * the user saw what it changes). */
  z.object({
    type: z.literal('library.replace'),
    library: z.object({
      papers: z.array(LibraryPaper).max(100_000),
      tags: z.array(CheckedTag).max(10_000),
      rules: z.array(CheckedRule).max(10_000),
      settings: Settings,
    }),
  }),
  /**
   * An import the user confirmed, sent in chunks (a library can be larger than one message may be):
   * begun with the library version its preview was worked out from, its records in chunks, then
   * committed: the background checks all of it (checkLibrary), writes it in one transaction if the
   * library is still at that version, and tells every view. Records are checked at the commit.
   */
  z.object({ type: z.literal('library.import.begin'), importId: z.string().min(1).max(100), expectedVersion: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('library.import.chunk'),
    importId: z.string().min(1).max(100),
    /** 0, 1, 2…: the commit takes only an import whose every chunk arrived, in order. */
    index: z.number().int().nonnegative(),
    papers: z.array(z.unknown()).max(100_000).optional(),
    tags: z.array(z.unknown()).max(10_000).optional(),
    rules: z.array(z.unknown()).max(10_000).optional(),
    settings: z.unknown().optional(),
  }),
  z.object({ type: z.literal('library.import.commit'), importId: z.string().min(1).max(100), chunks: z.number().int().nonnegative() }),
  /** Opens a paper page in a new tab (the keyboard's Shift+O: in the background). */
  z.object({ type: z.literal('tab.open'), url: z.url().regex(/^https:\/\/huggingface\.co\/papers\//).max(200), active: z.boolean() }),
  z.object({ type: z.literal('settings.get') }),
  z.object({ type: z.literal('settings.set'), settings: SettingsPatch }),
  /** Papers on a page that auto-tag rules matched. */
  z.object({
    type: z.literal('rules.tag'),
    entries: z.array(z.object({ paper: PaperInput, rule: z.string().max(100) })).max(10_000),
  }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];

/** What each request answers with. */
export interface Responses {
  'paper.save': SavedPaper;
  'paper.remove': { removed: boolean };
  'papers.saved': string[];
  'list.get': { papers: SavedPaper[]; skipped: number };
  'page.status': null;
  'page.status.get': PageStatus | null;
  'papers.tags': Record<string, string[]>;
  'tags.get': TagWithCount[];
  'tag.add': TagChange;
  'tag.remove': TagChange;
  'tag.rename': RenameResult;
  'tag.recolor': TagChange;
  'tag.delete': TagChange & { deleted: DeletedTag };
  'tag.restore': TagChange;
  'rules.get': Rule[];
  'rule.add': RulesChange & { rule: Rule };
  'rule.update': RulesChange & { rule: Rule };
  'rule.delete': RulesChange & { deleted: Rule };
  'rule.restore': RulesChange & { rule: Rule };
  'rule.slow': null;
  'rules.tag': null;
  'library.get': { papers: LibraryPaper[]; tags: TagWithCount[]; settings: Settings; skipped: number };
  'papers.state': { changed: number };
  'paper.note': SavedPaper;
  'papers.removeMany': { removed: number };
  'papers.tagMany': TagChange;
  'paper.opened': SavedPaper | null;
  'papers.notes': Record<string, string>;
  'library.export': Library;
  'library.replace': { papers: number; tags: number; rules: number; version: number };
  'library.import.begin': null;
  'library.import.chunk': null;
  /** `changed`: the library is no longer at the version the preview was worked out from; nothing was written. */
  'library.import.commit': { imported: { papers: number; tags: number; rules: number; version: number } } | { changed: true };
  'tab.open': null;
  'settings.get': Settings;
  'settings.set': Settings;
}

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

const TagWithCountSchema = Tag.extend({ count: z.number().int().nonnegative() });

/** Sent by the background to every open view after any change. */
export const Broadcast = z.discriminatedUnion('type', [
  z.object({ type: z.literal('papers.changed'), saved: z.array(SavedPaper), removed: z.array(PaperId) }),
  // Every tag definition (there are few), and the papers whose tags changed.
  z.object({
    type: z.literal('tags.changed'),
    tags: z.array(TagWithCountSchema),
    papers: z.array(z.object({ id: PaperId, tags: z.array(TagKey) })),
  }),
  // Everything may have changed (an import replaced the library): views read it again.
  z.object({ type: z.literal('library.changed') }),
  z.object({ type: z.literal('settings.changed'), settings: Settings }),
]);
export type Broadcast = z.infer<typeof Broadcast>;
export type LibraryChanged = Extract<Broadcast, { type: 'library.changed' }>;
export type PapersChanged = Extract<Broadcast, { type: 'papers.changed' }>;
export type TagsChanged = Extract<Broadcast, { type: 'tags.changed' }>;

/** A readable one-line reason for a rejected message (an unknown type's, which lists every type
 * there is, cut short). */
export function describeError(error: z.ZodError): string {
  const short = (text: string) => (text.length > 240 ? `${text.slice(0, 240)}…` : text);
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'message'}: ${short(issue.message)}`)
    .join('; ');
}
