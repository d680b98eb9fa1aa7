/**
 * What the "For you" model learns from, in the store (schema v9, issue #17): the upgrade from v8
 * keeps everything, the texts of papers seen are bounded (the oldest go) while dismissed papers'
 * texts stay, rejected suggestions and the reset point (with its undo) are kept.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SEEN_TEXTS, type PaperText } from '@/lib/store';
import { TEXT_ABSTRACT_MAX } from '@/lib/model/paper-text';
import { openAt, openTestStore, paperInput, uniqueDbName } from './test-data';

const T = 1_733_000_000_000;
const text = (title: string, abstract: string | null = `About ${title}.`): PaperText => ({ title, abstract });
const id = (month: number, n: number) => `${month}.${String(n).padStart(5, '0')}`;

describe('the v8 → v9 upgrade', () => {
  it('keeps every paper, tag, rule, setting and seen record, and starts with nothing learned', async () => {
    const name = uniqueDbName();
    // A library with papers, tags, a rule, settings and the seen ledger.
    const before = await openTestStore(name);
    await before.papers.save(paperInput('2407.21783'), T);
    await before.tags.add(paperInput('2407.00001'), 'LLM', T);
    await before.rules.add({ pattern: 'diffusion', action: 'mute' }, T);
    await before.settings.write({ seenDays: 90 });
    await before.seen.mark([{ id: '2407.00002', how: 'glimpsed', upvotes: 3 }], T);
    await before.seen.dismiss(['2407.00003'], T + 1);
    const library = await before.library.export();
    before.close();

    // The same records in a database a v8 build made (every v8 store, keys and values as stored).
    const downgraded = uniqueDbName();
    const old = await openAt(downgraded, 8);
    expect(old.version).toBe(8);
    expect([...old.objectStoreNames]).not.toContain('rankTexts');
    const source = await openAt(name, 9);
    for (const store of [...old.objectStoreNames]) {
      const [keys, values] = await Promise.all([source.getAllKeys(store), source.getAll(store)]);
      const tx = old.transaction(store, 'readwrite');
      for (let i = 0; i < keys.length; i++) await (tx.store.keyPath === null ? tx.store.put(values[i], keys[i]) : tx.store.put(values[i]));
      await tx.done;
    }
    source.close();
    old.close();

    const after = await openTestStore(downgraded);
    expect(await after.library.export()).toEqual(library);
    expect(await after.seen.all()).toEqual(library.seen);
    expect(await after.ranking.texts()).toEqual([]);
    expect(await after.ranking.rejected()).toEqual([]);
    expect(await after.ranking.resetPoint()).toBeNull();
    expect(await after.ranking.readModel()).toEqual({ record: undefined, stale: false });
    expect(await after.ranking.backup()).toBeUndefined();
    after.close();
  });
});

describe('the texts of papers seen', () => {
  it('are kept for the newest MAX_SEEN_TEXTS papers, while dismissed papers keep theirs beyond the bound', async () => {
    const store = await openTestStore();
    // Ten papers dismissed first (the oldest of all), with the page's texts.
    const dismissed = Array.from({ length: 10 }, (_, n) => id(2401, n));
    await store.ranking.keepTexts(dismissed.map((paper) => ({ id: paper, text: text(`Dismissed ${paper}`) })), T);
    await store.ranking.dismissTexts(dismissed.slice(0, 5), undefined, T + 1);
    await store.ranking.dismissTexts(dismissed.slice(5), Object.fromEntries(dismissed.slice(5).map((paper) => [paper, text(`As dismissed ${paper}`)])), T + 1);
    // Then more papers seen than the bound, in batches as pages report them.
    const seen = Array.from({ length: MAX_SEEN_TEXTS + 150 }, (_, n) => id(2402 + Math.floor(n / 2_000), n % 2_000));
    for (let start = 0; start < seen.length; start += 500) {
      await store.ranking.keepTexts(seen.slice(start, start + 500).map((paper) => ({ id: paper, text: text(`Seen ${paper}`) })), T + 10 + start);
    }
    expect(await store.ranking.seenTextCount()).toBe(MAX_SEEN_TEXTS);
    const texts = await store.ranking.texts();
    const byId = new Map(texts.map((stored) => [stored.id, stored]));
    // The oldest seen went; the dismissed stayed, with their texts.
    expect(byId.has(seen[0]!)).toBe(false);
    expect(byId.has(seen.at(-1)!)).toBe(true);
    expect(texts.filter((stored) => stored.dismissedAt !== undefined).map((stored) => stored.id).sort()).toEqual(dismissed);
    expect(byId.get(dismissed[0]!)).toEqual({ id: dismissed[0], text: text(`Dismissed ${dismissed[0]}`), dismissedAt: T + 1 });
    expect(byId.get(dismissed[9]!)?.text.title).toBe(`As dismissed ${dismissed[9]}`);
    expect(texts).toHaveLength(MAX_SEEN_TEXTS + 10);

    // A dismissal taken back: a seen text again, among the newest (and the oldest seen one goes).
    await store.ranking.dismissTexts([dismissed[0]!], undefined, null, T + 100_000);
    expect((await store.ranking.texts()).find((stored) => stored.id === dismissed[0])).toEqual({ id: dismissed[0], text: text(`Dismissed ${dismissed[0]}`), seenAt: T + 100_000 });
    expect(await store.ranking.seenTextCount()).toBe(MAX_SEEN_TEXTS);
    store.close();
  });

  it('cut abstracts to TEXT_ABSTRACT_MAX, update a dismissed paper’s text without undismissing it, and go with the seen ledger', async () => {
    const store = await openTestStore();
    await store.ranking.keepTexts([{ id: '2407.00001', text: { title: 'Long', abstract: 'x'.repeat(TEXT_ABSTRACT_MAX + 500), keywords: ['k'] } }], T);
    expect((await store.ranking.texts())[0]!.text).toEqual({ title: 'Long', abstract: 'x'.repeat(TEXT_ABSTRACT_MAX), keywords: ['k'] });
    await store.ranking.dismissTexts(['2407.00001', '2407.00002'], undefined, T + 1);
    // A paper dismissed with no text known has none kept.
    expect((await store.ranking.texts()).map((stored) => stored.id)).toEqual(['2407.00001']);
    await store.ranking.keepTexts([{ id: '2407.00001', text: text('Newer') }], T + 2);
    expect(await store.ranking.texts()).toEqual([{ id: '2407.00001', text: text('Newer'), dismissedAt: T + 1 }]);
    expect(await store.ranking.seenTextCount()).toBe(0);
    await store.ranking.clearTexts();
    expect(await store.ranking.texts()).toEqual([]);
    store.close();
  });
});

describe('rejected suggestions and the reset point', () => {
  it('keeps rejections by tag and paper (a second one replaces the first)', async () => {
    const store = await openTestStore();
    await store.ranking.reject({ tag: 'llm', id: '2407.00001', text: text('A') }, T);
    await store.ranking.reject({ tag: 'rl', id: '2407.00001', text: text('A') }, T + 1);
    await store.ranking.reject({ tag: 'llm', id: '2407.00001', text: text('A again') }, T + 2);
    expect((await store.ranking.rejected()).sort((a, b) => a.at - b.at)).toEqual([
      { tag: 'rl', id: '2407.00001', text: text('A'), at: T + 1 },
      { tag: 'llm', id: '2407.00001', text: text('A again'), at: T + 2 },
    ]);
    store.close();
  });

  it('resets with the tags papers have then, answers the previous point, and puts it back', async () => {
    const store = await openTestStore();
    await store.tags.add(paperInput('2407.00001'), 'LLM', T);
    expect(await store.ranking.reset(T + 10)).toBeNull();
    expect(await store.ranking.resetPoint()).toEqual({ at: T + 10, tagged: { '2407.00001': ['llm'] } });
    await store.tags.add(paperInput('2407.00002'), 'RL', T + 11);
    expect(await store.ranking.reset(T + 20)).toBe(T + 10);
    expect(await store.ranking.resetPoint()).toEqual({ at: T + 20, tagged: { '2407.00001': ['llm'], '2407.00002': ['rl'] } });
    // Undo: the previous point, with the tags it remembered.
    await store.ranking.unreset(T + 10);
    expect(await store.ranking.resetPoint()).toEqual({ at: T + 10, tagged: { '2407.00001': ['llm'] } });
    await store.ranking.unreset(null);
    expect(await store.ranking.resetPoint()).toBeNull();
    // The reset undone can be put back too.
    await store.ranking.unreset(T + 20);
    expect((await store.ranking.resetPoint())?.at).toBe(T + 20);
    store.close();
  });

  it('keeps the last model and whether it is out of date', async () => {
    const store = await openTestStore();
    await store.ranking.markStale();
    expect(await store.ranking.readModel()).toEqual({ record: undefined, stale: true });
    await store.ranking.writeModel({ any: 'record' });
    expect(await store.ranking.readModel()).toEqual({ record: { any: 'record' }, stale: false });
    store.close();
  });
});
