/**
 * v7 (frozen): one shard per arXiv month instead of eight. Chrome reads an IndexedDB record of a
 * few hundred kilobytes in about 2.5 ms whatever its size, so the record count sets how long the
 * whole list takes to arrive: 96 shards per table were ~250 ms for a 10,000-paper library, 12 are
 * ~90 (scripts/idb-floor.mjs). Writing a month's shard stays a few milliseconds for a reader's
 * month of saves. Records move as they are, broken ones too; the summary does not name shards. A
 * shard that is not a Map could never be read (the store takes it for an empty one) and is dropped.
 */
import type { Migration } from './migration';

const STORES = ['paperShards', 'abstractShards', 'tagShards'] as const;
const ARXIV = /^(\d{4})\.\d{4,5}/;

/** `2407` for 2407.21783; ids that are not arXiv ids (only damaged records) share `other`. */
function monthOf(id: string): string {
  return ARXIV.exec(id)?.[1] ?? 'other';
}

export const v7: Migration = async (_db, tx) => {
  for (const name of STORES) {
    const store = tx.objectStore(name);
    const shards = (await store.getAll()) as unknown[];
    const months = new Map<string, Map<string, unknown>>();
    for (const shard of shards) {
      if (!(shard instanceof Map)) continue;
      for (const [id, value] of shard as Map<unknown, unknown>) {
        const key = monthOf(String(id));
        let month = months.get(key);
        if (!month) months.set(key, (month = new Map()));
        month.set(String(id), value);
      }
    }
    await store.clear();
    await Promise.all(Array.from(months, ([key, month]) => store.put(month, key)));
  }
};
