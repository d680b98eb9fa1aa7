/**
 * The library's side of sync (issue #15): reading the user's decisions, writing another device's
 * (a paper known here only by its id is a placeholder until its details load), the details read
 * from the site's API, the sync ledger's database, and what the options page says about sync.
 */
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { paperDetails } from '@/lib/background/paper-details';
import { describeSync } from '@/lib/library/describe-sync';
import { LibraryChanged, openSyncLedger } from '@/lib/store';
import { SYNC_DB_NAME } from '@/lib/store/sync-ledger';
import type { SyncPatch } from '@/lib/model/sync-decisions';
import type { SyncStatus } from '@/lib/model/sync-status';
import { openTestStore, paperInput, stored, uniqueDbName } from './test-data';

const A = '2407.21783';
const B = '2408.00001';

const emptyPatch = (): SyncPatch => ({ papers: [], tags: { put: [], remove: [] }, rules: { put: [], remove: [] }, settings: null });
const tag = (key: string, color = '#2563eb') => ({ key, name: key, color, createdAt: 1 });

describe('the library’s decisions, read and written for sync', () => {
  it('reads what the user decided about the papers asked for, and every tag, rule and setting', async () => {
    const store = await openTestStore();
    await store.papers.save(paperInput(A));
    await store.notes.set(A, 'read §3');
    await store.tags.add(paperInput(B), 'llm');
    const some = await store.sync.decisions([A]);
    expect([...some.papers]).toEqual([[A, { saved: expect.objectContaining({ state: 'to-read', note: 'read §3' }), tags: [] }]]);
    expect(some.tags.map((entry) => entry.key)).toEqual(['llm']);
    const all = await store.sync.decisions('all');
    expect(new Set(all.papers.keys())).toEqual(new Set([A, B]));
    expect(all.papers.get(B)).toEqual({ saved: null, tags: ['llm'] });
    expect(all.version).toBe(some.version);
  });

  it('saves a paper known only by its id as a placeholder whose details are pending, with its tags', async () => {
    const store = await openTestStore();
    const { version } = await store.sync.decisions([]);
    const patch = emptyPatch();
    patch.tags.put.push(tag('rl'));
    patch.papers.push({ id: A, saved: { savedAt: 5, state: 'reading', note: 'from the laptop' }, tags: ['rl'] });
    const applied = await store.sync.apply(patch, version);
    expect(applied.saved).toEqual([expect.objectContaining({ id: A, title: A, state: 'reading', note: 'from the laptop', detailsPending: true })]);
    expect(applied.tagged).toEqual([{ id: A, tags: ['rl'] }]);
    expect(applied.tags?.map((entry) => [entry.key, entry.count])).toEqual([['rl', 1]]);
    // The page's or the API's details replace the placeholder and keep the decisions.
    await store.papers.save(paperInput(A, { title: 'The Llama 3 Herd of Models' }));
    const paper = await stored(store, 'papers', A);
    expect(paper).toEqual(expect.objectContaining({ title: 'The Llama 3 Herd of Models', state: 'reading', note: 'from the laptop' }));
    expect(paper?.detailsPending).toBeUndefined();
  });

  it('keeps what this device knows of a paper it already has, and removes one removed elsewhere', async () => {
    const store = await openTestStore();
    await store.papers.save(paperInput(A, { title: 'Known here' }));
    await store.papers.save(paperInput(B));
    const { version } = await store.sync.decisions([A, B]);
    const patch = emptyPatch();
    patch.papers.push({ id: A, saved: { savedAt: 7, state: 'done', note: '' } }, { id: B, saved: null });
    const applied = await store.sync.apply(patch, version);
    expect(applied.removed).toEqual([B]);
    expect(applied.saved[0]).toEqual(expect.objectContaining({ id: A, title: 'Known here', state: 'done' }));
    expect(applied.saved[0]?.detailsPending).toBeUndefined();
    expect(await stored(store, 'papers', B)).toBeUndefined();
  });

  it('writes nothing when the library changed since the patch was planned', async () => {
    const store = await openTestStore();
    const { version } = await store.sync.decisions([]);
    await store.papers.save(paperInput(B));
    const patch = emptyPatch();
    patch.papers.push({ id: A, saved: { savedAt: 5, state: 'to-read', note: '' } });
    await expect(store.sync.apply(patch, version)).rejects.toBeInstanceOf(LibraryChanged);
    expect(await stored(store, 'papers', A)).toBeUndefined();
  });
});

describe('the sync ledger', () => {
  it('is a database of its own with one store, written and read back by key', async () => {
    const name = uniqueDbName();
    const ledger = await openSyncLedger(name);
    await ledger.write(new Map<string, unknown>([['state', { v: 1 }], ['p2407', { v: 1, p: [] }]]));
    await ledger.write(new Map([['meta', { v: 1 }]]), ['p2407']);
    expect([...(await ledger.readAll())]).toEqual([['meta', { v: 1 }], ['state', { v: 1 }]]);
    ledger.close();
    const db = await openDB(name);
    expect([db.version, [...db.objectStoreNames]]).toEqual([1, ['ledger']]);
    db.close();
    expect(SYNC_DB_NAME).toBe('paperlight-sync');
  });
});

describe('details of papers synced from another device', () => {
  const api = (id: string, title: string) => ({ id, title, summary: 'An abstract.', authors: [{ name: 'Ada' }], publishedAt: '2024-07-31T17:54:27.000Z', upvotes: 3 });

  it('come from the site’s API a few at a time, and a failed read is tried again on the next visit', async () => {
    const store = await openTestStore();
    const { version } = await store.sync.decisions([]);
    const patch = emptyPatch();
    patch.papers.push({ id: A, saved: { savedAt: 5, state: 'to-read', note: '' } }, { id: B, saved: { savedAt: 6, state: 'to-read', note: 'mine' } });
    await store.sync.apply(patch, version);
    const asked: string[] = [];
    let online = false;
    const announced: string[] = [];
    const details = paperDetails({
      store: async () => store,
      fetchJson: async (url) => {
        asked.push(url);
        const id = url.split('/').at(-1)!;
        if (id === B && !online) throw new Error('offline');
        return api(id, `Title of ${id}`);
      },
      announce: async (saved) => void announced.push(...saved.map((paper) => paper.id)),
    });
    details.want([A, B]);
    await details.idle();
    expect(asked).toEqual([A, B].map((id) => `https://huggingface.co/api/papers/${id}`));
    expect(await stored(store, 'papers', A)).toEqual(expect.objectContaining({ title: `Title of ${A}`, abstract: 'An abstract.', authors: ['Ada'] }));
    expect((await stored(store, 'papers', B))?.detailsPending).toBe(true);
    online = true;
    details.visit();
    await details.idle();
    expect(await stored(store, 'papers', B)).toEqual(expect.objectContaining({ title: `Title of ${B}`, note: 'mine' }));
    expect(asked.slice(2)).toContain(`https://huggingface.co/api/papers/${B}`);
    expect(announced).toEqual([A, B]);
  });

  it('are not written for a paper removed meanwhile, nor taken from an answer about another paper', async () => {
    const store = await openTestStore();
    await store.papers.save(paperInput(A, { title: A }));
    const details = paperDetails({ store: async () => store, fetchJson: async () => api(B, 'Another paper'), announce: async () => {} });
    details.want([A]);
    await details.idle();
    expect((await stored(store, 'papers', A))?.title).toBe(A);
    await store.papers.remove(A);
    const later = paperDetails({ store: async () => store, fetchJson: async () => api(A, 'Late'), announce: async () => {} });
    later.want([A]);
    await later.idle();
    expect(await stored(store, 'papers', A)).toBeUndefined();
  });
});

describe('what the options page says about sync', () => {
  const status = (overrides: Partial<SyncStatus> = {}): SyncStatus => ({
    enabled: true,
    activity: 'idle',
    lastSyncAt: Date.UTC(2026, 11, 5, 9, 30),
    bytes: 62_000,
    quotaBytes: 102_400,
    items: 14,
    saved: 3,
    savedSynced: 3,
    localOnly: [],
    longNotes: [],
    noteLimit: 2048,
    unreadable: 0,
    refusedRules: [],
    message: null,
    ...overrides,
  });

  it('says on or off, when it last synced, how many papers sync and how much storage they use', () => {
    expect(describeSync(status({ enabled: false }))[0]).toMatch(/^Sync is off\./);
    const [line] = describeSync(status());
    expect(line).toMatch(/^Sync is on · last synced .+ · all 3 papers sync · .+ of .+ in 14 items$/);
    expect(describeSync(status({ lastSyncAt: null }))[0]).toContain('not synced yet');
    expect(describeSync(status({ activity: 'syncing' }))[0]).toContain('syncing now');
  });

  it('names what stays on this device and why, and what came from elsewhere but was refused', () => {
    const lines = describeSync(
      status({ saved: 10_000, savedSynced: 4_212, localOnly: [A], longNotes: [B], unreadable: 2, refusedRules: ['“(a+)+$”: could freeze the page'], message: 'Paperlight syncs again shortly.' }),
    );
    expect(lines[0]).toContain('4,212 of 10,000 papers sync');
    expect(lines.slice(1)).toEqual([
      expect.stringContaining('the 1 paper you touched least recently stay on this device'),
      'Notes over 2,048 characters stay on this device: 1 note.',
      '2 records from another device could not be read (another version of Paperlight?) and were left out.',
      'A rule from another device was not added here: “(a+)+$”: could freeze the page',
      'Paperlight syncs again shortly.',
    ]);
  });
});
