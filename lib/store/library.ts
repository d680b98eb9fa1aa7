/**
 * The reading list as a whole (issue #5): reading states and notes, changes to many papers at once,
 * and the library read, exported and replaced in one go. Each operation is one transaction.
 */
import { unwrap, type IDBPDatabase } from 'idb';
import type { z } from 'zod';
import { describeIssues } from '../library/formats/issues';
import { LibraryPaper, Settings, type Library } from '../library/model';
import { Rule } from '../rules/rule';
import { pickColor } from '../tags/colors';
import { normalizeTagName } from '../tags/tag-name';
import type { PaperlightDB } from './database';
import { NOTE_MAX, PaperInput, SavedPaper, Tag, type PaperState } from './records';
import { SETTINGS_KEY, settingsIn } from './settings';
import { TAG_STORES, TagError, composeTags, manualOf, putTags, withCounts, type TagChange, type TagTx, type TagWithCount } from './tags';

type DB = IDBPDatabase<PaperlightDB>;

export class LibraryError extends Error {}

const ALL_STORES = ['papers', 'tags', 'paperTags', 'rules', 'meta'] as const;

/** What the list view shows: every paper with its tags, newest save first. */
export interface LibraryView {
  papers: LibraryPaper[];
  tags: TagWithCount[];
  settings: Settings;
  /** Saved records that failed validation (kept in the database, never shown broken). */
  skipped: number;
}

const valid = <T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false } }, raws: readonly unknown[]): T[] =>
  raws.flatMap((raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });

/**
 * Everything, read in one transaction with one getAll per store and joined here: ten thousand
 * papers are one request, not ten thousand.
 */
async function readAll(db: DB) {
  const tx = db.transaction(ALL_STORES, 'readonly');
  const papers = tx.objectStore('papers');
  const [byDate, total, links, tags, rules, settings] = await Promise.all([
    papers.index('savedAt').getAll(),
    papers.count(),
    tx.objectStore('paperTags').getAll(),
    tx.objectStore('tags').getAll(),
    tx.objectStore('rules').getAll(),
    settingsIn(tx.objectStore('meta')),
  ]);
  await tx.done;
  const tagsOf = new Map(links.filter((link) => Array.isArray(link.tags)).map((link) => [link.id, link.tags]));
  const library: LibraryPaper[] = [];
  // Records without a valid savedAt key are missing from the index: broken too, so counted.
  let skipped = total - byDate.length;
  for (let index = byDate.length - 1; index >= 0; index--) {
    const saved = SavedPaper.safeParse(byDate[index]);
    if (saved.success) library.push({ ...saved.data, tags: tagsOf.get(saved.data.id) ?? [] });
    else skipped++;
  }
  const counts = new Map<string, number>();
  for (const keys of tagsOf.values()) for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return { papers: library, skipped, links: counts, tags: valid(Tag, tags), rules: valid(Rule, rules), settings };
}

/** The whole reading list for the list view. Tag counts are over every tagged paper, saved or
 * not, as listTags counts them. */
export async function readLibrary(db: DB): Promise<LibraryView> {
  const { papers, skipped, links, tags, settings } = await readAll(db);
  return { papers, tags: tags.map((tag) => ({ ...tag, count: links.get(tag.key) ?? 0 })), settings, skipped };
}

/** Everything Paperlight stores, for a JSON export. Rules come in listRules' order. */
export async function exportLibrary(db: DB): Promise<Library> {
  const { papers, tags, rules, settings } = await readAll(db);
  rules.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return { papers, tags, rules, settings };
}

/** Rewrites the saved papers of `ids` that `change` changes (null leaves one as it is); the
 * records it wrote. Unsaved and damaged papers are left alone. */
async function updateSaved(db: DB, ids: readonly string[], change: (paper: SavedPaper) => SavedPaper | null): Promise<SavedPaper[]> {
  const tx = db.transaction('papers', 'readwrite');
  const unique = [...new Set(ids)];
  const records = await Promise.all(unique.map((id) => tx.store.get(id)));
  const changed = records.flatMap((raw) => {
    const saved = raw === undefined ? undefined : SavedPaper.safeParse(raw);
    const next = saved?.success ? change(saved.data) : null;
    return next ? [next] : [];
  });
  await Promise.all([...changed.map((paper) => tx.store.put(paper)), tx.done]);
  return changed;
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
  const tx = db.transaction('papers', 'readonly');
  const records = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  const notes: Record<string, string> = {};
  for (const saved of valid(SavedPaper, records.filter((raw) => raw !== undefined))) if (saved.note) notes[saved.id] = saved.note;
  return notes;
}

/** Removes papers from the reading list (their tags stay, as for a single removal); the ids that
 * were saved. */
export async function removePapers(db: DB, ids: readonly string[]): Promise<string[]> {
  const tx = db.transaction('papers', 'readwrite');
  const unique = [...new Set(ids)];
  const keys = await Promise.all(unique.map((id) => tx.store.getKey(id)));
  const removed = unique.filter((_, index) => keys[index] !== undefined);
  await Promise.all([...removed.map((id) => tx.store.delete(id)), tx.done]);
  return removed;
}

/** How many saved papers are still to read (for the toolbar badge). */
export function countToRead(db: DB): Promise<number> {
  return db.countFromIndex('papers', 'state', 'to-read');
}

/**
 * Adds the tag named `add` to, and takes the tag `remove` off, every paper of `ids`, as the user
 * would one by one: an added tag is the user's own, and a removed tag that a rule gave is one the
 * rule does not give again. Saved papers are tagged with their saved record; a paper that is
 * neither saved nor tagged is unknown and left alone. The tag change covers the papers whose tags
 * changed.
 */
export async function tagMany(db: DB, ids: readonly string[], change: { add?: string; remove?: string }, now = Date.now()): Promise<TagChange> {
  const added = change.add === undefined ? null : normalizeTagName(change.add);
  if (added && !added.ok) throw new TagError(added.error);
  const { remove } = change;
  if (!added && remove === undefined) throw new TagError('Say which tag to add or to remove.');
  const tx = db.transaction(['papers', ...TAG_STORES], 'readwrite');
  // The tag helpers only use the tag stores, which this transaction has too.
  const tagTx = tx as unknown as TagTx;
  const tags = tx.objectStore('tags');
  if (added && !(await tags.get(added.key))) {
    const colors = (await tags.getAll()).map((tag) => tag.color);
    await tags.put(Tag.parse({ key: added.key, name: added.name, color: pickColor(colors), createdAt: now }));
  }
  // Read all first, then write all: a request per paper in turn would be slow for thousands.
  const unique = [...new Set(ids)];
  const [links, savedAll] = await Promise.all([
    Promise.all(unique.map((id) => tx.objectStore('paperTags').get(id))),
    Promise.all(unique.map((id) => tx.objectStore('papers').get(id))),
  ]);
  const writes = unique.flatMap((id, index) => {
    const existing = links[index];
    const fromList = PaperInput.safeParse(savedAll[index]);
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
    return [putTags(tagTx, { id, paper, dismissed }, manual, auto)];
  });
  const papers = await Promise.all(writes);
  const result = { tags: await withCounts(tagTx), papers };
  await tx.done;
  return result;
}

/** A library as an import gives it: every record is checked before anything is written. */
export interface LibraryInput {
  papers: readonly unknown[];
  tags: readonly unknown[];
  rules: readonly unknown[];
  settings?: unknown;
}

/** Parses every record of `input`, or throws naming the first bad one: `Paper 3 (2407.21783): title: …`. */
function checkAll<T>(kind: string, raws: readonly unknown[], schema: z.ZodType<T>, idOf: (record: T) => string, label: (raw: unknown) => string): T[] {
  const seen = new Set<string>();
  return raws.map((raw, index) => {
    const parsed = schema.safeParse(raw);
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

/** Checks a whole library (records, duplicates, the tags papers refer to); throws naming the first problem. */
export function checkLibrary(input: LibraryInput): Library {
  const papers = checkAll('Paper', input.papers, LibraryPaper, (paper) => paper.id, labelBy('id'));
  const tags = checkAll('Tag', input.tags, Tag, (tag) => tag.key, labelBy('name', true));
  const rules = checkAll('Rule', input.rules, Rule, (rule) => rule.id, labelBy('pattern', true));
  const settings = Settings.safeParse(input.settings ?? {});
  if (!settings.success) throw new LibraryError(`Settings: ${describeIssues(settings.error)}`);
  const known = new Set(tags.map((tag) => tag.key));
  papers.forEach((paper, index) => {
    const missing = paper.tags.find((key) => !known.has(key));
    if (missing !== undefined) throw new LibraryError(`Paper ${index + 1} (${paper.id}) has the tag “${missing}”, which is not among the library’s tags.`);
  });
  return { papers, tags, rules, settings: settings.data };
}

/**
 * Replaces everything Paperlight stores by `input` (an import the user confirmed): every record is
 * checked first, and the stores are cleared and written in one transaction, so a bad record or a
 * failed write leaves the library as it was. Papers' tags become the user's own (which rule gave
 * a tag is not part of a library). Other `meta` records are bookkeeping, not library, and stay.
 */
export async function replaceLibrary(db: DB, input: LibraryInput): Promise<{ papers: number; tags: number; rules: number }> {
  const library = checkLibrary(input);
  // Relaxed: the commit does not wait for the disk to confirm (a crash in that instant loses the
  // import, never half of it), which is most of the time a 10,000-paper write takes.
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const papers = tx.objectStore('papers');
  const tags = tx.objectStore('tags');
  const links = tx.objectStore('paperTags');
  const rules = tx.objectStore('rules');
  // The raw stores: one promise per request (idb's wrapper) would be 20,000 promises and their
  // listeners for a 10,000-paper library; the transaction's end is all that is awaited.
  const raw = {
    papers: unwrap(papers),
    tags: unwrap(tags),
    links: unwrap(links),
    rules: unwrap(rules),
    meta: unwrap(tx.objectStore('meta')),
  };
  try {
    for (const store of [raw.papers, raw.tags, raw.links, raw.rules]) store.clear();
    raw.meta.put({ key: SETTINGS_KEY, value: library.settings });
    for (const { tags: keys, ...saved } of library.papers) {
      raw.papers.put(saved);
      if (keys.length === 0) continue;
      // The saved record has the abstract; the tag record's copy of the paper does not need it.
      const { id, title, authors, publishedAt, organization, upvotes, sourceUrl } = saved;
      const record = composeTags({ id, paper: { id, title, authors, abstract: null, publishedAt, organization, upvotes, sourceUrl } }, keys, []);
      if (record) raw.links.put(record);
    }
    for (const tag of library.tags) raw.tags.put(tag);
    for (const rule of library.rules) raw.rules.put(rule);
    await tx.done;
  } catch (error) {
    // A failed request aborts the transaction by itself, but a put that throws (a value it cannot
    // store) does not: without this the clears and earlier writes would be committed.
    try {
      tx.abort();
    } catch {
      // Already aborted.
    }
    void tx.done.catch(() => undefined);
    throw error;
  }
  return { papers: library.papers.length, tags: library.tags.length, rules: library.rules.length };
}

/** The first screenful, for a list that must show something at once: the newest saves. */
export interface FirstPage {
  papers: LibraryPaper[];
  tags: TagWithCount[];
  settings: Settings;
}

type RecordsIndex = IDBIndex & {
  /** IndexedDB 3.0 (Chrome 141+): records in either direction, in one request. */
  getAllRecords?: (options: { count: number; direction: IDBCursorDirection }) => IDBRequest<{ value: unknown }[]>;
};

/** The `limit` newest records of the savedAt index, in one request where the browser can. */
async function newestRecords(db: DB, limit: number): Promise<unknown[]> {
  const tx = db.transaction('papers', 'readonly');
  const index = tx.store.index('savedAt');
  const raw = unwrap(index) as RecordsIndex;
  if (typeof raw.getAllRecords === 'function') {
    const request = raw.getAllRecords({ count: limit, direction: 'prev' });
    const records = await new Promise<{ value: unknown }[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return records.map((record) => record.value);
  }
  // Elsewhere a cursor walking back: a round trip per paper, for a screenful only.
  const values: unknown[] = [];
  for (let cursor = await index.openCursor(null, 'prev'); cursor && values.length < limit; cursor = await cursor.continue()) values.push(cursor.value);
  return values;
}

/**
 * The `limit` newest saved papers with their tags, and the tag definitions (counts come with the
 * whole list): counting ten thousand index entries would cost more than the screenful itself.
 */
export async function readNewest(db: DB, limit: number): Promise<FirstPage> {
  const raw = await newestRecords(db, limit);
  const tx = db.transaction(['paperTags', 'tags', 'meta'], 'readonly');
  const [links, tagRecords, settings] = await Promise.all([
    Promise.all(raw.map((paper) => tx.objectStore('paperTags').get((paper as { id: string }).id))),
    tx.objectStore('tags').getAll(),
    settingsIn(tx.objectStore('meta')),
  ]);
  await tx.done;
  const papers = raw.flatMap((record, index) => {
    const saved = SavedPaper.safeParse(record);
    return saved.success ? [{ ...saved.data, tags: links[index]?.tags ?? [] }] : [];
  });
  return { papers, tags: valid(Tag, tagRecords).map((tag) => ({ ...tag, count: 0 })), settings };
}
