import { describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS } from '@/lib/store/database';
import { Settings } from '@/lib/model/library';
import { PaperInput, type PaperTags, type SavedPaper } from '@/lib/model/records';
import { SUMMARY_KEY, Summary } from '@/lib/store/shards';
import { openAt, paperInput, putStored, stored, storedCount, uniqueDbName, rawDb, openTestStore } from './test-data';

const uniqueName = uniqueDbName;
const input = paperInput;
/** A saved paper as it was before states and notes (v4 and earlier). */
type OldSavedPaper = Omit<SavedPaper, 'state' | 'note' | 'stateChangedAt'>;
/** What such a record reads as now. */
const withDefaults = (record: OldSavedPaper): SavedPaper => ({ ...record, state: 'to-read', note: '' });

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Writes raw values straight into the papers table (as an older or broken build might have). */
async function putRaw(name: string, values: unknown[]): Promise<void> {
  const store = await openTestStore(name);
  await putStored(store, 'papers', values);
  store.close();
}

const SHARD_SCHEMA = ['abstractShards', 'meta', 'paperShards', 'rankRejected', 'rankTexts', 'ranking', 'rules', 'seenShards', 'tagShards', 'tags'];

describe('openDatabase', () => {
  it('creates the latest schema on a fresh database', async () => {
    const store = await openTestStore(uniqueName());
    expect(rawDb(store).version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(MIGRATIONS.length - 1);
    expect([...rawDb(store).objectStoreNames].sort()).toEqual(SHARD_SCHEMA);
    const tx = rawDb(store).transaction(['paperShards', 'abstractShards', 'tagShards', 'meta', 'tags']);
    for (const store of ['paperShards', 'abstractShards', 'tagShards'] as const) {
      // Keyed by shard, out of line; no indexes (the summary stands in for them).
      expect(tx.objectStore(store).keyPath).toBeNull();
      expect([...tx.objectStore(store).indexNames]).toEqual([]);
    }
    expect(tx.objectStore('meta').keyPath).toBe('key');
    expect(tx.objectStore('tags').keyPath).toBe('key');
    await tx.done;
    store.close();
  });

  it('reopens an existing database without touching it', async () => {
    const name = uniqueName();
    const first = await openTestStore(name);
    await first.papers.save(input('2407.21783'), 1);
    first.close();
    const second = await openTestStore(name);
    expect((await second.papers.list()).papers.map((p) => p.id)).toEqual(['2407.21783']);
    second.close();
  });

  it('steps aside when a newer version wants to upgrade', async () => {
    const name = uniqueName();
    const store = await openTestStore(name);
    const newer = await request(indexedDB.open(name, DB_VERSION + 1));
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    store.close();
  });
});

describe('reading list operations', () => {
  it('saves a paper and reads it back', async () => {
    const store = await openTestStore(uniqueName());
    const saved = await store.papers.save(input('2407.21783'), 1_000);
    expect(saved).toEqual({ ...input('2407.21783'), savedAt: 1_000, state: 'to-read', note: '' });
    expect(await stored(store, 'papers', '2407.21783')).toEqual(saved);
    expect(await store.papers.list()).toEqual({ papers: [saved], skipped: 0 });
    store.close();
  });

  it('re-saving refreshes the record but keeps the first savedAt', async () => {
    const store = await openTestStore(uniqueName());
    await store.papers.save(input('2407.21783'), 1_000);
    const again = await store.papers.save(input('2407.21783', { title: 'Updated', upvotes: 90 }), 9_000);
    expect(again.savedAt).toBe(1_000);
    expect(again.title).toBe('Updated');
    expect(again.upvotes).toBe(90);
    expect((await store.papers.list()).papers).toEqual([again]);
    store.close();
  });

  it('re-saving keeps what the user did with the paper: state, note and when the state changed', async () => {
    const store = await openTestStore(uniqueName());
    await store.papers.save(input('2407.21783'), 1_000);
    await store.papers.setStates(['2407.21783'], 'done', 2_000);
    await store.notes.set('2407.21783', 'Read §3 again.');
    const again = await store.papers.save(input('2407.21783', { upvotes: 120 }), 9_000);
    expect(again).toEqual({ ...input('2407.21783', { upvotes: 120 }), savedAt: 1_000, state: 'done', note: 'Read §3 again.', stateChangedAt: 2_000 });
    expect(await stored(store, 'papers', '2407.21783')).toEqual(again);
    store.close();
  });

  it('re-saving over a damaged record saves the paper afresh', async () => {
    const name = uniqueName();
    await putRaw(name, [{ ...input('2407.21783'), savedAt: 5, state: 'someday', note: 42 }]);
    const store = await openTestStore(name);
    expect(await store.papers.save(input('2407.21783'), 9_000)).toEqual({ ...input('2407.21783'), savedAt: 9_000, state: 'to-read', note: '' });
    store.close();
  });

  it('takes a paper only from an https URL', () => {
    const from = (sourceUrl: string) => PaperInput.safeParse(input('2407.21783', { sourceUrl })).success;
    for (const good of ['https://huggingface.co/papers/2407.21783', 'https://huggingface.co/papers?date=2024-08-01', 'https://huggingface.co', 'HTTPS://x.co:8443/a#b'])
      expect(from(good), good).toBe(true);
    for (const bad of ['http://huggingface.co/papers', 'javascript:alert(1)', 'https://', 'https:/huggingface.co', 'https://exa mple.com', 'https://a.co/ b', 'https://a.co\n', 'data:text/html,x', `https://a.co/${'x'.repeat(2_000)}`])
      expect(from(bad), bad).toBe(false);
  });

  it('refuses an invalid record and writes nothing', async () => {
    const store = await openTestStore(uniqueName());
    await expect(store.papers.save(input('2407.21783', { title: '   ' }), 1)).rejects.toThrow();
    await expect(store.papers.save({ ...input('2407.21783'), id: 'nope' }, 1)).rejects.toThrow();
    await expect(store.papers.save(input('2407.21783', { sourceUrl: 'http://huggingface.co/papers' }), 1)).rejects.toThrow();
    expect(await storedCount(store, 'papers')).toBe(0);
    store.close();
  });

  it('removes a paper; true only when it was saved', async () => {
    const store = await openTestStore(uniqueName());
    await store.papers.save(input('2407.21783'), 1);
    await store.papers.save(input('2407.21705'), 2);
    expect(await store.papers.remove('2407.21783')).toBe(true);
    expect(await store.papers.remove('2407.21783')).toBe(false);
    expect(await store.papers.remove('2501.00001')).toBe(false);
    expect((await store.papers.list()).papers.map((p) => p.id)).toEqual(['2407.21705']);
    store.close();
  });

  it('savedAmong answers the saved subset in the order asked', async () => {
    const store = await openTestStore(uniqueName());
    await store.papers.save(input('2407.21783'), 1);
    await store.papers.save(input('2407.21770'), 2);
    expect(await store.papers.savedAmong(['2407.21705', '2407.21770', '2404.01300', '2407.21783'])).toEqual([
      '2407.21770',
      '2407.21783',
    ]);
    expect(await store.papers.savedAmong([])).toEqual([]);
    expect(await store.papers.savedAmong(['2501.00001'])).toEqual([]);
    store.close();
  });

  it('lists newest save first', async () => {
    const store = await openTestStore(uniqueName());
    await store.papers.save(input('2407.21705'), 2_000);
    await store.papers.save(input('2407.21783'), 3_000);
    await store.papers.save(input('2407.21770'), 1_000);
    // Re-saving an old one does not move it up.
    await store.papers.save(input('2407.21770'), 9_000);
    expect((await store.papers.list()).papers.map((p) => p.id)).toEqual(['2407.21783', '2407.21705', '2407.21770']);
    store.close();
  });

  it('an empty list', async () => {
    const store = await openTestStore(uniqueName());
    expect(await store.papers.list()).toEqual({ papers: [], skipped: 0 });
    store.close();
  });

  it('skips and counts records that fail validation instead of throwing', async () => {
    const name = uniqueName();
    const good = { ...input('2407.21783'), savedAt: 5, state: 'reading' as const, note: 'n' };
    await putRaw(name, [
      good,
      { ...input('2407.21705'), title: 42, savedAt: 4 },
      { ...input('2407.21770'), sourceUrl: 'javascript:alert(1)', savedAt: 3 },
      { id: 'not-an-id', savedAt: 2 },
      { ...input('2407.21646'), savedAt: -1 },
      // Not even in the savedAt index: still a broken record to report.
      { ...input('2407.21772') },
      { ...input('2407.21630'), savedAt: null },
    ]);
    const store = await openTestStore(name);
    const list = await store.papers.list();
    expect(list.papers).toEqual([good]);
    expect(list.skipped).toBe(6);
    // The broken records stay where they are.
    expect(await storedCount(store, 'papers')).toBe(7);
    // Operations on other papers keep working.
    expect(await store.papers.savedAmong(['2407.21783', '2407.21705'])).toEqual(['2407.21783', '2407.21705']);
    store.close();
  });

  it('strips nothing a valid record carries through a round trip', async () => {
    const store = await openTestStore(uniqueName());
    const full = input('2407.21783', {
      organization: { name: 'meta-llama', fullname: null },
      abstract: null,
      publishedAt: null,
      upvotes: null,
      authors: Array.from({ length: 533 }, (_, i) => `Author ${i}`),
    });
    await store.papers.save(full, 7);
    expect((await store.papers.list()).papers[0]).toEqual({ ...full, savedAt: 7, state: 'to-read', note: '' });
    store.close();
  });
});


describe('migrations', () => {
  it('upgrades a v1 database in place, keeping every record', async () => {
    const name = uniqueName();
    const v1Records: OldSavedPaper[] = [
      { ...input('2407.21783'), savedAt: 1_000 },
      { ...input('2407.21705', { publishedAt: null, organization: { name: 'org', fullname: 'Org' } }), savedAt: 3_000 },
      { ...input('2404.01300', { authors: [], abstract: null, upvotes: null }), savedAt: 2_000 },
      { ...input('1501.0001', { title: 'Old four-digit id' }), savedAt: 500 },
    ];
    // Build the v1 database by hand, exactly as MIGRATIONS[1] did.
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('papers', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
    };
    const v1 = await request(open);
    const tx = v1.transaction('papers', 'readwrite');
    for (const record of v1Records) tx.objectStore('papers').put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    expect([...v1.objectStoreNames]).toEqual(['papers']);
    v1.close();

    const store = await openTestStore(name);
    expect(rawDb(store).version).toBe(DB_VERSION);
    expect([...rawDb(store).objectStoreNames].sort()).toEqual(SHARD_SCHEMA);
    for (const record of v1Records) expect(await stored(store, 'papers', record.id)).toEqual(withDefaults(record));
    expect(await storedCount(store, 'papers')).toBe(v1Records.length);
    // The meta store works.
    await rawDb(store).put('meta', { key: 'probe', value: { ok: true } });
    expect(await rawDb(store).get('meta', 'probe')).toEqual({ key: 'probe', value: { ok: true } });
    // And the reading list reads as before, newest first.
    expect(await store.papers.list()).toEqual({
      papers: [...v1Records].sort((a, b) => b.savedAt - a.savedAt).map(withDefaults),
      skipped: 0,
    });
    expect(await store.papers.countToRead()).toBe(4);
    store.close();
  });

  it('upgrades a v4 database: every paper gets a state and a note (v5), then moves to the shards (v6)', async () => {
    const name = uniqueName();
    const v4 = await openAt(name, 4);
    const papers: OldSavedPaper[] = [
      { ...input('2407.21783'), savedAt: 1_000 },
      { ...input('2407.21705', { abstract: null, upvotes: null }), savedAt: 3_000 },
      { ...input('2404.01300'), savedAt: 2_000 },
    ];
    const broken = { ...input('2407.21770'), title: 42 };
    const tag = { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 };
    const link = { id: '2407.21783', tags: ['llm'], manual: ['llm'], paper: input('2407.21783') };
    const tx = v4.transaction(['papers', 'tags', 'paperTags', 'meta'], 'readwrite');
    for (const paper of [...papers, broken]) await tx.objectStore('papers').put(paper);
    await tx.objectStore('tags').put(tag);
    await tx.objectStore('paperTags').put(link);
    await tx.objectStore('meta').put({ key: 'probe', value: 1 });
    await tx.done;
    v4.close();

    const store = await openTestStore(name);
    expect(rawDb(store).version).toBe(DB_VERSION);
    for (const paper of papers) expect(await stored(store, 'papers', paper.id)).toEqual(withDefaults(paper));
    // A broken record gets the fields too (so it is counted) and stays as broken as it was.
    expect(await stored(store, 'papers', '2407.21770')).toEqual({ ...broken, state: 'to-read', note: '' });
    expect(await store.papers.countToRead()).toBe(4);
    expect(await rawDb(store).get('tags', 'llm')).toEqual(tag);
    expect(await stored(store, 'tags', '2407.21783')).toEqual(link);
    expect(await rawDb(store).get('meta', 'probe')).toEqual({ key: 'probe', value: 1 });
    expect(await store.papers.list()).toEqual({ papers: [papers[1], papers[2], papers[0]].map((p) => withDefaults(p!)), skipped: 1 });
    store.close();
  });

  it('upgrades a v5 library of 150 papers to the shards (v6): every paper, tag, rule and setting survives', async () => {
    const name = uniqueName();
    const v5 = await openAt(name, 5);
    const states = ['to-read', 'reading', 'done'] as const;
    const papers: SavedPaper[] = Array.from({ length: 150 }, (_, i) => ({
      ...input(`24${String((i % 12) + 1).padStart(2, '0')}.${String(10_000 + i)}`, { abstract: i % 10 === 0 ? null : `Abstract ${i}. `.repeat(20) }),
      // Some saved at the same moment: the higher id comes first.
      savedAt: 1_000 + Math.floor(i / 3) * 7,
      state: states[i % 3]!,
      note: i % 4 === 0 ? `Note ${i}` : '',
      ...(i % 5 === 0 && { stateChangedAt: 5_000 + i }),
    }));
    const broken = { ...input('2407.21770'), title: 42, savedAt: 9_999_999, state: 'to-read', note: '' };
    const tags = [
      { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
      { key: 'rl', name: 'RL', color: '#dc2626', createdAt: 2 },
    ];
    const links: PaperTags[] = [
      ...papers.filter((_, i) => i % 2 === 0).map((paper, i) => ({ id: paper.id, paper: { ...paper, abstract: null }, tags: i % 3 === 0 ? ['llm', 'rl'] : ['llm'], manual: ['llm'], ...(i % 3 === 0 && { auto: [{ key: 'rl', rule: 'r1' }], autoRules: ['r1'] }) })),
      // Tagged, not saved; and a rule tag the user took off.
      { id: '2501.00001', paper: input('2501.00001'), tags: ['rl'], manual: ['rl'], dismissed: ['r1'] },
    ];
    const rule = { id: 'r1', pattern: 'policy', kind: 'word', caseSensitive: false, fields: ['title', 'abstract'], color: '#ca8a04', action: 'auto-tag', muteStyle: 'dim', tag: 'RL', enabled: true, disabledReason: null, createdAt: 1 };
    const settings = { openMarksReading: false, badgeCountsToRead: true, keyBindings: { next: 'j' } };
    const tx = v5.transaction(['papers', 'tags', 'paperTags', 'rules', 'meta'], 'readwrite');
    for (const paper of [...papers, broken]) void tx.objectStore('papers').put(paper);
    for (const tag of tags) void tx.objectStore('tags').put(tag);
    for (const link of links) void tx.objectStore('paperTags').put(link);
    void tx.objectStore('rules').put(rule);
    void tx.objectStore('meta').put({ key: 'settings', value: settings });
    await tx.done;
    v5.close();

    const store = await openTestStore(name);
    expect(rawDb(store).version).toBe(DB_VERSION);
    expect([...rawDb(store).objectStoreNames].sort()).toEqual(SHARD_SCHEMA);
    const newestFirst = [...papers].sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1));
    const tagsOfPaper = new Map(links.map((link) => [link.id, link.tags]));
    for (const paper of papers) expect(await stored(store, 'papers', paper.id)).toEqual(paper);
    for (const link of links) expect(await stored(store, 'tags', link.id)).toEqual(link);
    expect(await stored(store, 'papers', broken.id)).toEqual(broken);
    expect(await store.papers.list()).toEqual({ papers: newestFirst, skipped: 1 });

    const library = await store.library.read();
    expect(library.papers).toEqual(newestFirst.map((paper) => ({ ...paper, tags: tagsOfPaper.get(paper.id) ?? [] })));
    expect(library.skipped).toBe(1);
    expect(library.settings).toEqual(Settings.parse(settings));
    const tagCounts = [
      ['llm', links.filter((link) => link.tags.includes('llm')).length],
      ['rl', links.filter((link) => link.tags.includes('rl')).length],
    ];
    expect(library.tags.map((tag) => [tag.key, tag.count])).toEqual(tagCounts);
    expect((await store.tags.list()).map((tag) => [tag.key, tag.count])).toEqual(tagCounts);
    expect(await store.tags.of(['2501.00001'])).toEqual({ '2501.00001': ['rl'] });
    expect(await store.rules.list()).toEqual([rule]);
    expect(await store.settings.read()).toEqual(Settings.parse(settings));
    // The broken record is saved "to read" too, as the v5 index counted it.
    expect(await store.papers.countToRead()).toBe(papers.filter((paper) => paper.state === 'to-read').length + 1);
    expect((await store.library.export()).papers).toEqual(library.papers);

    // The summary holds the newest (the broken record among them: the popup skips it).
    const summary = Summary.parse((await rawDb(store).get('meta', SUMMARY_KEY))?.value);
    expect(summary.papers).toBe(151);
    expect(summary.complete).toBe(false);
    const first = await store.library.newest(40);
    expect(first.papers).toEqual(newestFirst.slice(0, 40).map((paper) => ({ ...paper, abstract: null, tags: tagsOfPaper.get(paper.id) ?? [] })));
    expect(first.counts).toEqual({ all: 151, 'to-read': 51, reading: 50, done: 50 });
    store.close();
  });

  it('a migrated database has the same schema as a fresh one', async () => {
    const describeDb = async (name: string) => {
      const store = await openTestStore(name);
      const stores = [...rawDb(store).objectStoreNames];
      const tx = rawDb(store).transaction(stores);
      const shape = stores.map((store) => {
        const s = tx.objectStore(store);
        return {
          store,
          keyPath: s.keyPath,
          indexes: [...s.indexNames].map((i) => [i, s.index(i).keyPath, s.index(i).multiEntry]),
        };
      });
      await tx.done;
      store.close();
      return shape;
    };
    const oldName = uniqueName();
    const open = indexedDB.open(oldName, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('papers', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
    };
    (await request(open)).close();
    expect(await describeDb(oldName)).toEqual(await describeDb(uniqueName()));
  });
});
