/**
 * The seen ledger on the database (schema v8): one record per arXiv month, a Map of paper id →
 * SeenRecord. A page's marks arrive in batches and are written in one transaction; a listing asks
 * for its cards' records, which reads only their months. Every record read back is checked.
 */
import type { IDBPDatabase } from 'idb';
import type { PaperlightDB } from './database';
import { SeenRecord, withMark, type SeenMark } from '../model/seen';
import { shardOf } from './shards';

type DB = IDBPDatabase<PaperlightDB>;
type SeenShard = Map<string, unknown>;

const STORE = 'seenShards';

const monthsOf = (ids: Iterable<string>) => [...new Set([...ids].map(shardOf))];

/** The shards of `months` as stored (an unreadable one reads as empty: it is rewritten whole on the
 * next write to that month). */
async function readShards(store: { get(key: string): Promise<unknown> }, months: readonly string[]): Promise<Map<string, SeenShard>> {
  const shards = await Promise.all(months.map((month) => store.get(month)));
  return new Map(months.map((month, index) => [month, shards[index] instanceof Map ? (shards[index] as SeenShard) : new Map()]));
}

const checkedRecord = (value: unknown): SeenRecord | undefined => {
  const parsed = SeenRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** Changes the records of `ids` in one transaction; `change` returns the new record, or null to drop it. */
async function updateRecords(db: DB, ids: readonly string[], change: (id: string, record: SeenRecord | undefined) => SeenRecord | null): Promise<void> {
  if (ids.length === 0) return;
  const tx = db.transaction(STORE, 'readwrite');
  const shards = await readShards(tx.store, monthsOf(ids));
  for (const id of ids) {
    const shard = shards.get(shardOf(id))!;
    const next = change(id, checkedRecord(shard.get(id)));
    if (next) shard.set(id, next);
    else shard.delete(id);
  }
  await Promise.all([...shards].map(([month, shard]) => (shard.size > 0 ? tx.store.put(shard, month) : tx.store.delete(month))));
  await tx.done;
}

/** Records that these papers were seen at `now` (a page's batch). */
export function markSeen(db: DB, marks: readonly SeenMark[], now = Date.now()): Promise<void> {
  const byId = new Map<string, SeenMark[]>();
  for (const mark of marks) byId.set(mark.id, [...(byId.get(mark.id) ?? []), mark]);
  return updateRecords(db, [...byId.keys()], (id, record) => byId.get(id)!.reduce<SeenRecord | undefined>((next, mark) => withMark(next, mark, now), record)!);
}

/** The records of those of `ids` in the ledger. */
export async function seenAmong(db: DB, ids: readonly string[]): Promise<Record<string, SeenRecord>> {
  const tx = db.transaction(STORE, 'readonly');
  const shards = await readShards(tx.store, monthsOf(ids));
  await tx.done;
  const found: Record<string, SeenRecord> = {};
  for (const id of ids) {
    const record = checkedRecord(shards.get(shardOf(id))!.get(id));
    if (record) found[id] = record;
  }
  return found;
}

/** Dismisses `ids` for good at `at`, or (null) takes their dismissal back. */
export function setDismissed(db: DB, ids: readonly string[], at: number | null): Promise<void> {
  return updateRecords(db, ids, (_id, record) => {
    if (at !== null) return { ...(record ?? { first: at, last: at, how: 0, upvotes: null }), dismissed: at };
    if (!record) return null;
    // A record that only held the dismissal goes with it.
    if (record.how === 0) return null;
    const rest = { ...record };
    delete rest.dismissed;
    return rest;
  });
}

/** Puts these papers' records back as they were (null: none), as an undo does. */
export function restoreSeen(db: DB, records: Readonly<Record<string, SeenRecord | null>>): Promise<void> {
  return updateRecords(db, Object.keys(records), (id) => records[id] ?? null);
}

/** Every record, checked (the backup's `seen`). */
export async function allSeen(db: DB): Promise<Record<string, SeenRecord>> {
  const all: Record<string, SeenRecord> = {};
  for (const shard of await db.getAll(STORE)) {
    if (!(shard instanceof Map)) continue;
    for (const [id, value] of shard) {
      const record = checkedRecord(value);
      if (record) all[String(id)] = record;
    }
  }
  return all;
}

/** Replaces the whole ledger (a restore, or clearing it with `{}`). */
export async function replaceSeen(db: DB, records: Readonly<Record<string, SeenRecord>>): Promise<void> {
  const tx = db.transaction(STORE, 'readwrite');
  await tx.store.clear();
  const shards = new Map<string, SeenShard>();
  for (const [id, record] of Object.entries(records)) {
    const month = shardOf(id);
    if (!shards.has(month)) shards.set(month, new Map());
    shards.get(month)!.set(id, record);
  }
  await Promise.all([...shards].map(([month, shard]) => tx.store.put(shard, month)));
  await tx.done;
}

/** Forgets papers last seen before `before` (dismissals stay: they are the reader's decisions);
 * how many went. */
export async function forgetSeenBefore(db: DB, before: number): Promise<number> {
  const tx = db.transaction(STORE, 'readwrite');
  let forgotten = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const shard = cursor.value instanceof Map ? cursor.value : new Map<string, unknown>();
    let changed = false;
    for (const [id, value] of shard) {
      const record = checkedRecord(value);
      if (record?.dismissed !== undefined || (record && record.last >= before)) continue;
      shard.delete(id);
      forgotten++;
      changed = true;
    }
    if (changed) await (shard.size > 0 ? cursor.update(shard) : cursor.delete());
  }
  await tx.done;
  return forgotten;
}
