/**
 * The seen ledger (issue #16): its records' rules (ids without versions, the first sight and its
 * upvotes kept, rising), the store's operations on a year of use, the upgrade of a library that had
 * no ledger, and the page's batched reports.
 */
import { describe, expect, it, vi } from 'vitest';
import { REPORT_MS, seenReports } from '@/lib/content/seen-reports';
import { isRising, seenKey, SEEN_GLIMPSED, SEEN_OPENED, wasSeen, withMark, type SeenMark, type SeenRecord } from '@/lib/model/seen';
import { openAt, openTestStore, paperInput, rawDb, uniqueDbName } from './test-data';

const T = 1_733_000_000_000;
const mark = (id: string, how: SeenMark['how'] = 'glimpsed', upvotes: number | null = 10): SeenMark => ({ id, how, upvotes });

describe('seen records', () => {
  it('are keyed by the arXiv id without its version', () => {
    expect(seenKey('2407.21783')).toBe('2407.21783');
    expect(seenKey('2407.21783v3')).toBe('2407.21783');
    expect(seenKey(' 1501.0001v1 ')).toBe('1501.0001');
    for (const bad of ['2407.217', 'abs/2407.21783', '2407.21783v', 'hep-th/9901001', '']) expect(seenKey(bad)).toBeNull();
  });

  it('keep the first sight and its upvotes, move the last, and gather how', () => {
    const first = withMark(undefined, { how: 'glimpsed', upvotes: 12 }, T);
    expect(first).toEqual({ first: T, last: T, how: SEEN_GLIMPSED, upvotes: 12 });
    const opened = withMark(first, { how: 'opened', upvotes: 180 }, T + 5);
    expect(opened).toEqual({ first: T, last: T + 5, how: SEEN_GLIMPSED | SEEN_OPENED, upvotes: 12 });
    // A late report of an earlier sight does not move the last one back.
    expect(withMark(opened, { how: 'glimpsed', upvotes: 1 }, T - 10)).toEqual({ first: T - 10, last: T + 5, how: 3, upvotes: 12 });
    // Upvotes unknown at first are taken from the next sight that knows them.
    expect(withMark({ first: T, last: T, how: 1, upvotes: null }, { how: 'glimpsed', upvotes: 40 }, T + 1).upvotes).toBe(40);
  });

  it('count a dismissal alone as not seen, and keep it when the paper is seen', () => {
    const dismissed: SeenRecord = { first: T, last: T, how: 0, upvotes: null, dismissed: T };
    expect(wasSeen(dismissed)).toBe(false);
    expect(withMark(dismissed, { how: 'glimpsed', upvotes: 3 }, T + 1)).toEqual({ first: T + 1, last: T + 1, how: 1, upvotes: 3, dismissed: T });
  });

  it('call a paper rising when its upvotes at least doubled and grew by 20', () => {
    expect(isRising(12, 180)).toBe(true);
    expect(isRising(0, 20)).toBe(true);
    expect(isRising(0, 19)).toBe(false);
    expect(isRising(30, 59)).toBe(false);
    expect(isRising(30, 60)).toBe(true);
    expect(isRising(100, 150)).toBe(false);
    expect(isRising(null, 500)).toBe(false);
    expect(isRising(5, null)).toBe(false);
  });
});

describe('the seen ledger in the store', () => {
  it('records a batch, answers for the ids asked, and keeps the first sight', async () => {
    const store = await openTestStore();
    const version = await store.library.version();
    await store.seen.mark([mark('2407.21783'), mark('2408.00001', 'opened', null), mark('2407.21783', 'opened', 50)], T);
    await store.seen.mark([mark('2407.21783', 'glimpsed', 99)], T + 1_000);
    expect(await store.seen.among(['2407.21783', '2408.00001', '2409.00001'])).toEqual({
      '2407.21783': { first: T, last: T + 1_000, how: 3, upvotes: 10 },
      '2408.00001': { first: T, last: T, how: 2, upvotes: null },
    });
    // Marks never touch the library: its version stays.
    expect(await store.library.version()).toBe(version);
    store.close();
  });

  it('dismisses for good and takes it back, without losing what was seen', async () => {
    const store = await openTestStore();
    await store.seen.mark([mark('2407.00001')], T);
    await store.seen.dismiss(['2407.00001', '2407.00002'], T + 1);
    expect(await store.seen.among(['2407.00001', '2407.00002'])).toEqual({
      '2407.00001': { first: T, last: T, how: 1, upvotes: 10, dismissed: T + 1 },
      '2407.00002': { first: T + 1, last: T + 1, how: 0, upvotes: null, dismissed: T + 1 },
    });
    await store.seen.dismiss(['2407.00001', '2407.00002'], null);
    expect(await store.seen.among(['2407.00001', '2407.00002'])).toEqual({ '2407.00001': { first: T, last: T, how: 1, upvotes: 10 } });
    store.close();
  });

  it('forgets papers last seen before a date but never a dismissal; replaces and reads the whole', async () => {
    const store = await openTestStore();
    await store.seen.mark([mark('2401.00001'), mark('2401.00002')], T);
    await store.seen.mark([mark('2402.00001')], T + 10);
    await store.seen.dismiss(['2401.00002'], T + 1);
    expect(await store.seen.forgetBefore(T + 5)).toBe(1);
    expect(Object.keys(await store.seen.all()).sort()).toEqual(['2401.00002', '2402.00001']);
    await store.seen.replace({ '2403.00001': { first: 1, last: 2, how: 1, upvotes: 3 } });
    expect(await store.seen.all()).toEqual({ '2403.00001': { first: 1, last: 2, how: 1, upvotes: 3 } });
    store.close();
  });

  it('skips a damaged record and rewrites its month on the next mark', async () => {
    const store = await openTestStore();
    await store.seen.mark([mark('2407.00001'), mark('2407.00002')], T);
    const shard = (await rawDb(store).get('seenShards', '2407'))!;
    shard.set('2407.00001', { first: 'yesterday' });
    await rawDb(store).put('seenShards', shard, '2407');
    expect(Object.keys(await store.seen.among(['2407.00001', '2407.00002']))).toEqual(['2407.00002']);
    await store.seen.mark([mark('2407.00001')], T + 1);
    expect((await store.seen.among(['2407.00001']))['2407.00001']).toEqual({ first: T + 1, last: T + 1, how: 1, upvotes: 10 });
    store.close();
  });

  it('holds a year of daily use (40,000 papers) and answers a 1,000-card listing from it', async () => {
    const store = await openTestStore();
    const ids = Array.from({ length: 40_000 }, (_, i) => `${2401 + (i % 12)}.${String(10_000 + Math.floor(i / 12)).padStart(5, '0')}`);
    for (let start = 0; start < ids.length; start += 2_000) await store.seen.mark(ids.slice(start, start + 2_000).map((id) => mark(id)), T + start);
    const listing = ids.filter((_, i) => i % 40 === 0);
    const started = performance.now();
    const found = await store.seen.among(listing);
    const took = performance.now() - started;
    expect(Object.keys(found)).toHaveLength(1_000);
    console.log(`40,000 seen papers: a 1,000-card listing answered in ${took.toFixed(0)} ms (fake-indexeddb)`);
    store.close();
  });

  it('comes to a library that had none (v7) empty, with every paper kept', async () => {
    const name = uniqueDbName();
    const v7 = await openAt(name, 7);
    expect([...v7.objectStoreNames]).not.toContain('seenShards');
    v7.close();
    const before = await openTestStore(name);
    await before.papers.save(paperInput('2407.21783'), T);
    expect(await before.seen.among(['2407.21783'])).toEqual({});
    await before.seen.mark([mark('2407.21783')], T);
    expect(Object.keys(await before.seen.all())).toEqual(['2407.21783']);
    expect((await before.library.read()).papers.map((paper) => paper.id)).toEqual(['2407.21783']);
    before.close();
  });
});

describe('a page’s reports of papers seen', () => {
  it('go together after REPORT_MS, once per paper and way, and again after a failure', async () => {
    vi.useFakeTimers();
    try {
      const sent: SeenMark[][] = [];
      let fail = true;
      const reports = seenReports({
        setTimeout: (handler, ms) => setTimeout(handler, ms) as unknown as number,
        send: async (marks) => {
          sent.push(marks);
          if (fail) throw new Error('no background');
        },
        onFailure: () => undefined,
      });
      reports.add(mark('2407.00001'));
      reports.add(mark('2407.00001'));
      reports.add(mark('2407.00002', 'opened'));
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(REPORT_MS);
      expect(sent).toEqual([[mark('2407.00001'), mark('2407.00002', 'opened')]]);
      fail = false;
      await vi.advanceTimersByTimeAsync(REPORT_MS);
      expect(sent).toHaveLength(2);
      expect(sent[1]).toEqual([mark('2407.00001'), mark('2407.00002', 'opened')]);
      // flush sends what waits at once.
      reports.add(mark('2407.00003'));
      reports.flush();
      await vi.advanceTimersByTimeAsync(0);
      expect(sent.at(-1)).toEqual([mark('2407.00003')]);
    } finally {
      vi.useRealTimers();
    }
  });
});
