/**
 * What the "For you" model learns from, on the database (schema v9, issue #17), beside the seen
 * ledger and apart from the library's stores (a page's reports never move the library's version):
 *
 * - `rankTexts`: the text of the most recent papers seen (`seenAt`: when last reported), at most
 *   MAX_SEEN_TEXTS of them, the weak negatives; and of papers dismissed for good (`dismissedAt`),
 *   kept beyond that bound while they stay dismissed: they are strong negatives. Only seen texts
 *   are in the `seenAt` index, so counting them and letting the oldest go reads only what goes.
 * - `rankRejected`: tag suggestions the reader rejected (tag key, paper id, its text, when).
 * - `ranking`: the reset point (with the tags papers had then, and earlier points for an undo) and
 *   the last model the background trained, so a new service worker answers without training.
 *
 * Every record read back is checked: the disk may hold what an older or damaged build wrote.
 */
import type { IDBPDatabase } from 'idb';
import * as z from 'zod/mini';
import { checked } from '../model/checked';
import type { RankingBackup } from '../model/library';
import { PaperTextSchema, TEXT_ABSTRACT_MAX } from '../model/paper-text';
import { PaperId, SavedPaper, TagKey } from '../model/records';
import type { Rule } from '../model/rule';
import type { PaperlightDB } from './database';
import { joinPaper } from './papers';
import { listRules } from './rules';
import { allSeen } from './seen';
import { readLibraryStores } from './shards';
import { checkedTagRecord, manualOf } from './tags';

type DB = IDBPDatabase<PaperlightDB>;
export type PaperText = z.infer<typeof PaperTextSchema>;

/** How many seen papers' texts are kept (the weak negatives): a few weeks of daily listings. */
export const MAX_SEEN_TEXTS = 3_000;
/** How many rejected suggestions are kept (the oldest go first). */
export const MAX_REJECTED = 20_000;

const Time = checked(z.number(), z.nonnegative());

const StoredText = z.object({
  id: PaperId,
  text: PaperTextSchema,
  /** When the paper was last reported seen: its text is a weak negative, in the `seenAt` index. */
  seenAt: z.optional(Time),
  /** When it was dismissed for good: kept beyond the bound (a strong negative). */
  dismissedAt: z.optional(Time),
});
/** A paper's text as `rankTexts` holds it. */
export type StoredTextRecord = z.infer<typeof StoredText>;

const Rejected = z.object({ tag: TagKey, id: PaperId, text: PaperTextSchema, at: Time });
export type RejectedSuggestion = z.infer<typeof Rejected>;

const ResetPoint = z.object({
  at: Time,
  /** Paper id → the tags by hand it had at the reset: only tags given after it teach the model. */
  tagged: z.record(z.string(), z.array(z.string())),
});
export type ResetPoint = z.infer<typeof ResetPoint>;

/** How many earlier reset points are kept for `unreset`. */
const EARLIER_KEPT = 10;
const ResetRecord = z.object({ current: z.nullable(ResetPoint), earlier: z.array(ResetPoint) });
type ResetRecord = z.infer<typeof ResetRecord>;

const RESET_KEY = 'reset';
const MODEL_KEY = 'model';
const STALE_KEY = 'stale';

const valid = <T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false } }, raw: unknown): T | undefined => {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
};

/** A text as the store keeps it: the abstract cut to TEXT_ABSTRACT_MAX (the model reads words). */
export function cutText(text: PaperText): PaperText {
  const abstract = text.abstract !== null && text.abstract.length > TEXT_ABSTRACT_MAX ? text.abstract.slice(0, TEXT_ABSTRACT_MAX) : text.abstract;
  return text.keywords ? { title: text.title, abstract, keywords: text.keywords } : { title: text.title, abstract };
}

type TextsStore = ReturnType<typeof textsTx>['store'];
const textsTx = (db: DB) => db.transaction('rankTexts', 'readwrite');

/** Lets the oldest seen texts go until at most `max` are left (dismissed ones are not counted). */
async function prune(store: TextsStore, max: number): Promise<number> {
  const index = store.index('seenAt');
  let extra = (await index.count()) - max;
  let dropped = 0;
  for (let cursor = extra > 0 ? await index.openCursor() : null; cursor && extra > 0; cursor = await cursor.continue()) {
    await cursor.delete();
    extra--;
    dropped++;
  }
  return dropped;
}

/** Keeps the texts of papers a page reports seen at `now` (the newest MAX_SEEN_TEXTS of them). A
 * dismissed paper's text is updated and stays dismissed. How many texts were let go. */
export async function keepTexts(db: DB, entries: readonly { id: string; text: PaperText }[], now = Date.now(), max = MAX_SEEN_TEXTS): Promise<number> {
  if (entries.length === 0) return 0;
  const tx = textsTx(db);
  const latest = new Map(entries.map((entry) => [entry.id, entry.text]));
  const ids = [...latest.keys()];
  const existing = await Promise.all(ids.map((id) => tx.store.get(id)));
  await Promise.all(
    ids.map((id, index) => {
      const text = cutText(latest.get(id)!);
      const dismissedAt = valid(StoredText, existing[index])?.dismissedAt;
      return tx.store.put(dismissedAt === undefined ? { id, text, seenAt: now } : { id, text, dismissedAt });
    }),
  );
  const dropped = await prune(tx.store, max);
  await tx.done;
  return dropped;
}

/**
 * Papers dismissed for good at `at` keep their text beyond the bound (the page's `texts`, or the
 * text kept from when they were seen); `at` null takes the dismissal back, and the text is a seen
 * one again (from `now`), among the newest.
 */
export async function dismissTexts(db: DB, ids: readonly string[], texts: Readonly<Record<string, PaperText>> | undefined, at: number | null, now = Date.now(), max = MAX_SEEN_TEXTS): Promise<void> {
  if (ids.length === 0) return;
  const tx = textsTx(db);
  const unique = [...new Set(ids)];
  const existing = await Promise.all(unique.map((id) => tx.store.get(id).then((raw) => valid(StoredText, raw))));
  await Promise.all(
    unique.map((id, index) => {
      const given = texts?.[id];
      const text = given ? cutText(given) : existing[index]?.text;
      if (!text) return undefined;
      if (at !== null) return tx.store.put({ id, text, dismissedAt: at });
      // Brought back: seen again, unless it was never dismissed here.
      return existing[index]?.dismissedAt !== undefined ? tx.store.put({ id, text, seenAt: now }) : undefined;
    }),
  );
  if (at === null) await prune(tx.store, max);
  await tx.done;
}

/** Every text kept, checked (a damaged record is skipped). */
export async function allTexts(db: DB): Promise<StoredTextRecord[]> {
  return (await db.getAll('rankTexts')).flatMap((raw) => valid(StoredText, raw) ?? []);
}

/** How many seen papers' texts are kept (dismissed ones aside). */
export function seenTextCount(db: DB): Promise<number> {
  return db.countFromIndex('rankTexts', 'seenAt');
}

/** Forgets every text (the reader forgot what they had seen and dismissed). */
export function clearTexts(db: DB): Promise<void> {
  return db.clear('rankTexts');
}

/** A suggestion the reader rejected at `at`: a negative for that tag on that paper. */
export async function rejectSuggestion(db: DB, entry: Omit<RejectedSuggestion, 'at'>, at = Date.now(), max = MAX_REJECTED): Promise<void> {
  const tx = db.transaction('rankRejected', 'readwrite');
  await tx.store.put({ tag: entry.tag, id: entry.id, text: cutText(entry.text), at }, [entry.tag, entry.id]);
  if ((await tx.store.count()) > max) {
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    const order = keys.map((key, index) => ({ key, at: valid(Rejected, values[index])?.at ?? -1 })).sort((a, b) => a.at - b.at);
    await Promise.all(order.slice(0, order.length - max).map(({ key }) => tx.store.delete(key)));
  }
  await tx.done;
}

/** Every rejected suggestion, checked. */
export async function allRejected(db: DB): Promise<RejectedSuggestion[]> {
  return (await db.getAll('rankRejected')).flatMap((raw) => valid(Rejected, raw) ?? []);
}

async function readReset(store: { get(key: string): Promise<unknown> }): Promise<ResetRecord> {
  return valid(ResetRecord, await store.get(RESET_KEY)) ?? { current: null, earlier: [] };
}

/** Where learning starts now (null: from the beginning). */
export async function resetPoint(db: DB): Promise<ResetPoint | null> {
  return (await readReset(db.transaction('ranking', 'readonly').store)).current;
}

/** Learning starts again from `at`; `tagged` are the tags by hand papers have now. The point
 * before it (null: the beginning), for an undo. */
export async function resetRanking(db: DB, at: number, tagged: Record<string, string[]>): Promise<number | null> {
  const tx = db.transaction('ranking', 'readwrite');
  const record = await readReset(tx.store);
  const earlier = record.current ? [...record.earlier.filter((point) => point.at !== record.current!.at), record.current].slice(-EARLIER_KEPT) : record.earlier;
  await tx.store.put({ current: { at, tagged }, earlier } satisfies ResetRecord, RESET_KEY);
  await tx.done;
  return record.current?.at ?? null;
}

/** Puts back the reset point `at` that a reset replaced (null: learning from the beginning). */
export async function unresetRanking(db: DB, at: number | null): Promise<void> {
  const tx = db.transaction('ranking', 'readwrite');
  const record = await readReset(tx.store);
  const point = at === null ? null : (record.earlier.find((candidate) => candidate.at === at) ?? (record.current?.at === at ? record.current : { at, tagged: {} }));
  const earlier = [...record.earlier.filter((candidate) => candidate.at !== at), ...(record.current && record.current.at !== at ? [record.current] : [])].slice(-EARLIER_KEPT);
  await tx.store.put({ current: point, earlier } satisfies ResetRecord, RESET_KEY);
  await tx.done;
}

/** The last model trained, as the background stored it (unchecked: its owner checks it). */
export async function readModelRecord(db: DB): Promise<{ record: unknown; stale: boolean }> {
  const tx = db.transaction('ranking', 'readonly');
  const [record, stale] = await Promise.all([tx.store.get(MODEL_KEY), tx.store.get(STALE_KEY)]);
  await tx.done;
  return { record, stale: stale === true };
}

/** Stores the last model trained (and that it is current). */
export async function writeModelRecord(db: DB, record: unknown): Promise<void> {
  const tx = db.transaction('ranking', 'readwrite');
  await Promise.all([tx.store.put(record, MODEL_KEY), tx.store.delete(STALE_KEY)]);
  await tx.done;
}

/** Notes that what the model learns from changed since it was trained (a new worker trains again). */
export async function markModelStale(db: DB): Promise<void> {
  await db.put('ranking', true, STALE_KEY);
}

/** A saved paper as the model learns from it. */
export interface SavedSource {
  id: string;
  title: string;
  abstract: string | null;
  savedAt: number;
}

/** A paper's tags by hand, with its text as its tag record holds it (saved or not). */
export interface TaggedSource {
  id: string;
  manual: string[];
  title: string;
  abstract: string | null;
}

/** Everything the "For you" model learns from, read as stored (lib/background/training-set.ts
 * turns it into a training set). */
export interface RankingSources {
  saved: SavedSource[];
  tagged: TaggedSource[];
  texts: StoredTextRecord[];
  /** Papers the seen ledger holds dismissed for good: id → when. */
  dismissed: Map<string, number>;
  rejected: RejectedSuggestion[];
  reset: ResetPoint | null;
  rules: Rule[];
}

/** Saved papers (with abstracts; none without `papers`) and tag records, in one read of the
 * library's stores. */
async function libraryPart(db: DB, papers = true): Promise<{ saved: SavedSource[]; tagged: TaggedSource[] }> {
  return readLibraryStores(db, async (shards) => {
    await Promise.all([papers && shards.loadAll('papers'), papers && shards.loadAll('abstracts'), shards.loadAll('tags')]);
    const saved: SavedSource[] = [];
    for (const [id] of papers ? shards.entries('papers') : []) {
      const paper = valid(SavedPaper, joinPaper(shards, id));
      if (paper) saved.push({ id: paper.id, title: paper.title, abstract: paper.abstract, savedAt: paper.savedAt });
    }
    const tagged: TaggedSource[] = [];
    for (const [, raw] of shards.entries('tags')) {
      const record = checkedTagRecord(raw);
      const manual = manualOf(record);
      if (record && manual.length > 0) tagged.push({ id: record.id, manual, title: record.paper.title, abstract: record.paper.abstract });
    }
    return { saved, tagged };
  });
}

/** Everything the model learns from. */
export async function readRankingSources(db: DB): Promise<RankingSources> {
  const [library, rules, seen, texts, rejected, reset] = await Promise.all([libraryPart(db), listRules(db), allSeen(db), allTexts(db), allRejected(db), resetPoint(db)]);
  const dismissed = new Map<string, number>();
  for (const [id, record] of Object.entries(seen)) if (record.dismissed !== undefined) dismissed.set(id, record.dismissed);
  return { ...library, texts, dismissed, rejected, reset, rules };
}

/** Each paper's tags by hand now (what a reset remembers). */
export async function manualTags(db: DB): Promise<Record<string, string[]>> {
  const tagged: Record<string, string[]> = {};
  for (const source of (await libraryPart(db, false)).tagged) tagged[source.id] = source.manual;
  return tagged;
}

/** The backup's `ranking` (issue #17): none when there is nothing to keep. Weak-negative texts are
 * not part of it (see RankingBackup). */
export async function backupRanking(db: DB): Promise<RankingBackup | undefined> {
  const [texts, rejected, reset] = await Promise.all([allTexts(db), allRejected(db), resetPoint(db)]);
  const dismissed = texts.flatMap(({ id, text, dismissedAt }) => (dismissedAt === undefined ? [] : [{ id, at: dismissedAt, text }]));
  if (dismissed.length === 0 && rejected.length === 0 && reset === null) return undefined;
  return {
    resetAt: reset?.at ?? null,
    ...(reset && Object.keys(reset.tagged).length > 0 && { taggedAtReset: reset.tagged }),
    rejected: rejected.map(({ tag, id, at, text }) => ({ tag, id, at, text })),
    dismissed: dismissed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/**
 * Puts a backup's `ranking` in place (a replacing import, a restored snapshot): its rejections and
 * reset point replace the store's, and its dismissed texts replace the dismissed texts kept; the
 * texts of papers merely seen stay (a backup has none). The model is trained again from it.
 */
export async function restoreRanking(db: DB, backup: RankingBackup): Promise<void> {
  const tx = db.transaction(['rankTexts', 'rankRejected', 'ranking'], 'readwrite');
  const texts = tx.objectStore('rankTexts');
  const rejected = tx.objectStore('rankRejected');
  const ranking = tx.objectStore('ranking');
  const kept = await readReset(ranking);
  const writes: Promise<unknown>[] = [rejected.clear()];
  for (let cursor = await texts.openCursor(); cursor; cursor = await cursor.continue()) {
    if (valid(StoredText, cursor.value)?.seenAt === undefined) writes.push(cursor.delete());
  }
  for (const { tag, id, at, text } of backup.rejected) writes.push(rejected.put({ tag, id, at, text: cutText(text) }, [tag, id]));
  for (const { id, at, text } of backup.dismissed) writes.push(texts.put({ id, text: cutText(text), dismissedAt: at }));
  const current = backup.resetAt === null ? null : { at: backup.resetAt, tagged: backup.taggedAtReset ?? {} };
  writes.push(ranking.put({ current, earlier: kept.earlier } satisfies ResetRecord, RESET_KEY), ranking.put(true, STALE_KEY));
  await Promise.all(writes);
  await tx.done;
}
