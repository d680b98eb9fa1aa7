import { describe, expect, it, vi } from 'vitest';
import type { LibraryPaper } from '@/lib/model/library';
import type { PaperlightDB } from '@/lib/store/database';
import {
  LibraryChanged,
  exportLibrary,
  exportLibraryAt,
  importedView,
  markOpened,
  readLibrary,
  readNewest,
  removePapers,
  replaceLibrary,
  setNote,
  setStates,
  tagMany,
} from '@/lib/store/library';
import { removePaper, savePaper } from '@/lib/store/papers';
import { addRule, applyRuleTags, deleteRule } from '@/lib/store/rules';
import { NEWEST_KEEP, NEWEST_MIN, SUMMARY_KEY, Summary, newestFirst, readLibraryStores, shardOf, writeLibrary } from '@/lib/store/shards';
import { addTag, deleteTag, removeTag, renameTag, restoreTag } from '@/lib/store/tags';
import type { DeletedTag } from '@/lib/model/changes';
import type { IDBPDatabase } from 'idb';
import { random } from '../support/generate-library';
import { paperInput, putStored, openTestDatabase as open } from './test-data';

const SETTINGS = { openMarksReading: true, badgeCountsToRead: true, keyBindings: {} };

const storedSummary = async (db: IDBPDatabase<PaperlightDB>) => Summary.parse((await db.get('meta', SUMMARY_KEY))?.value);

/** What the summary must say, worked out from every record. */
async function expectSummaryFresh(db: IDBPDatabase<PaperlightDB>, step: string): Promise<void> {
  const truth = await readLibraryStores(db, async (shards) => {
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
  const summary = await storedSummary(db);
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
    const db = await open();
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const { rule } = await addRule(db, { pattern: 'policy', action: 'auto-tag', tag: 'Policy' }, 1);
    let clock = 1_000;
    let deleted: DeletedTag | null = null;
    const known = Array.from({ length: 140 }, (_, n) => id(n));
    const operations: [string, () => Promise<unknown>][] = [
      // Saves come most often, some at the same moment, some re-saved.
      ['save', () => savePaper(db, paperInput(pick(known)), (clock += pick([0, 1, 5])))],
      ['save', () => savePaper(db, paperInput(pick(known)), (clock += 3))],
      ['save', () => savePaper(db, paperInput(pick(known)), (clock += 1))],
      ['remove', () => removePaper(db, pick(known))],
      ['remove the newest', async () => removePapers(db, (await readLibrary(db)).papers.slice(0, 15).map((paper) => paper.id))],
      ['states', () => setStates(db, [pick(known), pick(known), pick(known)], pick(['to-read', 'reading', 'done'] as const), clock)],
      ['note', () => setNote(db, pick(known), `Note ${clock}`).catch(() => undefined)],
      ['opened', () => markOpened(db, pick(known), SETTINGS, clock)],
      ['tag', () => addTag(db, paperInput(pick(known)), pick(['LLM', 'RL', 'Agents']))],
      ['untag', () => removeTag(db, pick(known), pick(['llm', 'rl', 'agents']))],
      ['tag many', () => tagMany(db, [pick(known), pick(known), pick(known)], { add: pick(['Survey', 'RL']) })],
      ['untag many', () => tagMany(db, known.slice(0, 40), { remove: pick(['survey', 'rl']) })],
      ['rule tags', () => applyRuleTags(db, [{ paper: paperInput(pick(known)), rule: rule.id }, { paper: paperInput(pick(known)), rule: rule.id }])],
      ['rename', () => renameTag(db, 'agents', pick(['Agents', 'agentic']), true).catch(() => undefined)],
      [
        'delete tag',
        async () => {
          deleted = (await deleteTag(db, pick(['llm', 'survey'])).catch(() => null))?.deleted ?? deleted;
        },
      ],
      ['restore tag', async () => (deleted ? restoreTag(db, deleted) : undefined)],
    ];
    for (let step = 0; step < 260; step++) {
      const [name, run] = step < 70 ? operations[step % 3]! : pick(operations);
      await run();
      await expectSummaryFresh(db, `step ${step}: ${name}`);
    }
    // A damaged record counts, and the list skips it.
    await putStored(db, 'papers', [{ ...paperInput(id(500)), title: 42, savedAt: clock + 1_000, state: 'to-read', note: '' }]);
    await expectSummaryFresh(db, 'damaged record');
    expect((await readNewest(db, 40)).papers.map((paper) => paper.id)).toEqual((await readLibrary(db)).papers.slice(0, 40).map((paper) => paper.id));
    await deleteRule(db, rule.id);
    await expectSummaryFresh(db, 'rule deleted');
    // Replacing everything, then emptying.
    const library = await exportLibrary(db);
    await replaceLibrary(db, { ...library, papers: library.papers.slice(10) });
    await expectSummaryFresh(db, 'replaced');
    await replaceLibrary(db, { papers: [], tags: [], rules: [] });
    await expectSummaryFresh(db, 'emptied');
    expect((await storedSummary(db)).newest).toEqual([]);
    db.close();
  }, 60_000);

  it('a summary that is missing or damaged is made again from the records at the next write', async () => {
    const db = await open();
    for (let n = 0; n < 70; n++) await savePaper(db, paperInput(id(n)), 1_000 + n);
    await addTag(db, paperInput(id(3)), 'LLM');
    await db.put('meta', { key: SUMMARY_KEY, value: { version: 'garbage' } });
    // Readers do without it.
    expect((await readNewest(db, 40)).papers.map((paper) => paper.id)).toEqual((await readLibrary(db)).papers.slice(0, 40).map((paper) => paper.id));
    await savePaper(db, paperInput(id(90)), 5_000);
    await expectSummaryFresh(db, 'after the next write');
    db.close();
  });

  it('each write is a new version; reads do not change it', async () => {
    const db = await open();
    await savePaper(db, paperInput(id(1)), 1);
    const first = (await storedSummary(db)).version;
    await readLibrary(db);
    expect((await storedSummary(db)).version).toBe(first);
    await addRule(db, { pattern: 'zebra' }, 2);
    expect((await storedSummary(db)).version).toBe(first + 1);
    expect((await readLibrary(db)).version).toBe(first + 1);
    db.close();
  });

  it('a throw inside a write keeps none of it', async () => {
    const db = await open();
    await savePaper(db, paperInput(id(1)), 1);
    const before = await exportLibrary(db);
    const summary = await storedSummary(db);
    await expect(
      writeLibrary(db, async (shards) => {
        await shards.load('papers', [id(1), id(2)]);
        shards.delete('papers', id(1));
        shards.put('papers', id(2), { id: id(2) });
        await shards.flush();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await exportLibrary(db)).toEqual(before);
    expect(await storedSummary(db)).toEqual(summary);
    db.close();
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
    const db = await open();
    await savePaper(db, paperInput(id(900)), 1);
    const { version } = await exportLibraryAt(db);
    const counts = await replaceLibrary(db, library(120), { expectedVersion: version });
    expect(counts).toEqual({ papers: 120, tags: 1, rules: 0, version: version + 1 });
    expect(importedView(library(120), counts.version)).toEqual(await readLibrary(db));
    await expectSummaryFresh(db, 'imported');
    db.close();
  });

  it('refuses when the library changed since the preview was read, and writes nothing', async () => {
    const db = await open();
    await replaceLibrary(db, library(5), { expectedVersion: 0 }).catch(() => undefined);
    const { version } = await exportLibraryAt(db);
    // A paper starred on a page meanwhile.
    await savePaper(db, paperInput(id(901)), 9);
    const before = await exportLibrary(db);
    await expect(replaceLibrary(db, library(50), { expectedVersion: version })).rejects.toThrow(LibraryChanged);
    expect(await exportLibrary(db)).toEqual(before);
    db.close();
  });

  it('a bad record, or a write that fails part-way, changes nothing', async () => {
    const db = await open();
    await replaceLibrary(db, library(30));
    const before = await exportLibrary(db);
    const { version } = await exportLibraryAt(db);
    const spoiled = library(40);
    spoiled.papers[33] = { ...spoiled.papers[33]!, state: 'someday' as never };
    await expect(replaceLibrary(db, spoiled, { expectedVersion: version })).rejects.toThrow(/^Paper 34 \(.+\): state: /);
    expect(await exportLibrary(db)).toEqual(before);

    // As put() does with a value it cannot store, after the clears and most shards are written.
    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'tagShards') throw new DOMException('The value could not be cloned.', 'DataCloneError');
      return put.apply(this, args);
    });
    try {
      await expect(replaceLibrary(db, library(40), { expectedVersion: version })).rejects.toThrow(/could not be cloned/);
    } finally {
      spy.mockRestore();
    }
    expect(await exportLibrary(db)).toEqual(before);
    await expectSummaryFresh(db, 'after the failed import');
    db.close();
  });
});
