/**
 * v6 (frozen): saved papers and the papers' tags move into shards, many papers to a record:
 * Chrome's IndexedDB costs the same per record whatever its size, so 10,000 papers were seconds to
 * write. The abstract goes to a table of its own, read only for search and export; a summary
 * record (counts by state and tag, the newest saves with their tags) takes the place of the
 * indexes. Broken records move as they are.
 *
 * Everything below is a copy of what the store did when v6 shipped (shards.ts then), so that later
 * changes to the live shard code never change what this step does to a v5 library.
 */
import type { Migration } from './migration';

const STORES = { papers: 'paperShards', abstracts: 'abstractShards', tags: 'tagShards' } as const;
type Table = keyof typeof STORES;
const SUMMARY_KEY = 'summary';
const NEWEST_KEEP = 60;
const ARXIV = /^(\d{4})\.(\d{4,5})/;
const PER_MONTH = 8;

/** `2407-3` for 2407.21783; ids that are not arXiv ids share eight shards of their own. */
function shardOf(id: string): string {
  const arxiv = ARXIV.exec(id);
  if (arxiv) return `${arxiv[1]}-${Number(arxiv[2]) % PER_MONTH}`;
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return `other-${(hash >>> 0) % PER_MONTH}`;
}

const record = (value: unknown): Record<string, unknown> | null => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null);
const savedAtOf = (value: unknown): number | null => {
  const savedAt = record(value)?.savedAt;
  return typeof savedAt === 'number' && Number.isFinite(savedAt) ? savedAt : null;
};
const tagKeysOf = (value: unknown): string[] => {
  const tags = record(value)?.tags;
  return Array.isArray(tags) ? [...new Set(tags.filter((key): key is string => typeof key === 'string'))] : [];
};
const stateOf = (value: unknown): string => {
  const state = record(value)?.state;
  return typeof state === 'string' ? state : '';
};
const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Newest save first; the same save time, the higher id first (the v5 index's order, reversed). */
function newestFirst(a: { id: string; savedAt: number }, b: { id: string; savedAt: number }): number {
  return b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export const v6: Migration = async (db, tx) => {
  for (const store of Object.values(STORES)) db.createObjectStore(store);
  const [papers, links] = (await Promise.all([tx.objectStore('papers').getAll(), tx.objectStore('paperTags').getAll()])) as [unknown[], unknown[]];

  const shards: Record<Table, Map<string, Map<string, unknown>>> = { papers: new Map(), abstracts: new Map(), tags: new Map() };
  const put = (table: Table, id: string, value: unknown) => {
    const key = shardOf(id);
    let shard = shards[table].get(key);
    if (!shard) shards[table].set(key, (shard = new Map()));
    shard.set(id, value);
  };
  for (const paper of papers as Record<string, unknown>[]) {
    const { abstract, ...listed } = paper;
    const id = String(paper.id);
    put('papers', id, listed);
    if ('abstract' in paper) put('abstracts', id, abstract);
  }
  for (const link of links) put('tags', String(record(link)?.id), link);

  const states = new Map<string, number>();
  const tagCounts = new Map<string, number>();
  let count = 0;
  const listed: unknown[] = [];
  for (const shard of shards.papers.values()) {
    for (const value of shard.values()) {
      count++;
      bump(states, stateOf(value));
      if (savedAtOf(value) !== null) listed.push(value);
    }
  }
  for (const shard of shards.tags.values()) for (const value of shard.values()) for (const key of tagKeysOf(value)) bump(tagCounts, key);
  const idOf = (value: unknown) => String(record(value)?.id ?? '');
  const rankOf = (value: unknown) => ({ id: idOf(value), savedAt: savedAtOf(value) ?? 0 });
  listed.sort((a, b) => newestFirst(rankOf(a), rankOf(b)));
  const newest = listed.slice(0, NEWEST_KEEP).map((paper) => {
    const id = idOf(paper);
    return { paper, tags: tagKeysOf(shards.tags.get(shardOf(id))?.get(id)) };
  });
  const summary = { version: 1, papers: count, states, tagCounts, newest, complete: listed.length <= NEWEST_KEEP };

  db.deleteObjectStore('papers');
  db.deleteObjectStore('paperTags');
  const writes: Promise<unknown>[] = [];
  for (const table of Object.keys(STORES) as Table[]) {
    const store = tx.objectStore(STORES[table]);
    for (const [key, shard] of shards[table]) writes.push(store.put(shard, key));
  }
  writes.push(tx.objectStore('meta').put({ key: SUMMARY_KEY, value: summary }));
  await Promise.all(writes);
};
