/**
 * The library as sync sees it (lib/sync/): the user's decisions read, and another device's
 * decisions written, each in one transaction. A paper saved or tagged on another device and never
 * seen here gets a record that names it by its arXiv id until its details are read
 * (`detailsPending`).
 */
import type { IDBPDatabase } from 'idb';
import { pick } from 'zod/mini';
import type { PaperlightDB } from './database';
import { deletePaper, joinPaper, loadPapers, putPaper } from './papers';
import { PaperTags, SavedPaper, Tag, type PaperInput } from '../model/records';
import { Rule } from '../model/rule';
import type { LocalDecisions, PaperDecisions, SyncPatch } from '../model/sync-decisions';
import type { TagWithCount } from '../model/changes';
import { settingsIn } from './settings';
import { LibraryChanged } from './library';
import { readLibraryStores, readSummary, writeLibrary, type ShardSession } from './shards';
import { checkedTagRecord, manualOf, putTags, withCounts } from './tags';

type DB = IDBPDatabase<PaperlightDB>;

const Decided = pick(SavedPaper, { savedAt: true, state: true, note: true, stateChangedAt: true });

function decisionsOf(savedRaw: unknown, tagsRaw: unknown): PaperDecisions | null {
  const saved = savedRaw === undefined ? undefined : Decided.safeParse(savedRaw);
  const keys = (tagsRaw as Partial<PaperTags> | null | undefined)?.tags;
  const tags = Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
  if (!saved?.success && tags.length === 0) return null;
  return { saved: saved?.success ? saved.data : null, tags };
}

/** The decisions about `ids` (every paper when 'all'), and every tag, rule and setting. */
export async function readDecisions(db: DB, ids: 'all' | readonly string[]): Promise<LocalDecisions> {
  return readLibraryStores(db, async (shards) => {
    const [tags, rules, settings, summary] = await Promise.all([
      shards.tx.objectStore('tags').getAll(),
      shards.tx.objectStore('rules').getAll(),
      settingsIn(shards.tx.objectStore('meta')),
      readSummary(shards.tx.objectStore('meta')),
      ids === 'all' ? Promise.all([shards.loadAll('papers'), shards.loadAll('tags')]) : Promise.all([shards.load('papers', ids), shards.load('tags', ids)]),
    ]);
    const papers = new Map<string, PaperDecisions>();
    const every = ids === 'all' ? new Set([...Array.from(shards.entries('papers'), ([id]) => id), ...Array.from(shards.entries('tags'), ([id]) => id)]) : ids;
    for (const id of every) {
      const decided = decisionsOf(shards.get('papers', id), shards.get('tags', id));
      if (decided) papers.set(id, decided);
    }
    const valid = <T>(schema: { safeParse(raw: unknown): { success: boolean; data?: T } }, raws: unknown[]) => raws.flatMap((raw) => {
      const parsed = schema.safeParse(raw);
      return parsed.success ? [parsed.data as T] : [];
    });
    return { version: summary?.version ?? 0, papers, tags: valid<Tag>(Tag, tags), rules: valid<Rule>(Rule, rules), settings };
  });
}

/** What a sync write changed, for the views. */
export interface SyncApplied {
  saved: SavedPaper[];
  removed: string[];
  /** Papers whose tags changed, with their tags after. */
  tagged: { id: string; tags: string[] }[];
  /** Every tag with its count, when tags or tag definitions changed. */
  tags: TagWithCount[] | null;
}

/** A paper as far as this device knows it: its saved record, its tag record's, or only its id. */
function knownPaper(shards: ShardSession, id: string): PaperInput {
  const saved = SavedPaper.safeParse(joinPaper(shards, id));
  if (saved.success) {
    const { title, authors, abstract, publishedAt, organization, upvotes, sourceUrl } = saved.data;
    return { id, title, authors, abstract, publishedAt, organization, upvotes, sourceUrl };
  }
  const tagged = checkedTagRecord(shards.get('tags', id));
  if (tagged) return tagged.paper;
  return { id, title: id, authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: `https://huggingface.co/papers/${id}` };
}

/**
 * Writes another device's decisions (a patch planned from the sync document against the library
 * at `expectedVersion`). A library written since then throws LibraryChanged and nothing is
 * written: the caller records that change first and plans again.
 */
export async function applySyncPatch(db: DB, patch: SyncPatch, expectedVersion: number): Promise<SyncApplied> {
  return writeLibrary(db, async (shards) => {
    if (shards.current().version !== expectedVersion) throw new LibraryChanged();
    const ids = patch.papers.map((change) => change.id);
    await Promise.all([loadPapers(shards, ids), shards.load('tags', ids)]);
    const tagStore = shards.tx.objectStore('tags');
    for (const tag of patch.tags.put) await tagStore.put(Tag.parse(tag));
    for (const key of patch.tags.remove) await tagStore.delete(key);
    const applied: SyncApplied = { saved: [], removed: [], tagged: [], tags: null };
    for (const change of patch.papers) {
      const paper = knownPaper(shards, change.id);
      if (change.saved === null) {
        if (shards.get('papers', change.id) !== undefined) applied.removed.push(change.id);
        deletePaper(shards, change.id);
      } else if (change.saved) {
        const before = SavedPaper.safeParse(joinPaper(shards, change.id));
        const stateChangedAt = before.success && before.data.state === change.saved.state ? before.data.stateChangedAt : (change.saved.stateChangedAt ?? null);
        const record = SavedPaper.parse({
          ...(before.success ? before.data : paper),
          savedAt: change.saved.savedAt,
          state: change.saved.state,
          note: change.saved.note,
          stateChangedAt,
          ...(!before.success && paper.title === paper.id && { detailsPending: true }),
        });
        putPaper(shards, record);
        applied.saved.push(record);
      }
      if (change.tags) {
        const existing = checkedTagRecord(shards.get('tags', change.id));
        const wanted = new Set(change.tags);
        const auto = (existing?.auto ?? []).filter((entry) => wanted.has(entry.key));
        // A rule's tag taken off on another device stays off here too (as taking it off here does).
        const dismissed = [...new Set([...(existing?.dismissed ?? []), ...(existing?.auto ?? []).filter((entry) => !wanted.has(entry.key)).map((entry) => entry.rule)])];
        const manual = change.tags.filter((key) => !auto.some((entry) => entry.key === key) || manualOf(existing).includes(key));
        const base = pick(PaperTags, { id: true, paper: true, dismissed: true }).parse({ id: change.id, paper: existing?.paper ?? paper, dismissed: dismissed.length > 0 ? dismissed : undefined });
        applied.tagged.push(putTags(shards, base, manual, auto));
      }
    }
    if (patch.tags.put.length + patch.tags.remove.length + applied.tagged.length > 0) applied.tags = await withCounts(shards);
    return applied;
  });
}
