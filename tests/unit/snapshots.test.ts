/**
 * Snapshots (issue #15 §1): kept apart from the library, pruned by kind, taken once a day and before
 * every destructive change (which does not happen without its snapshot), restored with an undo.
 */
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { v1Snapshots } from '@/lib/store/migrations/snapshots-v1';
import { snapshotKeeper } from '@/lib/background/snapshot-keeper';
import { packSnapshot, readSnapshotText, snapshotFileName, unpackSnapshotText } from '@/lib/library/snapshot-file';
import { exportJson } from '@/lib/library/formats/json';
import { parseJson } from '@/lib/library/formats/json';
import { Settings, type Library } from '@/lib/model/library';
import { KEEP, type SnapshotEntry } from '@/lib/model/snapshot';
import { openSnapshots, type Snapshots, type Store } from '@/lib/store';
import { openSnapshotsDatabase } from '@/lib/store/snapshots-database';
import { backgroundOn } from './background-harness';
import { NOW, libraryPaper, openTestStore, paperInput, uniqueDbName } from './test-data';

function library(count: number): Library {
  return {
    papers: Array.from({ length: count }, (_, i) => libraryPaper(`2401.${String(i).padStart(5, '0')}`, { savedAt: NOW + i, note: i % 3 ? '' : `Note ${i}`, tags: i % 2 ? ['llm'] : [] })),
    tags: [{ key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 }],
    rules: [{ id: 'r1', pattern: 'diffusion', kind: 'word', caseSensitive: false, fields: ['title'], color: '#ca8a04', action: 'auto-tag', muteStyle: 'dim', tag: 'llm', enabled: true, disabledReason: null, createdAt: 1 }],
    settings: Settings.parse({ openMarksReading: false, keyBindings: { next: 'l' } }),
  };
}

const entry = (reason: SnapshotEntry['reason'], takenAt: number): Omit<SnapshotEntry, 'id'> => ({ takenAt, reason, papers: 1, tags: 0, rules: 0, notes: 0, bytes: 3, version: 1 });
const body = () => new Uint8Array([1, 2, 3]).buffer;

async function setup(clock = { now: NOW }) {
  const store = await openTestStore();
  const snapshots = await openSnapshots(uniqueDbName());
  const taken = vi.fn(async () => {});
  const keeper = snapshotKeeper(
    async () => store,
    async () => snapshots,
    { now: () => clock.now, taken },
  );
  const { deps, send, broadcasts } = backgroundOn(store, { snapshots: keeper });
  return { store, snapshots, keeper, deps, send, broadcasts, taken, clock };
}

async function exported(store: Store) {
  const { papers, tags, rules, settings } = await store.library.export();
  return { papers, tags, rules, settings };
}

describe('a snapshot body', () => {
  it('is the JSON export, compressed, and reads back as the same library', async () => {
    const whole = library(300);
    const packed = await packSnapshot(whole, NOW, new Set());
    const text = await unpackSnapshotText(packed.body, packed.shards);
    expect(text).toBe(exportJson(whole, NOW));
    const parsed = parseJson(text);
    expect(parsed.ok && parsed.library.papers).toEqual(whole.papers);
    expect(parsed.ok && parsed.library.settings).toEqual(whole.settings);
    // Compressed: a small fraction of the text.
    expect(packed.bytes).toBeLessThan(text.length / 4);
  });

  it('stores each month’s abstracts once: a later snapshot adds only the months that changed', async () => {
    const whole = { ...library(50), papers: [...library(50).papers, libraryPaper('2402.00001', { abstract: 'February.' }), libraryPaper('2402.00002', { abstract: null })] };
    const first = await packSnapshot(whole, NOW, new Set());
    expect(first.keys).toHaveLength(2);
    expect([...first.shards.keys()]).toEqual(first.keys);
    const same = await packSnapshot(whole, NOW + 1, new Set(first.keys));
    expect(same.keys).toEqual(first.keys);
    expect(same.shards.size).toBe(0);
    const edited = { ...whole, papers: whole.papers.map((paper) => (paper.id === '2402.00001' ? { ...paper, abstract: 'February, revised.' } : paper)) };
    const next = await packSnapshot(edited, NOW + 2, new Set(first.keys));
    expect([...next.shards.keys()]).toEqual([next.keys[1]]);
    expect(next.keys[0]).toBe(first.keys[0]);
    const text = await unpackSnapshotText(next.body, new Map([[first.keys[0]!, first.shards.get(first.keys[0]!)!], ...next.shards]));
    expect(text).toBe(exportJson(edited, NOW + 2));
  });

  it('reads a snapshot of schema v1 (the whole export in its body)', async () => {
    const t = await setup();
    const whole = library(5);
    const gzip = new CompressionStream('gzip');
    const writer = gzip.writable.getWriter();
    void writer.write(new TextEncoder().encode(exportJson(whole, NOW)));
    void writer.close();
    const v1 = await t.snapshots.add(entry('import', 1), await new Response(gzip.readable).arrayBuffer());
    await t.keeper.restore(v1.id);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect((await exported(t.store)).papers.sort(byId)).toEqual([...whole.papers].sort(byId));
  });

  it('is named for when it was taken', () => {
    expect(snapshotFileName({ takenAt: new Date(2026, 11, 5, 9, 3).getTime() })).toBe('paperlight-snapshot-2026-12-05-0903.json');
  });
});

describe('the snapshots store', () => {
  it('lists newest first and keeps the last 7 daily and the last 10 others', async () => {
    const snapshots = await openSnapshots(uniqueDbName());
    for (let day = 0; day < 9; day++) await snapshots.add(entry('daily', day * 1_000), body());
    for (let n = 0; n < 12; n++) await snapshots.add(entry(n % 2 ? 'tag-delete' : 'import', 100 + n), body());
    const list = await snapshots.list();
    expect(list.filter((e) => e.reason === 'daily').map((e) => e.takenAt)).toEqual([8_000, 7_000, 6_000, 5_000, 4_000, 3_000, 2_000]);
    expect(list.filter((e) => e.reason !== 'daily')).toHaveLength(KEEP.before);
    expect(list.filter((e) => e.reason !== 'daily').at(-1)?.takenAt).toBe(102);
    expect(list.map((e) => e.takenAt)).toEqual([...list.map((e) => e.takenAt)].sort((a, b) => b - a));
    // Bodies go with their entries.
    expect(await snapshots.body(1)).toBeNull();
    expect(new Uint8Array((await snapshots.body(list[0]!.id))!)).toEqual(new Uint8Array([1, 2, 3]));
    snapshots.close();
  });

  it('lets an abstract shard go with the last snapshot that names it, and refuses one naming a shard it lacks', async () => {
    const snapshots = await openSnapshots(uniqueDbName());
    const shard = (n: number) => new Uint8Array([n]).buffer;
    await snapshots.add({ ...entry('import', 1), abstractShards: ['2401:a'] }, body(), new Map([['2401:a', shard(1)]]));
    await snapshots.add({ ...entry('import', 2), abstractShards: ['2401:a', '2402:b'] }, body(), new Map([['2402:b', shard(2)]]));
    expect(await snapshots.abstractShardKeys()).toEqual(new Set(['2401:a', '2402:b']));
    for (let n = 0; n < KEEP.before - 1; n++) await snapshots.add({ ...entry('import', 10 + n), abstractShards: ['2402:b'] }, body());
    // The first snapshot went; 2401:a went with it; the one naming both is still kept.
    expect(await snapshots.abstractShardKeys()).toEqual(new Set(['2401:a', '2402:b']));
    await snapshots.add({ ...entry('import', 50), abstractShards: ['2402:b'] }, body());
    expect(await snapshots.abstractShardKeys()).toEqual(new Set(['2402:b']));
    expect([...(await snapshots.abstractShards(['2401:a', '2402:b'])).keys()]).toEqual(['2402:b']);
    const before = (await snapshots.list()).length;
    await expect(snapshots.add({ ...entry('import', 60), abstractShards: ['2401:a'] }, body())).rejects.toThrow(/not kept/);
    expect(await snapshots.list()).toHaveLength(before);
    snapshots.close();
  });

  it('upgrades a v1 snapshots database: its snapshots stay listed and readable, with a store for shared abstracts', async () => {
    const name = uniqueDbName();
    const v1 = await openDB(name, 1, { upgrade: (db) => v1Snapshots(db as never) });
    await v1.put('entries', { ...entry('daily', 7), id: 1 });
    await v1.put('bodies', body(), 1);
    v1.close();
    const snapshots = await openSnapshots(name);
    expect((await snapshots.list()).map((e) => e.id)).toEqual([1]);
    expect(new Uint8Array((await snapshots.body(1))!)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await snapshots.abstractShardKeys()).toEqual(new Set());
    snapshots.close();
  });

  it('leaves out an entry that does not check, and keeps the rest', async () => {
    const name = uniqueDbName();
    const snapshots = await openSnapshots(name);
    await snapshots.add(entry('daily', 1), body());
    const raw = await openSnapshotsDatabase(name);
    await raw.put('entries', { id: 99, takenAt: 'yesterday', reason: 'daily' });
    expect((await snapshots.list()).map((e) => e.takenAt)).toEqual([1]);
    raw.close();
    snapshots.close();
  });
});

describe('snapshotKeeper', () => {
  it('takes the day’s snapshot once, and none of an empty library', async () => {
    const t = await setup();
    expect(await t.keeper.daily()).toBeNull();
    await t.store.papers.save(paperInput('2407.21783'), 1);
    const [first, again] = await Promise.all([t.keeper.daily(), t.keeper.daily()]);
    expect(first).toMatchObject({ reason: 'daily', papers: 1 });
    expect(again).toBe(first);
    expect(await t.keeper.daily()).toBeNull();
    // The next day (a new background, too, finds today's in the list).
    t.clock.now += 24 * 3_600_000;
    expect(await t.keeper.daily()).toMatchObject({ reason: 'daily' });
    const fresh = snapshotKeeper(async () => t.store, async () => t.snapshots, { now: () => t.clock.now });
    expect(await fresh.daily()).toBeNull();
    expect((await t.snapshots.list()).filter((e) => e.reason === 'daily')).toHaveLength(2);
    expect(t.taken).toHaveBeenCalledTimes(2);
  });

  it('restores a snapshot exactly, after a snapshot of the library as it was (the undo)', async () => {
    const t = await setup();
    await t.store.library.replace(library(40));
    const before = await exported(t.store);
    const snapshot = await t.keeper.before('import');
    expect(snapshot).toMatchObject({ papers: 40, tags: 1, rules: 1, notes: 14 });
    await t.store.library.replace({ papers: [], tags: [], rules: [] });

    const { restored, undo } = await t.keeper.restore(snapshot.id);
    expect(restored.papers).toBe(40);
    expect(undo).toMatchObject({ reason: 'restore', papers: 0 });
    expect(await exported(t.store)).toEqual(before);

    // And the undo brings back the empty library.
    await t.keeper.restore(undo.id);
    expect((await t.store.library.export()).papers).toEqual([]);
  });

  it('a second snapshot of the same library stores its body only: the abstracts are kept once', async () => {
    const t = await setup();
    await t.store.library.replace({ ...library(40), papers: library(40).papers.map((paper, i) => ({ ...paper, abstract: `Abstract ${Array.from({ length: 200 }, (_, j) => ((i * 7_919 + j * 104_729) % 100_003).toString(36)).join(' ')}` })) });
    const first = await t.keeper.before('import');
    const second = await t.keeper.before('bulk-remove');
    expect(second.abstractShards).toEqual(first.abstractShards);
    expect(second.bytes).toBeLessThan(first.bytes / 2);
    expect((await t.snapshots.abstractShardKeys()).size).toBe(first.abstractShards!.length);
    const parsed = parseJson(await readSnapshotText(t.snapshots, second));
    expect(parsed.ok && parsed.library.papers.every((paper) => paper.abstract?.startsWith('Abstract'))).toBe(true);
  });

  it('restores nothing when the library moved past the preview’s version', async () => {
    const t = await setup();
    await t.store.library.replace(library(3));
    const snapshot = await t.keeper.before('import');
    const version = (await t.store.library.version())!;
    await t.store.papers.save(paperInput('2407.21783'));
    await expect(t.keeper.restore(snapshot.id, version)).rejects.toThrow();
    expect(await t.send({ type: 'snapshot.restore', id: snapshot.id, expectedVersion: version })).toEqual({ changed: true });
    expect((await t.store.papers.list()).papers).toHaveLength(4);
  });

  it('refuses a snapshot that is gone or damaged, and changes nothing', async () => {
    const t = await setup();
    await t.store.library.replace(library(3));
    await expect(t.keeper.restore(12345)).rejects.toThrow(/no longer kept/);
    const damaged = await t.snapshots.add(entry('import', 5), new Uint8Array([31, 139, 8, 0, 1, 2]).buffer);
    await expect(t.keeper.restore(damaged.id)).rejects.toThrow();
    expect((await t.store.papers.list()).papers).toHaveLength(3);
  });
});

describe('destructive changes take a snapshot first', () => {
  const cases: [string, (t: Awaited<ReturnType<typeof setup>>) => Promise<unknown>, string][] = [
    ['papers.removeMany', (t) => t.send({ type: 'papers.removeMany', ids: ['2401.00000', '2401.00001'] }), 'bulk-remove'],
    ['tag.delete', (t) => t.send({ type: 'tag.delete', key: 'llm' }), 'tag-delete'],
    ['tag.rename merge', (t) => t.send({ type: 'tag.rename', key: 'llm', name: 'Other', merge: true }), 'tag-merge'],
    ['rule.delete (auto-tag)', (t) => t.send({ type: 'rule.delete', id: 'r1' }), 'rule-delete'],
    ['library.replace', (t) => t.send({ type: 'library.replace', library: { papers: [], tags: [], rules: [], settings: Settings.parse({}) } }), 'import'],
  ];

  it.each(cases)('%s', async (_name, change, reason) => {
    const t = await setup();
    await t.store.library.replace(library(10));
    const before = await exported(t.store);
    await change(t);
    // (The day's snapshot may be taken beside it: the first request of the day.)
    const newest = (await t.snapshots.list()).find((e) => e.reason !== 'daily');
    expect(newest).toMatchObject({ reason, papers: 10 });
    const text = await readSnapshotText(t.snapshots, newest!);
    const parsed = parseJson(text);
    expect(parsed.ok && parsed.library.papers).toEqual(before.papers);
  });

  it('the tag’s name goes with the snapshot’s reason', async () => {
    const t = await setup();
    await t.store.library.replace(library(4));
    await t.send({ type: 'tag.delete', key: 'llm' });
    expect((await t.snapshots.list()).find((e) => e.reason === 'tag-delete')?.detail).toBe('LLM');
  });

  it('a change whose snapshot cannot be taken does not happen, and says why', async () => {
    const t = await setup();
    await t.store.library.replace(library(5));
    const full: Snapshots = { ...t.snapshots, add: async () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) };
    t.deps.snapshots = snapshotKeeper(async () => t.store, async () => full);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(t.send({ type: 'papers.removeMany', ids: ['2401.00000'] })).rejects.toThrow(/could not take a snapshot.*nothing was changed.*quota/i);
    await expect(t.send({ type: 'tag.delete', key: 'llm' })).rejects.toThrow(/could not take a snapshot/);
    expect((await t.store.papers.list()).papers).toHaveLength(5);
    expect((await t.store.tags.list()).map((tag) => tag.key)).toEqual(['llm']);
    // The day's snapshot failed too, and said so without failing the request.
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('[paperlight] could not take the daily snapshot', expect.anything()));
    warn.mockRestore();
  });

  it('a highlight rule’s deletion, a plain rename and a merge import take none', async () => {
    const t = await setup();
    await t.store.library.replace({ ...library(3), rules: [{ ...library(3).rules[0]!, action: 'highlight', tag: null }] });
    await t.send({ type: 'rule.delete', id: 'r1' });
    await t.send({ type: 'tag.rename', key: 'llm', name: 'Language models', merge: false });
    expect((await t.snapshots.list()).filter((e) => e.reason !== 'daily')).toEqual([]);
  });
});

describe('the seen ledger in snapshots (issue #16)', () => {
  const marks = (ids: string[]) => ids.map((id) => ({ id, how: 'glimpsed' as const, upvotes: 4 }));

  it('is in every snapshot and comes back with a restore; forgetting it takes a snapshot first', async () => {
    const t = await setup();
    await t.store.papers.save(paperInput('2407.21783'), NOW);
    await t.store.seen.mark(marks(['2407.21783', '2407.00001']), NOW);
    await t.store.seen.dismiss(['2407.00002'], NOW + 1);
    const before = await t.store.seen.all();
    expect(await t.send({ type: 'seen.clear' })).toEqual({ forgotten: 3 });
    expect(await t.store.seen.all()).toEqual({});
    const [newest] = await t.snapshots.list();
    expect(newest).toMatchObject({ reason: 'seen-clear', detail: '3 papers' });
    // Nothing to forget: no snapshot.
    expect(await t.send({ type: 'seen.clear' })).toEqual({ forgotten: 0 });
    expect(await t.snapshots.list()).toHaveLength(1);

    await t.keeper.restore(newest!.id);
    expect(await t.store.seen.all()).toEqual(before);
    expect((await t.store.library.read()).papers.map((paper) => paper.id)).toEqual(['2407.21783']);
  });

  it('a snapshot of a library whose ledger is empty leaves the ledger as it is when restored', async () => {
    const t = await setup();
    await t.store.papers.save(paperInput('2407.21783'), NOW);
    const snapshot = await t.keeper.before('bulk-remove');
    await t.store.seen.mark(marks(['2407.00009']), NOW);
    await t.keeper.restore(snapshot.id);
    expect(Object.keys(await t.store.seen.all())).toEqual(['2407.00009']);
  });
});
