import type { Rule } from '@/lib/rules/rule';
import { describe, expect, it, vi } from 'vitest';
import { handleRequest, type BackgroundDeps } from '@/lib/background/handle-request';
import type { Broadcast, PageStatus } from '@/lib/messages';
import { openDatabase } from '@/lib/store/database';
import type { PaperInput, SavedPaper } from '@/lib/store/records';

let counter = 0;

function paper(id = '2407.21783', overrides: Record<string, unknown> = {}): PaperInput {
  return {
    id,
    title: 'The Llama 3 Herd of Models',
    authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
    abstract: 'Modern artificial intelligence (AI) systems are powered by foundation models.',
    publishedAt: '2024-07-31T17:54:27.000Z',
    organization: null,
    upvotes: 94,
    sourceUrl: 'https://huggingface.co/papers/date/2024-08-01',
    ...overrides,
  } as PaperInput;
}

const STATUS: PageStatus = { kind: 'day', cards: 13, listed: 13, recognised: true, url: 'https://huggingface.co/papers/date/2024-08-01' };

function setup() {
  const name = `paperlight-handle-${Date.now()}-${++counter}`;
  const db = openDatabase(name);
  let clock = 1_000;
  const statuses = new Map<number, PageStatus>();
  const broadcast = vi.fn(async (_change: Broadcast) => {});
  const setPageStatus = vi.fn(async (tabId: number, status: PageStatus) => {
    statuses.set(tabId, status);
  });
  const publishRules = vi.fn(async (_rules: Rule[]) => {});
  const deps: BackgroundDeps = {
    db: () => db,
    broadcast,
    setPageStatus,
    getPageStatus: async (tabId) => statuses.get(tabId) ?? null,
    publishRules,
    now: () => clock,
  };
  return {
    deps,
    broadcast,
    publishRules,
    setPageStatus,
    db,
    tick: (ms: number) => (clock += ms),
    /** From a content script in tab `tabId`, or (no tab) from an extension page. */
    send: (message: unknown, tabId?: number) => handleRequest(deps, message, { tabId, extensionPage: tabId === undefined }),
    count: async () => (await db).count('papers'),
  };
}

describe('handleRequest: paper.save', () => {
  it('saves, answers the record and broadcasts it', async () => {
    const t = setup();
    const reply = await t.send({ type: 'paper.save', paper: paper() }, 7);
    const record: SavedPaper = { ...paper(), savedAt: 1_000 };
    expect(reply).toEqual({ ok: true, value: record });
    expect(t.broadcast).toHaveBeenCalledTimes(1);
    expect(t.broadcast).toHaveBeenCalledWith({ type: 'papers.changed', saved: [record], removed: [] });
    expect(await (await t.db).get('papers', '2407.21783')).toEqual(record);
  });

  it('re-saving keeps the first savedAt and broadcasts the refreshed record', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper() });
    t.tick(5_000);
    const reply = await t.send({ type: 'paper.save', paper: paper('2407.21783', { upvotes: 120 }) });
    expect(reply).toEqual({ ok: true, value: { ...paper('2407.21783', { upvotes: 120 }), savedAt: 1_000 } });
    expect(t.broadcast).toHaveBeenLastCalledWith({
      type: 'papers.changed',
      saved: [{ ...paper('2407.21783', { upvotes: 120 }), savedAt: 1_000 }],
      removed: [],
    });
  });

  it('drops unknown fields instead of storing them', async () => {
    const t = setup();
    const reply = await t.send({ type: 'paper.save', paper: { ...paper(), evil: '<script>' }, extra: true });
    expect(reply.ok).toBe(true);
    expect(await (await t.db).get('papers', '2407.21783')).not.toHaveProperty('evil');
  });
});

describe('handleRequest: wrong-shaped messages', () => {
  const huge = Array.from({ length: 5_001 }, (_, i) => `Author ${i}`);
  it.each<[string, unknown, RegExp]>([
    ['null', null, /message/],
    ['undefined', undefined, /message/],
    ['a string', 'paper.save', /message/],
    ['a number', 42, /message/],
    ['an array', [{ type: 'list.get' }], /message/],
    ['no type', { paper: paper() }, /type/],
    ['unknown type', { type: 'paper.delete', id: '2407.21783' }, /type/],
    ['type of the wrong case', { type: 'PAPER.SAVE', paper: paper() }, /type/],
    ['broadcast echoed back', { type: 'papers.changed', saved: [], removed: [] }, /type/],
    ['save without a paper', { type: 'paper.save' }, /paper/],
    ['save with a paper that is a string', { type: 'paper.save', paper: '2407.21783' }, /paper/],
    ['remove without id', { type: 'paper.remove' }, /id/],
    ['remove with a bad arXiv id', { type: 'paper.remove', id: '2407.217' }, /id: not an arXiv id/],
    ['remove with an id that is a number', { type: 'paper.remove', id: 2407.21783 }, /id/],
    ['save with a bad arXiv id', { type: 'paper.save', paper: paper('../../etc') }, /paper\.id: not an arXiv id/],
    ['save with a versioned id', { type: 'paper.save', paper: paper('2407.21783v2') }, /paper\.id/],
    ['title that is a number', { type: 'paper.save', paper: paper('2407.21783', { title: 42 }) }, /paper\.title/],
    ['blank title', { type: 'paper.save', paper: paper('2407.21783', { title: '   ' }) }, /paper\.title/],
    ['huge title', { type: 'paper.save', paper: paper('2407.21783', { title: 'x'.repeat(1_001) }) }, /paper\.title/],
    ['huge author list', { type: 'paper.save', paper: paper('2407.21783', { authors: huge }) }, /paper\.authors/],
    ['authors not strings', { type: 'paper.save', paper: paper('2407.21783', { authors: [{ name: 'A' }] }) }, /paper\.authors/],
    ['huge author name', { type: 'paper.save', paper: paper('2407.21783', { authors: ['a'.repeat(2_001)] }) }, /paper\.authors/],
    ['huge abstract', { type: 'paper.save', paper: paper('2407.21783', { abstract: 'a'.repeat(20_001) }) }, /paper\.abstract/],
    ['negative upvotes', { type: 'paper.save', paper: paper('2407.21783', { upvotes: -1 }) }, /paper\.upvotes/],
    ['fractional upvotes', { type: 'paper.save', paper: paper('2407.21783', { upvotes: 1.5 }) }, /paper\.upvotes/],
    ['missing field', { type: 'paper.save', paper: { id: '2407.21783', title: 'x' } }, /paper\.authors/],
    ['http source', { type: 'paper.save', paper: paper('2407.21783', { sourceUrl: 'http://huggingface.co/papers' }) }, /paper\.sourceUrl/],
    ['javascript: source', { type: 'paper.save', paper: paper('2407.21783', { sourceUrl: 'javascript:alert(1)' }) }, /paper\.sourceUrl/],
    ['not a URL', { type: 'paper.save', paper: paper('2407.21783', { sourceUrl: 'huggingface.co' }) }, /paper\.sourceUrl/],
    ['too many ids', { type: 'papers.saved', ids: Array.from({ length: 10_001 }, () => '2407.21783') }, /ids/],
    ['ids not an array', { type: 'papers.saved', ids: '2407.21783' }, /ids/],
    ['a bad id among ids', { type: 'papers.saved', ids: ['2407.21783', 'x'] }, /ids\.1/],
    ['page.status without status', { type: 'page.status' }, /status/],
    ['page.status with negative cards', { type: 'page.status', status: { ...STATUS, cards: -1 } }, /status\.cards/],
    ['page.status with a long kind', { type: 'page.status', status: { ...STATUS, kind: 'k'.repeat(21) } }, /status\.kind/],
    ['page.status.get without a tab', { type: 'page.status.get' }, /tabId/],
    ['page.status.get with a string tab', { type: 'page.status.get', tabId: '3' }, /tabId/],
  ])('%s → error, nothing written, no broadcast', async (_label, message, mentions) => {
    const t = setup();
    const reply = await t.send(message, 7);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error).toMatch(/^Rejected message: /);
    expect(reply.error).toMatch(mentions);
    // One line, readable, and bounded even for huge inputs.
    expect(reply.error).not.toContain('\n');
    expect(reply.error.length).toBeLessThan(600);
    expect(await t.count()).toBe(0);
    expect(t.broadcast).not.toHaveBeenCalled();
    expect(t.setPageStatus).not.toHaveBeenCalled();
  });

  it('a rejected save leaves an earlier save untouched', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper() });
    t.broadcast.mockClear();
    const reply = await t.send({ type: 'paper.save', paper: paper('2407.21783', { title: 42 }) });
    expect(reply.ok).toBe(false);
    expect(await (await t.db).get('papers', '2407.21783')).toEqual({ ...paper(), savedAt: 1_000 });
    expect(t.broadcast).not.toHaveBeenCalled();
  });
});

describe('handleRequest: other requests', () => {
  it('paper.remove removes, broadcasts only a real removal', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper() });
    t.broadcast.mockClear();
    expect(await t.send({ type: 'paper.remove', id: '2407.21783' })).toEqual({ ok: true, value: { removed: true } });
    expect(t.broadcast).toHaveBeenCalledWith({ type: 'papers.changed', saved: [], removed: ['2407.21783'] });
    expect(await t.send({ type: 'paper.remove', id: '2407.21783' })).toEqual({ ok: true, value: { removed: false } });
    expect(t.broadcast).toHaveBeenCalledTimes(1);
    expect(await t.count()).toBe(0);
  });

  it('papers.saved answers the saved subset', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper('2407.21705') });
    const reply = await t.send({ type: 'papers.saved', ids: ['2407.21783', '2407.21705'] });
    expect(reply).toEqual({ ok: true, value: ['2407.21705'] });
  });

  it('list.get answers newest save first', async () => {
    const t = setup();
    for (const id of ['2407.21705', '2407.21783', '2407.21770']) {
      await t.send({ type: 'paper.save', paper: paper(id) });
      t.tick(10);
    }
    // Re-saving the oldest keeps its place.
    await t.send({ type: 'paper.save', paper: paper('2407.21705') });
    const reply = await t.send({ type: 'list.get' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const list = reply.value as { papers: SavedPaper[]; skipped: number };
    expect(list.papers.map((p) => p.id)).toEqual(['2407.21770', '2407.21783', '2407.21705']);
    expect(list.papers.map((p) => p.savedAt)).toEqual([1_020, 1_010, 1_000]);
    expect(list.skipped).toBe(0);
  });

  it('page.status is stored per sending tab and read back with page.status.get', async () => {
    const t = setup();
    expect(await t.send({ type: 'page.status', status: STATUS }, 7)).toEqual({ ok: true, value: null });
    expect(t.setPageStatus).toHaveBeenCalledWith(7, STATUS);
    expect(await t.send({ type: 'page.status.get', tabId: 7 })).toEqual({ ok: true, value: STATUS });
    expect(await t.send({ type: 'page.status.get', tabId: 8 })).toEqual({ ok: true, value: null });
  });

  it('web pages may not read the whole list nor other tabs’ status', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper() }, 3);
    for (const message of [
      { type: 'list.get' },
      { type: 'page.status.get', tabId: 3 },
      { type: 'tag.rename', key: 'llm', name: 'x', merge: true },
      { type: 'tag.recolor', key: 'llm', color: '#000000' },
      { type: 'tag.delete', key: 'llm' },
      { type: 'tag.restore', deleted: { tag: { key: 'x', name: 'x', color: '#000000', createdAt: 1 }, papers: [] } },
    ]) {
      const reply = await t.send(message, 3);
      expect(reply).toEqual({ ok: false, error: expect.stringMatching(/not available to web pages/) });
    }
    expect(await t.send({ type: 'papers.saved', ids: ['2407.21783'] }, 3)).toEqual({ ok: true, value: ['2407.21783'] });
  });

  it('page.status without a tab id is an error', async () => {
    const t = setup();
    const reply = await t.send({ type: 'page.status', status: STATUS });
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/tab/) });
    expect(t.setPageStatus).not.toHaveBeenCalled();
  });

  it('a failing database becomes an error reply, never a throw', async () => {
    const t = setup();
    const deps: BackgroundDeps = { ...t.deps, db: () => Promise.reject(new Error('disk full')) };
    const reply = await handleRequest(deps, { type: 'paper.save', paper: paper() }, { tabId: 1, extensionPage: false });
    expect(reply).toEqual({ ok: false, error: 'disk full' });
    expect(t.broadcast).not.toHaveBeenCalled();
    expect(await handleRequest(deps, { type: 'list.get' }, { extensionPage: true })).toEqual({ ok: false, error: 'disk full' });
  });

  it('without a clock dep, savedAt is the current time', async () => {
    const t = setup();
    const before = Date.now();
    const reply = await handleRequest({ ...t.deps, now: undefined }, { type: 'paper.save', paper: paper() }, { extensionPage: true });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const { savedAt } = reply.value as SavedPaper;
    expect(savedAt).toBeGreaterThanOrEqual(before);
    expect(savedAt).toBeLessThanOrEqual(Date.now());
  });
});
