import { describe, expect, it, vi } from 'vitest';
import { Settings, type LibraryPaper } from '@/lib/model/library';
import { LibraryChanged, importedView, type Store } from '@/lib/store';
import { NEWEST_KEEP, NEWEST_MIN, SUMMARY_KEY, Summary, newestFirst, readLibraryStores, shardOf, writeLibrary } from '@/lib/store/shards';
import type { DeletedTag } from '@/lib/model/changes';
import { random } from '../support/generate-library';
import { paperInput, putStored, openTestStore as open, rawDb } from './test-data';

const SETTINGS = Settings.parse({});

const storedSummary = async (store: Store) => Summary.parse((await rawDb(store).get('meta', SUMMARY_KEY))?.value);

/** What the summary must say, worked out from every record. */
async function expectSummaryFresh(store: Store, step: string): Promise<void> {
  const truth = await readLibraryStores(rawDb(store), async (shards) => {
    await Promise.all([shards.loadAll('papers'), shards.loadAll('tags')]);
    const papers = Array.from(shards.entries('papers'), ([, value]) => value as { id: string; savedAt: unknown; state: unknown });
    const states = new Map<string, number>();
    for (const paper of papers) states.set(String(paper.state), (states.get(String(paper.state)) ?? 0) + 1);
    const tagCounts = new Map<string, number>();
    const tagsOf = new Map<string, string[]>();
    for (const [id, value] of shards.entries('tags')) {
      const keys = [...new Set((value as { tags: string[] }).tags)];
      tagsOf.set(id, keys);
      for (const key of keys) tagCounts.set(key, (tagCounts.get(key) ?? 0) + 1);
    }
    const dated = papers.filter((paper): paper is { id: string; savedAt: number; state: unknown } => typeof paper.savedAt === 'number');
    dated.sort(newestFirst);
    return { papers, states, tagCounts, dated, tagsOf };
  });
  const summary = await storedSummary(store);
  expect(summary.papers, step).toBe(truth.papers.length);
  expect(summary.states, step).toEqual(truth.states);
  expect(summary.tagCounts, step).toEqual(truth.tagCounts);
  const shown = summary.newest.map((entry) => ({ paper: entry.paper, tags: entry.tags }));
  // The newest, in order, each with its tags as they are now: a prefix of the whole list, long
  // enough for the first screen, and all of it when it says so.
  const expected = truth.dated.slice(0, shown.length).map((paper) => ({ paper, tags: truth.tagsOf.get(paper.id) ?? [] }));
  expect(shown, step).toEqual(expected);
  expect(shown.length, step).toBeGreaterThanOrEqual(Math.min(NEWEST_MIN, truth.dated.length));
  expect(shown.length, step).toBeLessThanOrEqual(NEWEST_KEEP);
  expect(summary.complete, step).toBe(shown.length === truth.dated.length);
}

const id = (n: number) => `24${String((n % 12) + 1).padStart(2, '0')}.${String(20_000 + n)}`;

describe('shards', () => {
  it('a paper’s shard is its arXiv month; other ids share one of their own', () => {
    expect(shardOf('2407.21783')).toBe('2407');
    expect(shardOf('2407.21784')).toBe('2407');
    expect(shardOf('1501.0001')).toBe('1501');
    expect(shardOf('not-an-id')).toBe('other');
    expect(shardOf('__proto__')).toBe('other');
  });

  it('keeps the summary (counts and newest with their tags) exact through every kind of change', async () => {
    const store = await open();
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const { rule } = await store.rules.add({ pattern: 'policy', action: 'auto-tag', tag: 'Policy' }, 1);
    let clock = 1_000;
    let deleted: DeletedTag | null = null;
    const known = Array.from({ length: 140 }, (_, n) => id(n));
    const operations: [string, () => Promise<unknown>][] = [
      // Saves come most often, some at the same moment, some re-saved.
      ['save', () => store.papers.save(paperInput(pick(known)), (clock += pick([0, 1, 5])))],
      ['save', () => store.papers.save(paperInput(pick(known)), (clock += 3))],
      ['save', () => store.papers.save(paperInput(pick(known)), (clock += 1))],
      ['remove', () => store.papers.remove(pick(known))],
      ['remove the newest', async () => store.papers.removeMany((await store.library.read()).papers.slice(0, 15).map((paper) => paper.id))],
      ['states', () => store.papers.setStates([pick(known), pick(known), pick(known)], pick(['to-read', 'reading', 'done'] as const), clock)],
      ['note', () => store.notes.set(pick(known), `Note ${clock}`).catch(() => undefined)],
      ['opened', () => store.papers.markOpened(pick(known), SETTINGS, clock)],
      ['tag', () => store.tags.add(paperInput(pick(known)), pick(['LLM', 'RL', 'Agents']))],
      ['untag', () => store.tags.remove(pick(known), pick(['llm', 'rl', 'agents']))],
      ['tag many', () => store.tags.onMany([pick(known), pick(known), pick(known)], { add: pick(['Survey', 'RL']) })],
      ['untag many', () => store.tags.onMany(known.slice(0, 40), { remove: pick(['survey', 'rl']) })],
      ['rule tags', () => store.rules.applyTags([{ paper: paperInput(pick(known)), rule: rule.id }, { paper: paperInput(pick(known)), rule: rule.id }])],
      ['rename', () => store.tags.rename('agents', pick(['Agents', 'agentic']), true).catch(() => undefined)],
      [
        'delete tag',
        async () => {
          deleted = (await store.tags.delete(pick(['llm', 'survey'])).catch(() => null))?.deleted ?? deleted;
        },
      ],
      ['restore tag', async () => (deleted ? store.tags.restore(deleted) : undefined)],
    ];
    for (let step = 0; step < 260; step++) {
      const [name, run] = step < 70 ? operations[step % 3]! : pick(operations);
      await run();
      await expectSummaryFresh(store, `step ${step}: ${name}`);
    }
    // A damaged record counts, and the list skips it.
    await putStored(store, 'papers', [{ ...paperInput(id(500)), title: 42, savedAt: clock + 1_000, state: 'to-read', note: '' }]);
    await expectSummaryFresh(store, 'damaged record');
    expect((await store.library.newest(40)).papers.map((paper) => paper.id)).toEqual((await store.library.read()).papers.slice(0, 40).map((paper) => paper.id));
    await store.rules.delete(rule.id);
    await expectSummaryFresh(store, 'rule deleted');
    // Replacing everything, then emptying.
    const library = await store.library.export();
    await store.library.replace({ ...library, papers: library.papers.slice(10) });
    await expectSummaryFresh(store, 'replaced');
    await store.library.replace({ papers: [], tags: [], rules: [] });
    await expectSummaryFresh(store, 'emptied');
    expect((await storedSummary(store)).newest).toEqual([]);
    store.close();
  }, 60_000);

  it('a summary that is missing or damaged is made again from the records at the next write', async () => {
    const store = await open();
    for (let n = 0; n < 70; n++) await store.papers.save(paperInput(id(n)), 1_000 + n);
    await store.tags.add(paperInput(id(3)), 'LLM');
    await rawDb(store).put('meta', { key: SUMMARY_KEY, value: { version: 'garbage' } });
    // Readers do without it.
    expect((await store.library.newest(40)).papers.map((paper) => paper.id)).toEqual((await store.library.read()).papers.slice(0, 40).map((paper) => paper.id));
    await store.papers.save(paperInput(id(90)), 5_000);
    await expectSummaryFresh(store, 'after the next write');
    store.close();
  });

  it('each write is a new version; reads do not change it', async () => {
    const store = await open();
    await store.papers.save(paperInput(id(1)), 1);
    const first = (await storedSummary(store)).version;
    await store.library.read();
    expect((await storedSummary(store)).version).toBe(first);
    await store.rules.add({ pattern: 'zebra' }, 2);
    expect((await storedSummary(store)).version).toBe(first + 1);
    expect((await store.library.read()).version).toBe(first + 1);
    store.close();
  });

  it('a throw inside a write keeps none of it', async () => {
    const store = await open();
    await store.papers.save(paperInput(id(1)), 1);
    const before = await store.library.export();
    const summary = await storedSummary(store);
    await expect(
      writeLibrary(rawDb(store), async (shards) => {
        await shards.load('papers', [id(1), id(2)]);
        shards.delete('papers', id(1));
        shards.put('papers', id(2), { id: id(2) } as never);
        await shards.flush();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.library.export()).toEqual(before);
    expect(await storedSummary(store)).toEqual(summary);
    store.close();
  });
});

describe('an import: replaceLibrary at the preview\'s version, and the view of what it wrote', () => {
  const paper = (n: number, fields: Partial<LibraryPaper> = {}): LibraryPaper => ({ ...paperInput(id(n)), savedAt: 1_000 + n, state: 'to-read', note: '', tags: [], ...fields });
  const library = (count: number) => ({
    papers: Array.from({ length: count }, (_, n) => paper(n, { tags: n % 2 ? ['llm'] : [], note: n % 3 ? '' : `Note ${n}` })),
    tags: [{ key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 }],
    rules: [],
    settings: SETTINGS,
  });

  it('writes the library and answers the view of it: what reading it back gives', async () => {
    const store = await open();
    await store.papers.save(paperInput(id(900)), 1);
    const { version } = await store.library.exportAt();
    const counts = await store.library.replace(library(120), { expectedVersion: version });
    expect(counts).toEqual({ papers: 120, tags: 1, rules: 0, version: version + 1 });
    expect(importedView(library(120), counts.version)).toEqual(await store.library.read());
    await expectSummaryFresh(store, 'imported');
    store.close();
  });

  it('refuses when the library changed since the preview was read, and writes nothing', async () => {
    const store = await open();
    await store.library.replace(library(5), { expectedVersion: 0 }).catch(() => undefined);
    const { version } = await store.library.exportAt();
    // A paper starred on a page meanwhile.
    await store.papers.save(paperInput(id(901)), 9);
    const before = await store.library.export();
    await expect(store.library.replace(library(50), { expectedVersion: version })).rejects.toThrow(LibraryChanged);
    expect(await store.library.export()).toEqual(before);
    store.close();
  });

  it('a bad record, or a write that fails part-way, changes nothing', async () => {
    const store = await open();
    await store.library.replace(library(30));
    const before = await store.library.export();
    const { version } = await store.library.exportAt();
    const spoiled = library(40);
    spoiled.papers[33] = { ...spoiled.papers[33]!, state: 'someday' as never };
    await expect(store.library.replace(spoiled, { expectedVersion: version })).rejects.toThrow(/^Paper 34 \(.+\): state: /);
    expect(await store.library.export()).toEqual(before);

    // As put() does with a value it cannot store, after the clears and most shards are written.
    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'tagShards') throw new DOMException('The value could not be cloned.', 'DataCloneError');
      return put.apply(this, args);
    });
    try {
      await expect(store.library.replace(library(40), { expectedVersion: version })).rejects.toThrow(/could not be cloned/);
    } finally {
      spy.mockRestore();
    }
    expect(await store.library.export()).toEqual(before);
    await expectSummaryFresh(store, 'after the failed import');
    store.close();
  });
});
