/**
 * The sync document into `storage.sync` items, within its quotas (quota.ts). Papers go by arXiv
 * month, an item holding whole papers only, so every item reads on its own whatever other items
 * another device wrote meanwhile; each item is JSON compressed (deflate) and base64. When the
 * library is larger than the budget, the papers most recently touched sync and the rest stay on
 * this device (the plan says which). Packing is a function of the document alone: two devices
 * holding the same document write the same items.
 */
import { clockTime } from './clock';
import { encodeMeta, encodePaper, type DocPart } from './codec';
import { newestClock, type PaperEntry, type SyncDoc } from './doc';
import { paperSaved } from './resolve';
import { itemBytes, NOTE_SYNC_MAX, SYNC_BUDGET, SYNC_KEY_PREFIX, SYNC_QUOTA, TOMBSTONE_MS } from './quota';

export interface PackPlan {
  /** Key → value, for `storage.sync.set`. */
  items: Map<string, string>;
  /** What the items hold, as a document (to tell whether sync storage holds all of it already). */
  doc: SyncDoc;
  bytes: number;
  /** Saved papers in all, and how many of them sync. */
  saved: number;
  savedSynced: number;
  /** Saved papers that do not sync (the budget is full), most recently touched first. */
  localOnly: string[];
  /** Saved papers whose note is too long to sync (the rest of the paper syncs). */
  longNotes: string[];
}

const META_KEY = `${SYNC_KEY_PREFIX}m`;
const monthKey = (month: string, index: number) => `${SYNC_KEY_PREFIX}p${month}.${index}`;

async function compress(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function decompress(value: string): Promise<string> {
  const binary = atob(value);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
}

/** An item's value read back: the part it holds, or null when it is not one Paperlight can read. */
export async function unpackItem(value: unknown): Promise<unknown> {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(await decompress(value)) as unknown;
  } catch {
    return null;
  }
}

/** Rows into items of at most the per-item quota (`part` makes an item's content from its rows),
 * splitting in halves where one is too large. */
async function packRows<Row>(rows: readonly Row[], keyOf: (index: number) => string, part: (rows: readonly Row[]) => DocPart): Promise<string[]> {
  const values: string[] = [];
  const pack = async (slice: readonly Row[]): Promise<void> => {
    const value = await compress(JSON.stringify(part(slice)));
    if (itemBytes(keyOf(values.length), value) <= SYNC_QUOTA.perItem || slice.length <= 1) {
      values.push(value);
      return;
    }
    const half = Math.ceil(slice.length / 2);
    await pack(slice.slice(0, half));
    await pack(slice.slice(half));
  };
  await pack(rows);
  return values;
}

/** The entry as it syncs: a note longer than NOTE_SYNC_MAX stays on this device. */
const withSyncedNote = (entry: PaperEntry): PaperEntry => {
  if ((entry.note?.[1].length ?? 0) <= NOTE_SYNC_MAX) return entry;
  const rest = { ...entry };
  delete rest.note;
  return rest;
};

interface Candidate {
  id: string;
  entry: PaperEntry;
  newest: string;
  saved: boolean;
}

/** The papers that may sync, most recently touched first: removals older than TOMBSTONE_MS are
 * left to the devices that saw them. */
function candidates(doc: SyncDoc, now: number): Candidate[] {
  const list: Candidate[] = [];
  for (const [id, entry] of doc.papers) {
    const newest = newestClock(entry);
    const saved = paperSaved(entry);
    const tagged = [...(entry.tags?.values() ?? [])].some(([, on]) => on === 1);
    if (!saved && !tagged && now - clockTime(newest) > TOMBSTONE_MS) continue;
    list.push({ id, entry, newest, saved });
  }
  return list.sort((a, b) => (a.newest !== b.newest ? (a.newest < b.newest ? 1 : -1) : a.id < b.id ? -1 : 1));
}

async function packPapers(chosen: readonly Candidate[]): Promise<Map<string, string>> {
  const months = new Map<string, Candidate[]>();
  for (const candidate of chosen) {
    const month = candidate.id.slice(0, 4);
    months.set(month, [...(months.get(month) ?? []), candidate]);
  }
  const items = new Map<string, string>();
  for (const month of [...months.keys()].sort()) {
    const rows = months
      .get(month)!
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(({ id, entry }) => encodePaper(id, withSyncedNote(entry)));
    const values = await packRows(rows, (index) => monthKey(month, index), (slice) => ({ v: 1, p: [...slice] }));
    values.forEach((value, index) => items.set(monthKey(month, index), value));
  }
  return items;
}

const total = (items: Map<string, string>) => [...items].reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);

/** How many papers a sample packs into, to guess where the budget ends before packing them all. */
const SAMPLE = 300;

/**
 * The most recently touched papers that fit in `bytes` and `items`, packed. Packing is the cost
 * (compressing), so it starts from a guess made from a sample, then steps toward the budget,
 * keeping the largest count that fits; a library within the budget is packed once.
 */
async function fitPapers(all: readonly Candidate[], bytes: number, items: number): Promise<{ count: number; papers: Map<string, string> }> {
  const fits = (packed: Map<string, string>) => total(packed) <= bytes && packed.size <= items;
  let count = all.length;
  if (all.length > SAMPLE) {
    const perPaper = total(await packPapers(all.slice(0, SAMPLE))) / SAMPLE;
    count = Math.min(all.length, Math.ceil((bytes / perPaper) * 1.1));
  }
  let best = { count: 0, papers: new Map<string, string>() };
  let over = all.length + 1;
  for (let round = 0; round < 12 && count > best.count && count < over; round++) {
    const papers = await packPapers(all.slice(0, count));
    const used = total(papers);
    if (fits(papers)) {
      best = { count, papers };
      // All of them, or within 3 % of the budget: close enough.
      if (count === all.length || used >= bytes * 0.97) break;
    } else over = count;
    // Scale by what is left (or over), a little short of it; the last rounds halve the gap.
    const byBytes = Math.floor(((count * bytes) / Math.max(1, used)) * 0.985);
    const byItems = Math.floor((count * items) / Math.max(1, papers.size));
    const guess = Math.min(all.length, byBytes, byItems);
    count = guess > best.count && guess < over ? guess : Math.floor((best.count + over) / 2);
  }
  return best;
}

/** The items that hold `doc` within the budget. */
export async function packDoc(doc: SyncDoc, now: number, budget: number = SYNC_BUDGET.bytes): Promise<PackPlan> {
  const meta = encodeMeta(doc);
  type MetaRow = ['g' | 'r' | 'o', unknown];
  const metaRows: MetaRow[] = [...meta.g.map((row): MetaRow => ['g', row]), ...meta.r.map((row): MetaRow => ['r', row]), ...meta.o.map((row): MetaRow => ['o', row])];
  const metaValues = await packRows(metaRows, (index) => `${META_KEY}${index}`, (slice) => ({
    v: 1,
    g: slice.filter(([kind]) => kind === 'g').map(([, row]) => row),
    r: slice.filter(([kind]) => kind === 'r').map(([, row]) => row),
    o: slice.filter(([kind]) => kind === 'o').map(([, row]) => row),
  }));
  const metaItems = new Map(metaValues.map((value, index) => [`${META_KEY}${index}`, value]));
  const metaBytes = total(metaItems);
  const all = candidates(doc, now);
  const { count, papers } = await fitPapers(all, budget - metaBytes, SYNC_BUDGET.items - metaItems.size);
  const chosen = all.slice(0, count);
  const items = new Map([...metaItems, ...papers]);
  const syncedIds = new Set(chosen.map((candidate) => candidate.id));
  const savedAll = all.filter((candidate) => candidate.saved);
  // (The tombstone cut leaves out only papers neither saved nor tagged: every saved one is in `all`.)
  const packed: SyncDoc = { papers: new Map(chosen.map(({ id, entry }) => [id, withSyncedNote(entry)])), tags: doc.tags, rules: doc.rules, settings: doc.settings };
  return {
    items,
    doc: packed,
    bytes: total(items),
    saved: savedAll.length,
    savedSynced: savedAll.filter((candidate) => syncedIds.has(candidate.id)).length,
    localOnly: savedAll.filter((candidate) => !syncedIds.has(candidate.id)).map((candidate) => candidate.id),
    longNotes: chosen.filter((candidate) => candidate.saved && (candidate.entry.note?.[1].length ?? 0) > NOTE_SYNC_MAX).map((candidate) => candidate.id),
  };
}

/** Whether a `storage.sync` key is one of Paperlight's. */
export const isSyncKey = (key: string) => key.startsWith(SYNC_KEY_PREFIX);
