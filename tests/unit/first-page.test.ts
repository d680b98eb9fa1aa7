import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@/lib/store/database';
import { readFirstPageRecords } from '@/lib/store/first-page-records';
import { firstPageFrom, wholeListFrom } from '@/lib/store';
import { openTestStore, paperInput, rawDb, uniqueDbName } from './test-data';

describe('the first screenful, read before the page’s modules (entrypoints/first-page.ts)', () => {
  it('gives what readNewest gives, from three records', async () => {
    const name = uniqueDbName();
    const store = await openTestStore(name);
    for (let n = 0; n < 70; n++) await store.papers.save(paperInput(`2407.${String(30_000 + n)}`), 1_000 + n);
    await store.tags.add(paperInput('2407.30069'), 'LLM');
    await store.papers.setStates(['2407.30068'], 'done', 5);
    await store.settings.write({ openMarksReading: false });
    const records = await readFirstPageRecords(name);
    expect(records).not.toBeNull();
    const page = firstPageFrom(records!, 40);
    expect(page).toEqual(await store.library.newest(40));
    expect(page?.papers[0]).toMatchObject({ id: '2407.30069', tags: ['llm'], abstract: null });
    expect(page?.papers).toHaveLength(40);
    expect(page?.counts).toEqual({ all: 70, 'to-read': 69, reading: 0, done: 1 });
    expect(page?.settings.openMarksReading).toBe(false);
    store.close();
  });

  it('reads the whole list beside it, as readLibrary gives it without abstracts', async () => {
    const name = uniqueDbName();
    const store = await openTestStore(name);
    for (let n = 0; n < 70; n++) await store.papers.save(paperInput(`24${String((n % 12) + 1).padStart(2, '0')}.${String(30_000 + n)}`), 1_000 + n);
    await store.tags.add(paperInput('2401.30000'), 'LLM');
    // Tagged but not saved: counted for the tag, not listed.
    await store.tags.add(paperInput('2402.40000'), 'llm');
    await store.papers.setStates(['2403.30002'], 'reading', 5);
    // A damaged record is skipped, as readLibrary skips it.
    const tx = rawDb(store).transaction('paperShards', 'readwrite');
    const shard = (await tx.store.get('2404'))!;
    shard.set('2404.30003', { id: '2404.30003', title: 42 });
    await tx.store.put(shard, '2404');
    await tx.done;
    const records = await readFirstPageRecords(name);
    const whole = await records!.whole!;
    expect(whole).not.toBeNull();
    const view = wholeListFrom(whole!, firstPageFrom(records!, 40)!);
    expect(view).toEqual(await store.library.read({ abstracts: false }));
    expect(view.papers).toHaveLength(69);
    expect(view.skipped).toBe(1);
    expect(view.tags).toMatchObject([{ key: 'llm', count: 2 }]);
    store.close();
  });

  it('answers null, and creates nothing, where there is no database yet', async () => {
    const name = uniqueDbName();
    expect(await readFirstPageRecords(name)).toBeNull();
    expect((await indexedDB.databases()).map((info) => info.name)).not.toContain(name);
    // The page's own open then makes the database as usual.
    const store = await openTestStore(name);
    expect(await readFirstPageRecords(name)).not.toBeNull();
    store.close();
  });

  it('answers null for a database from before the summary (the page reads the usual way, upgrading it)', async () => {
    const name = uniqueDbName();
    const v5 = await openDB(name, 5, {
      upgrade(db, _old, _new, tx) {
        for (let step = 1; step <= 5; step++) void MIGRATIONS[step]!(db as never, tx as never);
      },
    });
    v5.close();
    expect(await readFirstPageRecords(name)).toBeNull();
    const store = await openTestStore(name);
    expect((await store.library.newest(40)).papers).toEqual([]);
    store.close();
  });

  it('a damaged summary is no first page (the page reads the usual way)', async () => {
    const name = uniqueDbName();
    const store = await openTestStore(name);
    await store.papers.save(paperInput('2407.21783'), 1);
    await rawDb(store).put('meta', { key: 'summary', value: { newest: 'garbage' } });
    const records = await readFirstPageRecords(name);
    expect(firstPageFrom(records!, 40)).toBeNull();
    expect((await store.library.newest(40)).papers.map((paper) => paper.id)).toEqual(['2407.21783']);
    store.close();
  });
});
