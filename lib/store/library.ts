/**
 * The reading list as a whole (issue #5): reading states and notes, changes to many papers at once,
 * and the library read, exported and replaced in one go. Each operation is one transaction.
 */
import type { IDBPDatabase } from 'idb';
import { z } from 'zod';
import { omit } from 'zod/mini';
import { describeIssues } from '../model/describe-issues';
import { LibraryPaper, RankingBackup, Settings, type Library } from '../model/library';
import { Rule } from '../model/rule';
import { CheckedRule, twinMessage, twinOf } from '../rules/checked-rule';
import { CheckedTag } from '../tags/checked-tag';
import { pickColor } from '../tags/colors';
import { normalizeTagName } from '../tags/tag-name';
import type { PaperlightDB } from './database';
import { deletePaper, joinPaper, loadPapers, putPaper } from './papers';
import { NOTE_MAX, PaperInput, PaperTags, SavedPaper, Tag, type PaperState } from '../model/records';
import type { FirstPageRecords, WholeListRecords } from './first-page-records';
import { SETTINGS_KEY, settingsFrom, settingsIn } from './settings';
import { SUMMARY_KEY, Summary, newestFirst, placed, readLibraryStores, readSummary, writeLibrary, type WriteOptions } from './shards';
import { TagError, checkedTagRecord, composeTags, manualOf, putTags, withCounts } from './tags';
import type { TagChange, TagWithCount } from '../model/changes';
import { allSeen, replaceSeen } from './seen';
import { backupRanking, restoreRanking } from './ranking';
import { SeenRecord } from '../model/seen';
import { ARXIV_ID } from '../model/arxiv-id';

type DB = IDBPDatabase<PaperlightDB>;

export class LibraryError extends Error {}

/** What the list view shows: every paper with its tags, newest save first. */
export interface LibraryView {
  papers: LibraryPaper[];
  tags: TagWithCount[];
  settings: Settings;
  /** Saved records that failed validation (kept in the database, never shown broken). */
  skipped: number;
  /** The summary's version the view was read at (see shards.ts). */
  version: number;
}

const valid = <T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false } }, raws: readonly unknown[]): T[] =>
  raws.flatMap((raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });

/** A saved paper's list record: the stored record without the abstract. */
const ListedPaper = omit(SavedPaper, { abstract: true });

/**
 * Everything, read in one transaction: a shard per arXiv month and table, joined here. Without
 * `abstracts`, papers come with `abstract: null` (for counts and lists that show none).
 */
async function readAll(db: DB, abstracts: boolean) {
  const read = await readLibraryStores(db, async (shards) => {
    const [links, tags, rules, settings, summary] = await Promise.all([
      shards.loadAll('tags').then(() => tagKeys(shards.entries('tags'))),
      shards.tx.objectStore('tags').getAll(),
      shards.tx.objectStore('rules').getAll(),
      settingsIn(shards.tx.objectStore('meta')),
      readSummary(shards.tx.objectStore('meta')),
      shards.loadAll('papers'),
      abstracts ? shards.loadAll('abstracts') : undefined,
    ]);
    const raw = Array.from(shards.entries('papers'), ([id, listed]) => (abstracts ? joinPaper(shards, id) : listed));
    return { raw, links, tags, rules, settings, version: summary?.version ?? 0 };
  });
  return { ...papersFrom(read.raw, read.links, abstracts), tags: valid(Tag, read.tags), rules: valid(Rule, read.rules), settings: read.settings, version: read.version };
}

/** Saved papers' records (raw) checked, with their tags, newest save first; tag counts over every
 * paper's tag record, saved or not. */
function papersFrom(raw: Iterable<unknown>, links: Map<string, string[]>, abstracts: boolean) {
  const papers: LibraryPaper[] = [];
  let skipped = 0;
  for (const record of raw) {
    const saved = abstracts ? SavedPaper.safeParse(record) : ListedPaper.safeParse(record);
    if (saved.success) papers.push({ abstract: null, ...saved.data, tags: links.get(saved.data.id) ?? [] });
    else skipped++;
  }
  papers.sort(newestFirst);
  const counts = new Map<string, number>();
  for (const keys of links.values()) for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return { papers, skipped, links: counts };
}

/** Each paper's tag keys, from tag records as the shards hold them. */
function tagKeys(records: Iterable<[string, unknown]>): Map<string, string[]> {
  const tagsOf = new Map<string, string[]>();
  for (const [id, raw] of records) {
    const keys = (raw as Partial<PaperTags> | null)?.tags;
    if (Array.isArray(keys)) tagsOf.set(id, keys);
  }
  return tagsOf;
}

/** The entries of shards as stored (a damaged shard holds none). */
function* shardEntries(shards: readonly unknown[]): Generator<[string, unknown]> {
  for (const shard of shards) if (shard instanceof Map) yield* shard as Map<string, unknown>;
}

/**
 * The whole list (as readLibrary without abstracts gives it) from the shards read beside the first
 * page (lib/store/first-page-records.ts): the same transaction, so the first page's tag
 * definitions, settings and version go with them.
 */
export function wholeListFrom(records: WholeListRecords, page: FirstPage): LibraryView {
  const links = tagKeys(shardEntries(records.tagShards()));
  const { papers, skipped, links: counts } = papersFrom(Array.from(shardEntries(records.paperShards()), ([, listed]) => listed), links, false);
  const tags = page.tags.map((tag) => ({ ...tag, count: counts.get(tag.key) ?? 0 }));
  return { papers, tags, settings: page.settings, skipped, version: page.version };
}

/** The whole reading list for the list view. Tag counts are over every tagged paper, saved or
 * not, as listTags counts them. Without `abstracts` the papers' abstracts are null (a count or a
 * list that shows none need not read them). */
export async function readLibrary(db: DB, { abstracts = true }: { abstracts?: boolean } = {}): Promise<LibraryView> {
  const { papers, skipped, links, tags, settings, version } = await readAll(db, abstracts);
  return { papers, tags: tags.map((tag) => ({ ...tag, count: links.get(tag.key) ?? 0 })), settings, skipped, version };
}

/** Everything Paperlight stores, for a JSON export. Rules come in listRules' order. */
export async function exportLibrary(db: DB): Promise<Library> {
  return (await exportLibraryAt(db)).library;
}

/** A whole library a view read (readLibrary with abstracts), and the version it read. */
export interface LoadedLibrary {
  papers: readonly LibraryPaper[];
  tags: readonly Tag[];
  version: number;
}

/** The seen ledger for an export: none when it is empty (a backup without `seen` leaves a
 * ledger as it is when imported). */
async function ledgerOf(db: DB): Promise<Pick<Library, 'seen' | 'ranking'>> {
  const [seen, ranking] = await Promise.all([allSeen(db), backupRanking(db)]);
  return { ...(Object.keys(seen).length > 0 && { seen }), ...(ranking && { ranking }) };
}

const byCreation = (a: Rule, b: Rule) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/**
 * The library for an export or an import plan, with the version it was read at (see
 * replaceLibrary's expectedVersion). A view that holds the whole library (`loaded`) and nothing written since (the
 * version says so) saves reading ten thousand papers again: only rules and settings are read.
 */
export async function exportLibraryAt(db: DB, loaded?: LoadedLibrary | null): Promise<{ library: Library; version: number }> {
  if (loaded) {
    const tx = db.transaction(['meta', 'rules'], 'readonly');
    const meta = tx.objectStore('meta');
    const [summary, rules, settings] = await Promise.all([readSummary(meta), tx.objectStore('rules').getAll(), settingsIn(meta)]);
    await tx.done;
    if (summary?.version === loaded.version) {
      const tags = loaded.tags.map(({ key, name, color, createdAt }) => ({ key, name, color, createdAt }));
      return { library: { papers: [...loaded.papers], tags, rules: valid(Rule, rules).sort(byCreation), settings, ...(await ledgerOf(db)) }, version: loaded.version };
    }
  }
  const [{ papers, tags, rules, settings, version }, ledger] = await Promise.all([readAll(db, true), ledgerOf(db)]);
  rules.sort(byCreation);
  return { library: { papers, tags, rules, settings, ...ledger }, version };
}

/** Rewrites the saved papers of `ids` that `change` changes (null leaves one as it is); the
 * records it wrote. Unsaved and damaged papers are left alone. */
async function updateSaved(db: DB, ids: readonly string[], change: (paper: SavedPaper) => SavedPaper | null): Promise<SavedPaper[]> {
  const unique = [...new Set(ids)];
  return writeLibrary(db, async (shards) => {
    await loadPapers(shards, unique);
    const changed = unique.flatMap((id) => {
      const raw = joinPaper(shards, id);
      const saved = raw === undefined ? undefined : SavedPaper.safeParse(raw);
      const next = saved?.success ? change(saved.data) : null;
      return next ? [next] : [];
    });
    for (const paper of changed) putPaper(shards, paper);
    return changed;
  });
}

/** Moves papers to `state`; the papers whose state changed. */
export function setStates(db: DB, ids: readonly string[], state: PaperState, now = Date.now()): Promise<SavedPaper[]> {
  return updateSaved(db, ids, (paper) => (paper.state === state ? null : { ...paper, state, stateChangedAt: now }));
}

/** Opening a paper from the list starts reading it, when the user wants that. Null when nothing changed. */
export async function markOpened(db: DB, id: string, settings: Settings, now = Date.now()): Promise<SavedPaper | null> {
  if (!settings.openMarksReading) return null;
  const [changed] = await updateSaved(db, [id], (paper) =>
    paper.state === 'to-read' ? { ...paper, state: 'reading', stateChangedAt: now } : null,
  );
  return changed ?? null;
}

/** Sets a saved paper's note (a blank one is no note). */
export async function setNote(db: DB, id: string, note: string): Promise<SavedPaper> {
  const text = note.trim() === '' ? '' : note;
  if (text.length > NOTE_MAX) throw new LibraryError(`A note can have at most ${NOTE_MAX.toLocaleString('en')} characters.`);
  const [saved] = await updateSaved(db, [id], (paper) => ({ ...paper, note: text }));
  if (!saved) throw new LibraryError('This paper is not in the reading list.');
  return saved;
}

/** The non-empty notes of those of `ids` that are saved. */
export async function notesOf(db: DB, ids: readonly string[]): Promise<Record<string, string>> {
  const records = await readLibraryStores(db, (shards) => shards.fetch('papers', ids));
  const notes: Record<string, string> = {};
  for (const saved of valid(ListedPaper, records.filter((raw) => raw !== undefined))) if (saved.note) notes[saved.id] = saved.note;
  return notes;
}

/** Removes papers from the reading list (their tags stay, as for a single removal); the ids that
 * were saved. */
export async function removePapers(db: DB, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  return writeLibrary(db, async (shards) => {
    await loadPapers(shards, unique);
    const removed = unique.filter((id) => shards.get('papers', id) !== undefined);
    for (const id of removed) {
      deletePaper(shards, id);
    }
    return removed;
  });
}

/** The library's version now (see shards.ts): a view compares it with the one it read. Null
 * without a summary (nothing written since v6). */
export async function libraryVersion(db: DB): Promise<number | null> {
  return (await readSummary(db.transaction('meta', 'readonly').store))?.version ?? null;
}

/** How many saved papers are still to read (for the toolbar badge): one record, the summary. */
export async function countToRead(db: DB): Promise<number> {
  const summary = await readSummary(db.transaction('meta', 'readonly').store);
  if (summary) return summary.states.get('to-read') ?? 0;
  // No summary yet (nothing written since v6): counted from the records.
  return (await readLibrary(db, { abstracts: false })).papers.filter((paper) => paper.state === 'to-read').length;
}

/**
 * Adds the tag named `add` to, and takes the tag `remove` off, every paper of `ids`, as the user
 * would one by one: an added tag is the user's own, and a removed tag that a rule gave is one the
 * rule does not give again. Saved papers are tagged with their saved record (without its abstract,
 * which the saved record has); a paper that is neither saved nor tagged is unknown and left alone.
 * The tag change covers the papers whose tags changed.
 */
export async function tagMany(db: DB, ids: readonly string[], change: { add?: string; remove?: string }, now = Date.now()): Promise<TagChange> {
  const added = change.add === undefined ? null : normalizeTagName(change.add);
  if (added && !added.ok) throw new TagError(added.error);
  const { remove } = change;
  if (!added && remove === undefined) throw new TagError('Say which tag to add or to remove.');
  const unique = [...new Set(ids)];
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    if (added && !(await tags.get(added.key))) {
      const colors = (await tags.getAll()).map((tag) => tag.color);
      await tags.put(Tag.parse({ key: added.key, name: added.name, color: pickColor(colors), createdAt: now }));
    }
    await Promise.all([tx.load('tags', unique), tx.load('papers', unique)]);
    const papers = unique.flatMap((id) => {
      const existing = checkedTagRecord(tx.get('tags', id));
      const fromList = PaperInput.safeParse({ ...(tx.get('papers', id) as object | undefined), abstract: null });
      const paper = fromList.success ? fromList.data : existing?.paper;
      if (!paper) return [];
      const before = { manual: manualOf(existing), auto: existing?.auto ?? [] };
      let { manual, auto } = before;
      let dismissed = existing?.dismissed ?? [];
      if (remove !== undefined) {
        dismissed = [...new Set([...dismissed, ...auto.filter((entry) => entry.key === remove).map((entry) => entry.rule)])];
        manual = manual.filter((key) => key !== remove);
        auto = auto.filter((entry) => entry.key !== remove);
      }
      if (added && !manual.includes(added.key)) manual = [...manual, added.key];
      // Auto tags are only ever taken off, so the same length is the same list.
      if (manual.join('\u0000') === before.manual.join('\u0000') && auto.length === before.auto.length) return [];
      return [putTags(tx, { id, paper, dismissed }, manual, auto)];
    });
    return { tags: await withCounts(tx), papers };
  });
}

/** A library as an import gives it: every record is checked before anything is written. */
export interface LibraryInput {
  papers: readonly unknown[];
  tags: readonly unknown[];
  rules: readonly unknown[];
  settings?: unknown;
  /** The seen ledger by paper id; absent: the ledger stays as it is. */
  seen?: Readonly<Record<string, unknown>>;
  /** What the "For you" model is rebuilt from (RankingBackup); absent: it stays as it is. */
  ranking?: unknown;
}

/** Parses every record of `input`, or throws naming the first bad one: `Paper 3 (2407.21783): title: …`. */
function checkAll<T>(kind: string, raws: readonly unknown[], schema: z.core.$ZodType<T>, idOf: (record: T) => string, label: (raw: unknown) => string): T[] {
  const seen = new Set<string>();
  return raws.map((raw, index) => {
    const parsed = z.safeParse(schema, raw);
    const name = `${kind} ${index + 1}${label(raw)}`;
    if (!parsed.success) throw new LibraryError(`${name}: ${describeIssues(parsed.error)}`);
    const id = idOf(parsed.data);
    if (seen.has(id)) throw new LibraryError(`${name} is there twice.`);
    seen.add(id);
    return parsed.data;
  });
}

/** ` (value of field)`, when the raw record has one, to name it in a message. */
const labelBy = (field: string, quote = false) => (raw: unknown) => {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string') return '';
  const short = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return quote ? ` (“${short}”)` : ` (${short})`;
};

/**
 * Checks a whole library (records, by the same checks as the editors: see lib/tags/checked-tag.ts
 * and lib/rules/checked-rule.ts; duplicates; the tags papers refer to); throws naming the first problem.
 */
export function checkLibrary(input: LibraryInput): Library {
  const papers = checkAll('Paper', input.papers, LibraryPaper, (paper) => paper.id, labelBy('id'));
  const tags = checkAll('Tag', input.tags, CheckedTag, (tag) => tag.key, labelBy('name', true));
  const rules = checkAll('Rule', input.rules, CheckedRule, (rule) => rule.id, labelBy('pattern', true));
  rules.forEach((rule, index) => {
    const twin = twinOf(rule, rules.slice(0, index));
    if (twin) throw new LibraryError(`Rule ${index + 1}${labelBy('pattern', true)(rule)}: ${twinMessage(twin)}.`);
  });
  const settings = Settings.safeParse(input.settings ?? {});
  if (!settings.success) throw new LibraryError(`Settings: ${describeIssues(settings.error)}`);
  const known = new Set(tags.map((tag) => tag.key));
  papers.forEach((paper, index) => {
    const missing = paper.tags.find((key) => !known.has(key));
    if (missing !== undefined) throw new LibraryError(`Paper ${index + 1} (${paper.id}) has the tag “${missing}”, which is not among the library’s tags.`);
  });
  let ranking: RankingBackup | undefined;
  if (input.ranking !== undefined) {
    const parsed = RankingBackup.safeParse(input.ranking);
    if (!parsed.success) throw new LibraryError(`For you: ${describeIssues(parsed.error)}`);
    ranking = parsed.data;
  }
  const checked = { papers, tags, rules, settings: settings.data, ...(ranking && { ranking }) };
  if (input.seen === undefined) return checked;
  const seen: Record<string, SeenRecord> = {};
  for (const [id, raw] of Object.entries(input.seen)) {
    if (!ARXIV_ID.test(id)) throw new LibraryError(`Seen papers: “${id.slice(0, 40)}” is not an arXiv id.`);
    const record = SeenRecord.safeParse(raw);
    if (!record.success) throw new LibraryError(`Seen papers: ${id}: ${describeIssues(record.error)}`);
    seen[id] = record.data;
  }
  return { ...checked, seen };
}

/**
 * Replaces everything Paperlight stores by `input` (an import the user confirmed): every record is
 * checked first, and the stores are cleared and written in one transaction, so a bad record or a
 * failed write leaves the library as it was. Papers' tags become the user's own (which rule gave
 * a tag is not part of a library). Other `meta` records are bookkeeping, not library, and stay.
 *
 * With `expectedVersion`, the library must still be the one read at that version (the one an
 * import's preview was worked out from): otherwise nothing is written, and LibraryChanged says so.
 */
export async function replaceLibrary(db: DB, input: LibraryInput, options: { expectedVersion?: number } = {}): Promise<ReplaceCounts> {
  const library = checkLibrary(input);
  const { counts } = await writeReplacement(db, library, options.expectedVersion);
  // Its own transaction (the ledger is not one of the library's stores); should it fail, the
  // ledger stays as it was, and the library is the one imported.
  if (library.seen) await replaceSeen(db, library.seen);
  // The same for what the "For you" model learns from (issue #17).
  if (library.ranking) await restoreRanking(db, library.ranking);
  return counts;
}

export interface ReplaceCounts {
  papers: number;
  tags: number;
  rules: number;
  /** The summary's version after the write. */
  version: number;
}

/**
 * The list view of a library just imported at `version` (see sendImport): what reading it back
 * would give, so the page that sent it shows it without reading ten thousand papers back.
 */
export function importedView(library: Library, version: number): LibraryView {
  const tagged = new Map<string, number>();
  for (const paper of library.papers) for (const key of new Set(paper.tags)) tagged.set(key, (tagged.get(key) ?? 0) + 1);
  return {
    papers: [...library.papers].sort(newestFirst),
    // In the store's order (by key), as reading it back would give them.
    tags: library.tags.map((tag) => ({ ...tag, count: tagged.get(tag.key) ?? 0 })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    settings: library.settings,
    skipped: 0,
    version,
  };
}

async function writeReplacement(db: DB, library: Library, expectedVersion: number | undefined): Promise<{ counts: ReplaceCounts }> {
  // Relaxed: the commit does not wait for the disk to confirm (a crash in that instant loses the
  // import, never half of it).
  const options: WriteOptions = { durability: 'relaxed' };
  return writeLibrary(
    db,
    async (shards) => {
      if (expectedVersion !== undefined && shards.current().version !== expectedVersion) throw new LibraryChanged();
      const stores = { tags: shards.tx.objectStore('tags'), rules: shards.tx.objectStore('rules'), meta: shards.tx.objectStore('meta') };
      for (const table of ['papers', 'abstracts', 'tags'] as const) shards.clear(table);
      // Requests are placed in order; only their end is awaited.
      const writes: Promise<unknown>[] = [stores.tags.clear(), stores.rules.clear(), stores.meta.put({ key: SETTINGS_KEY, value: library.settings })].map(placed);
      for (const { tags: keys, ...saved } of library.papers) {
        putPaper(shards, saved);
        if (keys.length === 0) continue;
        // The saved record has the abstract; the tag record's copy of the paper does not need it.
        const { id, title, authors, publishedAt, organization, upvotes, sourceUrl } = saved;
        const record = composeTags({ id, paper: { id, title, authors, abstract: null, publishedAt, organization, upvotes, sourceUrl } }, keys, []);
        if (record) shards.put('tags', id, record);
      }
      for (const tag of library.tags) writes.push(placed(stores.tags.put(tag)));
      for (const rule of library.rules) writes.push(placed(stores.rules.put(rule)));
      await Promise.all(writes);
      const counts = { papers: library.papers.length, tags: library.tags.length, rules: library.rules.length, version: shards.current().version + 1 };
      return { counts };
    },
    options,
  );
}

/** The library changed since the import's preview was worked out: nothing was imported. */
export class LibraryChanged extends LibraryError {
  constructor() {
    super('The reading list changed while the import was being previewed; nothing was imported. Check the new preview and apply it again.');
  }
}

/** The first screenful, for a list that must show something at once: the newest saves. */
export interface FirstPage {
  papers: LibraryPaper[];
  tags: TagWithCount[];
  settings: Settings;
  /** Saved papers in each state (all of them, whatever the filters). */
  counts: Record<PaperState | 'all', number> | null;
  version: number;
}

/**
 * The `limit` newest saved papers with their tags (without abstracts), the tag definitions with
 * their counts, and the settings: three records, whatever the library's size (the summary keeps
 * the newest, see shards.ts). A database without a summary is read whole.
 */
export async function readNewest(db: DB, limit: number): Promise<FirstPage> {
  const tx = db.transaction(['tags', 'meta'], 'readonly');
  const meta = tx.objectStore('meta');
  const [summary, tags, settings] = await Promise.all([meta.get(SUMMARY_KEY), tx.objectStore('tags').getAll(), meta.get(SETTINGS_KEY)]);
  await tx.done;
  const page = firstPageFrom({ summary: summary?.value, settings: settings?.value, tags }, limit);
  if (page) return page;
  const library = await readLibrary(db, { abstracts: false });
  return { papers: library.papers.slice(0, limit), tags: library.tags, settings: library.settings, counts: null, version: library.version };
}

/** The first screenful from its records as stored, validated; null without a (valid) summary. */
export function firstPageFrom(records: FirstPageRecords, limit: number): FirstPage | null {
  const parsed = Summary.safeParse(records.summary);
  if (!parsed.success) return null;
  const summary = parsed.data;
  const settings = settingsFrom(records.settings);
  const tagRecords = records.tags;
  const papers: LibraryPaper[] = [];
  for (const { paper, tags } of summary.newest) {
    if (papers.length === limit) break;
    const listed = ListedPaper.safeParse(paper);
    if (listed.success) papers.push({ ...listed.data, abstract: null, tags });
  }
  const states = summary.states;
  const counts = {
    all: [...states.values()].reduce((sum, n) => sum + n, 0),
    'to-read': states.get('to-read') ?? 0,
    reading: states.get('reading') ?? 0,
    done: states.get('done') ?? 0,
  };
  const tags = valid(Tag, tagRecords).map((tag) => ({ ...tag, count: summary.tagCounts.get(tag.key) ?? 0 }));
  return { papers, tags, settings, counts, version: summary.version };
}
