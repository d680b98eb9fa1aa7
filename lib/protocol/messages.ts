/**
 * The typed messages between content scripts / extension pages and the background, which owns the
 * database. Every message is validated with zod on arrival; anything else is refused. (zod/mini: the content
 * script imports the broadcasts' schemas, and mini keeps its bundle small.)
 */
import * as z from 'zod/mini';
import { checked } from '../model/checked';
import { LibraryPaper, NOTE_MAX, ONLY_NEW_VIEWS, PaperState, Settings, SettingsPatch, type Library } from '../model/library';
import { CheckedRule } from '../rules/checked-rule';
import { Rule, RulePatch } from '../model/rule';
import { PaperId, PaperInput, PaperTags, SavedPaper, Tag, TagKey } from '../model/records';
import type { RulesChange } from '../model/changes';
import type { SnapshotEntry } from '../model/snapshot';
import type { SyncStatus } from '../model/sync-status';
import { SeenMark, SeenRecord } from '../model/seen';
import { CheckedTag } from '../tags/checked-tag';
import { PaperTextSchema } from '../model/paper-text';
import type { RankScores, RankState, RankSummary } from '../ranking/page-model';
import type { DeletedTag, RenameResult, TagChange, TagWithCount } from '../model/changes';

/** A rule as the editor sends it: the store gives it an id and a date, and checks the rest. */
const RuleDraft = z.extend(z.partial(z.omit(Rule, { id: true, createdAt: true })), { pattern: checked(z.string(), z.maxLength(500)) });

/** Paper ids, `min` to `max` of them. */
const ids = (min: number, max: number) => checked(z.array(PaperId), z.minLength(min), z.maxLength(max));

export const PageStatus = z.object({
  /** The page kind (`day`, `search`, `paper`, …). */
  kind: checked(z.string(), z.maxLength(20)),
  cards: checked(z.int(), z.nonnegative()),
  /** Papers the page's data blob lists, when it has one. */
  listed: z.nullable(checked(z.int(), z.nonnegative())),
  /** False when a listing settled with papers to show and none was recognised. */
  recognised: z.boolean(),
  /** The page the status is about: the popup shows it only while the tab is still there. */
  url: checked(z.url({ protocol: /^https$/ }), z.maxLength(4_000)),
});
export type PageStatus = z.infer<typeof PageStatus>;

/** What the badge title and the popup say about a page whose cards Paperlight could not find. */
export const NOT_RECOGNISED = 'This page’s layout was not recognised';

/** Names one import's chunks (made by the page that sends them). */
const ImportId = checked(z.string(), z.minLength(1), z.maxLength(100));

export const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paper.save'), paper: PaperInput }),
  z.object({ type: z.literal('paper.remove'), id: PaperId }),
  z.object({ type: z.literal('papers.saved'), ids: ids(0, 10_000) }),
  z.object({ type: z.literal('list.get') }),
  z.object({ type: z.literal('page.status'), status: PageStatus }),
  z.object({ type: z.literal('page.status.get'), tabId: z.int() }),
  z.object({ type: z.literal('papers.tags'), ids: ids(0, 10_000) }),
  z.object({ type: z.literal('tags.get') }),
  // Names are checked by the tag rules in the background; this only bounds the size.
  z.object({ type: z.literal('tag.add'), paper: PaperInput, name: checked(z.string(), z.maxLength(400)) }),
  z.object({ type: z.literal('tag.remove'), id: PaperId, key: TagKey }),
  z.object({ type: z.literal('tag.rename'), key: TagKey, name: checked(z.string(), z.maxLength(400)), merge: z.boolean() }),
  z.object({ type: z.literal('tag.recolor'), key: TagKey, color: checked(z.string(), z.maxLength(20)) }),
  z.object({ type: z.literal('tag.delete'), key: TagKey }),
  z.object({ type: z.literal('tag.restore'), deleted: z.object({ tag: CheckedTag, papers: checked(z.array(PaperTags), z.maxLength(100_000)) }) }),
  z.object({ type: z.literal('rules.get') }),
  z.object({ type: z.literal('rule.add'), rule: RuleDraft }),
  z.object({ type: z.literal('rule.update'), id: checked(z.string(), z.maxLength(100)), patch: z.extend(RulePatch, { pattern: z.optional(checked(z.string(), z.maxLength(500))) }) }),
  z.object({ type: z.literal('rule.delete'), id: checked(z.string(), z.maxLength(100)) }),
  z.object({ type: z.literal('rule.restore'), rule: Rule }),
  /** A page found a rule too slow: the background turns it off for every page. */
  z.object({ type: z.literal('rule.slow'), id: checked(z.string(), z.maxLength(100)), reason: checked(z.string(), z.maxLength(500)) }),
  // The reading list (issue #5). Extension pages only, but for notes (the cards show them).
  z.object({ type: z.literal('papers.state'), ids: ids(1, 100_000), state: PaperState }),
  z.object({ type: z.literal('paper.note'), id: PaperId, note: checked(z.string(), z.maxLength(NOTE_MAX)) }),
  z.object({ type: z.literal('papers.removeMany'), ids: ids(1, 100_000) }),
  /** Adds the tag `add` (a name) to, or takes the tag `remove` (a key) off, every paper of `ids`. */
  checked(
    z.object({ type: z.literal('papers.tagMany'), ids: ids(1, 100_000), add: z.optional(checked(z.string(), z.maxLength(400))), remove: z.optional(TagKey) }),
    z.refine((message) => message.add !== undefined || message.remove !== undefined, 'Give a tag to add or to remove.'),
  ),
  /** The user opened a paper from the list: "to read" becomes "reading" (when the setting is on). */
  z.object({ type: z.literal('paper.opened'), id: PaperId }),
  z.object({ type: z.literal('papers.notes'), ids: ids(0, 10_000) }),
  z.object({ type: z.literal('library.export') }),
  /** Replaces everything Paperlight stores by this library, in one transaction (an import, after
   * the user saw what it changes). */
  z.object({
    type: z.literal('library.replace'),
    library: z.object({
      papers: checked(z.array(LibraryPaper), z.maxLength(100_000)),
      tags: checked(z.array(CheckedTag), z.maxLength(10_000)),
      rules: checked(z.array(CheckedRule), z.maxLength(10_000)),
      settings: Settings,
    }),
  }),
  /**
   * An import the user confirmed, sent in chunks (a library can be larger than one message may be):
   * begun with the library version its preview was worked out from, its records in chunks, then
   * committed: the background checks all of it (checkLibrary), writes it in one transaction if the
   * library is still at that version, and tells every view. Records are checked at the commit.
   */
  z.object({ type: z.literal('library.import.begin'), importId: ImportId, expectedVersion: checked(z.int(), z.nonnegative()) }),
  z.object({
    type: z.literal('library.import.chunk'),
    importId: ImportId,
    /** 0, 1, 2…: the commit takes only an import whose every chunk arrived, in order. */
    index: checked(z.int(), z.nonnegative()),
    papers: z.optional(checked(z.array(z.unknown()), z.maxLength(100_000))),
    tags: z.optional(checked(z.array(z.unknown()), z.maxLength(10_000))),
    rules: z.optional(checked(z.array(z.unknown()), z.maxLength(10_000))),
    settings: z.optional(z.unknown()),
    /** The seen ledger by paper id (each record checked at the commit). */
    seen: z.optional(checked(z.record(z.string(), z.unknown()), z.refine((seen) => Object.keys(seen).length <= 200_000, 'at most 200,000 seen papers'))),
    /** What the "For you" model is rebuilt from (RankingBackup, checked at the commit). */
    ranking: z.optional(z.unknown()),
  }),
  z.object({ type: z.literal('library.import.commit'), importId: ImportId, chunks: checked(z.int(), z.nonnegative()) }),
  /** Replaces the library with snapshot `id` (lib/background/snapshot-keeper.ts), after taking a
   * snapshot of it as it is, if it is still at `expectedVersion` (the preview's). */
  z.object({ type: z.literal('snapshot.restore'), id: checked(z.int(), z.positive()), expectedVersion: z.optional(checked(z.int(), z.nonnegative())) }),
  /** A page needs the rule engine now (its first rule was added while it was open): the
   * background runs the rules chunk in that page (lib/background/page-scripts.ts). */
  z.object({ type: z.literal('rules.load') }),
  /** Opens a paper page in a new tab (the keyboard's Shift+O: in the background). */
  z.object({ type: z.literal('tab.open'), url: checked(z.url(), z.regex(/^https:\/\/huggingface\.co\/papers\//), z.maxLength(200)), active: z.boolean() }),
  z.object({ type: z.literal('settings.get') }),
  z.object({ type: z.literal('settings.set'), settings: SettingsPatch }),
  /** Sync (issue #15): what it does now, and turning it on or off. Extension pages only. */
  z.object({ type: z.literal('sync.status') }),
  z.object({ type: z.literal('sync.set'), enabled: z.boolean() }),
  /** The seen ledger (issue #16): what the reader saw of these papers, and a page's batch of
   * papers it saw. */
  z.object({ type: z.literal('seen.get'), ids: ids(0, 10_000) }),
  z.object({ type: z.literal('seen.mark'), marks: checked(z.array(SeenMark), z.minLength(1), z.maxLength(2_000)) }),
  /** Forgets every paper seen and dismissed (the options page; a snapshot holds them first). */
  z.object({ type: z.literal('seen.clear') }),
  /** Papers dismissed for good (the keyboard's `x`), or that dismissal taken back. */
  z.object({
    type: z.literal('seen.dismiss'),
    ids: ids(1, 1_000),
    dismissed: z.boolean(),
    /** The dismissed papers' text, as the page shows it: the "For you" model's strong negatives. */
    texts: z.optional(checked(z.record(PaperId, PaperTextSchema), z.refine((texts) => Object.keys(texts).length <= 1_000, 'at most 1,000 papers'))),
  }),
  /** "For you" (issue #17): the model a page scores with, or how far it is from ready. */
  z.object({ type: z.literal('rank.model') }),
  /** A page's cards to score For you: each paper's text and its tags (not to be suggested). */
  z.object({
    type: z.literal('rank.score'),
    papers: checked(
      z.record(PaperId, z.object({ text: PaperTextSchema, tags: checked(z.array(TagKey), z.maxLength(200)) })),
      z.refine((papers) => Object.keys(papers).length <= 200, 'at most 200 papers'),
    ),
  }),
  /** A suggested tag the reader rejected on a paper: a negative for that tag's model. */
  z.object({ type: z.literal('rank.reject'), id: PaperId, tag: TagKey, text: PaperTextSchema }),
  /** What the model learned (the options page). */
  z.object({ type: z.literal('rank.summary') }),
  /** Learning starts again from now; `rank.unreset` puts the previous start back (undo). */
  z.object({ type: z.literal('rank.reset') }),
  z.object({ type: z.literal('rank.unreset'), resetAt: z.nullable(checked(z.number(), z.nonnegative())) }),
  /** "Only new" turned on or off for a kind of view (a page's filter bar; remembered in the settings). */
  z.object({ type: z.literal('view.onlyNew'), kind: z.enum(ONLY_NEW_VIEWS), on: z.boolean() }),
  /** Puts these papers' records back as they were (null: none), undoing "Mark all as seen". */
  z.object({ type: z.literal('seen.restore'), records: checked(z.record(PaperId, z.nullable(SeenRecord)), z.refine((records) => Object.keys(records).length <= 10_000, 'at most 10,000 papers')) }),
  /** Papers on a page that auto-tag rules matched. */
  z.object({
    type: z.literal('rules.tag'),
    entries: checked(z.array(z.object({ paper: PaperInput, rule: checked(z.string(), z.maxLength(100)) })), z.maxLength(10_000)),
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
  /** `changed`: as for an import; `undo`: the snapshot taken of the library just before. */
  'snapshot.restore': { restored: { papers: number; tags: number; rules: number; version: number }; undo: SnapshotEntry } | { changed: true };
  'tab.open': null;
  'rules.load': null;
  'settings.get': Settings;
  'settings.set': Settings;
  'sync.status': SyncStatus;
  'sync.set': SyncStatus;
  'seen.get': Record<string, SeenRecord>;
  'seen.mark': null;
  'seen.restore': null;
  'seen.dismiss': null;
  'seen.clear': { forgotten: number };
  'view.onlyNew': Settings;
  'rank.model': RankState;
  'rank.score': RankScores;
  'rank.reject': null;
  'rank.summary': RankSummary;
  /** `resetAt`: the start before this reset, for `rank.unreset`. */
  'rank.reset': { resetAt: number | null };
  'rank.unreset': null;
}

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

const TagWithCountSchema = z.extend(Tag, { count: checked(z.int(), z.nonnegative()) });

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
  // A snapshot was taken (or let go): the Data section lists them again.
  z.object({ type: z.literal('snapshots.changed') }),
  // Papers dismissed for good, or brought back (every tab folds or unfolds them).
  z.object({ type: z.literal('seen.dismissed'), ids: z.array(PaperId), dismissed: z.boolean() }),
  // Sync's status moved (a sync ran, waits, or was turned on or off): the options page asks again.
  z.object({ type: z.literal('sync.changed') }),
  // The "For you" model was trained again (or reset): pages ask for it again.
  z.object({ type: z.literal('rank.changed'), trainedAt: z.nullable(z.number()) }),
  // A new background worker started: a change the old one made may have been announced to some
  // views only (it stopped mid-broadcast), so views check what they show against the store.
  z.object({ type: z.literal('background.started') }),
]);
export type Broadcast = z.infer<typeof Broadcast>;
export type LibraryChanged = Extract<Broadcast, { type: 'library.changed' }>;
export type PapersChanged = Extract<Broadcast, { type: 'papers.changed' }>;
export type TagsChanged = Extract<Broadcast, { type: 'tags.changed' }>;

