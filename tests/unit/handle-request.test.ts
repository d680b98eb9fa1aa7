import type { Rule } from '@/lib/model/rule';
import { describe, expect, it, vi } from 'vitest';
import { badgeText, showCountOn, toolbarBadge, type BadgeApi } from '@/lib/background/badge';
import { handleRequest, type BackgroundDeps } from '@/lib/background/handle-request';
import { Settings, type Library } from '@/lib/model/library';
import type { Broadcast, PageStatus, Reply, Responses } from '@/lib/protocol/messages';
import type { PaperInput, SavedPaper } from '@/lib/model/records';
import { openTestStore, stored, storedCount } from './test-data';

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
  const store = openTestStore(name);
  let clock = 1_000;
  const statuses = new Map<number, PageStatus>();
  const broadcast = vi.fn(async (_change: Broadcast) => {});
  const setPageStatus = vi.fn(async (tabId: number, status: PageStatus) => {
    statuses.set(tabId, status);
  });
  const publishRules = vi.fn(async (_rules: Rule[]) => {});
  const updateBadge = vi.fn(async () => {});
  const deps: BackgroundDeps = {
    store: () => store,
    broadcast,
    setPageStatus,
    getPageStatus: async (tabId) => statuses.get(tabId) ?? null,
    publishRules,
    updateBadge,
    now: () => clock,
  };
  return {
    deps,
    broadcast,
    publishRules,
    updateBadge,
    setPageStatus,
    store,
    tick: (ms: number) => (clock += ms),
    /** From a content script in tab `tabId`, or (no tab) from an extension page. */
    send: (message: unknown, tabId?: number) => handleRequest(deps, message, { tabId, extensionPage: tabId === undefined }),
    count: async () => storedCount(await store, 'papers'),
  };
}

describe('handleRequest: paper.save', () => {
  it('saves, answers the record and broadcasts it', async () => {
    const t = setup();
    const reply = await t.send({ type: 'paper.save', paper: paper() }, 7);
    const record: SavedPaper = { ...paper(), savedAt: 1_000, state: 'to-read', note: '' };
    expect(reply).toEqual({ ok: true, value: record });
    expect(t.broadcast).toHaveBeenCalledTimes(1);
    expect(t.broadcast).toHaveBeenCalledWith({ type: 'papers.changed', saved: [record], removed: [] });
    expect(await stored(await t.store, 'papers', '2407.21783')).toEqual(record);
  });

  it('re-saving keeps the first savedAt and broadcasts the refreshed record', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper() });
    t.tick(5_000);
    const reply = await t.send({ type: 'paper.save', paper: paper('2407.21783', { upvotes: 120 }) });
    expect(reply).toEqual({ ok: true, value: { ...paper('2407.21783', { upvotes: 120 }), savedAt: 1_000, state: 'to-read', note: '' } });
    expect(t.broadcast).toHaveBeenLastCalledWith({
      type: 'papers.changed',
      saved: [{ ...paper('2407.21783', { upvotes: 120 }), savedAt: 1_000, state: 'to-read', note: '' }],
      removed: [],
    });
  });

  it('drops unknown fields instead of storing them', async () => {
    const t = setup();
    const reply = await t.send({ type: 'paper.save', paper: { ...paper(), evil: '<script>' }, extra: true });
    expect(reply.ok).toBe(true);
    expect(await stored(await t.store, 'papers', '2407.21783')).not.toHaveProperty('evil');
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
    expect(await stored(await t.store, 'papers', '2407.21783')).toEqual({ ...paper(), savedAt: 1_000, state: 'to-read', note: '' });
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
    const deps: BackgroundDeps = { ...t.deps, store: () => Promise.reject(new Error('disk full')) };
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

/** The value of a reply that must have succeeded. */
function valueOf<T>(reply: Reply): T {
  if (!reply.ok) throw new Error(`expected success, got: ${reply.error}`);
  return reply.value as T;
}

describe('handleRequest: the reading list at scale', () => {
  const A = '2407.21783';
  const B = '2407.21705';
  const saved = (id: string, fields: Partial<SavedPaper> = {}): SavedPaper => ({ ...paper(id), savedAt: 1_000, state: 'to-read', note: '', ...fields });

  async function withPapers(...ids: string[]) {
    const t = setup();
    for (const id of ids) await t.send({ type: 'paper.save', paper: paper(id) });
    t.broadcast.mockClear();
    t.updateBadge.mockClear();
    return t;
  }

  it('saving and removing a paper update the badge', async () => {
    const t = setup();
    await t.send({ type: 'paper.save', paper: paper() }, 7);
    expect(t.updateBadge).toHaveBeenCalledTimes(1);
    await t.send({ type: 'paper.remove', id: A }, 7);
    expect(t.updateBadge).toHaveBeenCalledTimes(2);
    await t.send({ type: 'paper.remove', id: A }, 7);
    expect(t.updateBadge).toHaveBeenCalledTimes(2);
  });

  it('papers.state broadcasts the papers it changed and updates the badge', async () => {
    const t = await withPapers(A, B);
    t.tick(500);
    expect(await t.send({ type: 'papers.state', ids: [A, B], state: 'done' })).toEqual({ ok: true, value: { changed: 2 } });
    expect(t.broadcast).toHaveBeenCalledWith({
      type: 'papers.changed',
      saved: [saved(A, { state: 'done', stateChangedAt: 1_500 }), saved(B, { state: 'done', stateChangedAt: 1_500 })],
      removed: [],
    });
    expect(t.updateBadge).toHaveBeenCalledTimes(1);
    // Nothing changes the second time: nothing to tell.
    expect(await t.send({ type: 'papers.state', ids: [A], state: 'done' })).toEqual({ ok: true, value: { changed: 0 } });
    expect(t.broadcast).toHaveBeenCalledTimes(1);
    expect(t.updateBadge).toHaveBeenCalledTimes(1);
  });

  it('paper.note answers and broadcasts the paper; a paper not saved is an error', async () => {
    const t = await withPapers(A);
    const reply = await t.send({ type: 'paper.note', id: A, note: 'Read §3.' });
    expect(reply).toEqual({ ok: true, value: saved(A, { note: 'Read §3.' }) });
    expect(t.broadcast).toHaveBeenCalledWith({ type: 'papers.changed', saved: [saved(A, { note: 'Read §3.' })], removed: [] });
    expect(await t.send({ type: 'paper.note', id: B, note: 'x' })).toEqual({ ok: false, error: 'This paper is not in the reading list.' });
    expect(await t.send({ type: 'paper.note', id: A, note: 'x'.repeat(20_001) })).toMatchObject({ ok: false, error: expect.stringMatching(/^Rejected message: note/) });
    expect(t.broadcast).toHaveBeenCalledTimes(1);
  });

  it('papers.notes answers the notes, to content scripts too', async () => {
    const t = await withPapers(A, B);
    await t.send({ type: 'paper.note', id: B, note: 'hi' });
    expect(await t.send({ type: 'papers.notes', ids: [A, B] }, 3)).toEqual({ ok: true, value: { [B]: 'hi' } });
  });

  it('paper.opened starts reading a paper to read once, and not when the setting is off', async () => {
    const t = await withPapers(A, B);
    t.tick(1);
    expect(await t.send({ type: 'paper.opened', id: A })).toEqual({ ok: true, value: saved(A, { state: 'reading', stateChangedAt: 1_001 }) });
    expect(t.broadcast).toHaveBeenLastCalledWith({ type: 'papers.changed', saved: [saved(A, { state: 'reading', stateChangedAt: 1_001 })], removed: [] });
    expect(t.updateBadge).toHaveBeenCalledTimes(1);
    expect(await t.send({ type: 'paper.opened', id: A })).toEqual({ ok: true, value: null });
    await t.send({ type: 'settings.set', settings: { openMarksReading: false } });
    t.broadcast.mockClear();
    expect(await t.send({ type: 'paper.opened', id: B })).toEqual({ ok: true, value: null });
    expect(t.broadcast).not.toHaveBeenCalled();
  });

  it('papers.removeMany broadcasts the removed ids and updates the badge', async () => {
    const t = await withPapers(A, B);
    expect(await t.send({ type: 'papers.removeMany', ids: [A, '2501.00001'] })).toEqual({ ok: true, value: { removed: 1 } });
    expect(t.broadcast).toHaveBeenCalledWith({ type: 'papers.changed', saved: [], removed: [A] });
    expect(t.updateBadge).toHaveBeenCalledTimes(1);
    expect(await t.send({ type: 'papers.removeMany', ids: [A] })).toEqual({ ok: true, value: { removed: 0 } });
    expect(t.broadcast).toHaveBeenCalledTimes(1);
  });

  it('papers.tagMany broadcasts one tag change; it needs a tag', async () => {
    const t = await withPapers(A, B);
    const change = valueOf<Responses['papers.tagMany']>(await t.send({ type: 'papers.tagMany', ids: [A, B], add: 'LLM' }));
    expect(change.papers).toEqual([
      { id: A, tags: ['llm'] },
      { id: B, tags: ['llm'] },
    ]);
    expect(t.broadcast).toHaveBeenCalledWith({ type: 'tags.changed', tags: change.tags, papers: change.papers });
    await t.send({ type: 'papers.tagMany', ids: [A], remove: 'llm' });
    expect(t.broadcast).toHaveBeenLastCalledWith({ type: 'tags.changed', tags: [expect.objectContaining({ key: 'llm', count: 1 })], papers: [{ id: A, tags: [] }] });
    expect(await t.send({ type: 'papers.tagMany', ids: [A] })).toEqual({ ok: false, error: 'Rejected message: Give a tag to add or to remove.' });
    expect(t.broadcast).toHaveBeenCalledTimes(2);
  });

  it('library.export then library.replace: rules published, library.changed broadcast, badge updated', async () => {
    const t = await withPapers(A, B);
    await t.send({ type: 'rule.add', rule: { pattern: 'diffusion' } });
    await t.send({ type: 'paper.note', id: A, note: 'n' });
    const library = valueOf<Library>(await t.send({ type: 'library.export' }));
    expect(library.papers.map((p) => p.id)).toEqual([A, B]);
    expect(library.rules.map((r) => r.pattern)).toEqual(['diffusion']);

    const other = setup();
    const reply = await other.send({ type: 'library.replace', library });
    expect(reply).toEqual({ ok: true, value: { papers: 2, tags: 0, rules: 1, version: expect.any(Number) } });
    expect(other.publishRules).toHaveBeenCalledWith(library.rules);
    expect(other.broadcast).toHaveBeenCalledWith({ type: 'library.changed' });
    expect(other.updateBadge).toHaveBeenCalledTimes(1);
    expect(await other.send({ type: 'library.export' })).toEqual({ ok: true, value: library });
  });

  it('library.replace with a bad record names it and changes nothing', async () => {
    const t = await withPapers(A);
    const library = valueOf<Library>(await t.send({ type: 'library.export' }));
    const reply = await t.send({ type: 'library.replace', library: { ...library, papers: [{ ...library.papers[0], tags: ['ghost'] }] } });
    expect(reply).toEqual({ ok: false, error: `Paper 1 (${A}) has the tag “ghost”, which is not among the library’s tags.` });
    expect(t.broadcast).not.toHaveBeenCalled();
    expect(t.publishRules).not.toHaveBeenCalled();
    expect(await t.send({ type: 'library.export' })).toEqual({ ok: true, value: library });
  });

  it('rule.update changes only what it names (the rule schema’s defaults are not filled in)', async () => {
    const t = setup();
    const added = valueOf<Responses['rule.add']>(
      await t.send({ type: 'rule.add', rule: { pattern: '\\bRL\\b', kind: 'regex', caseSensitive: true, fields: ['title'], color: '#dc2626', action: 'mute', muteStyle: 'fold' } }),
    ).rule;
    const toggled = valueOf<Responses['rule.update']>(await t.send({ type: 'rule.update', id: added.id, patch: { enabled: false } })).rule;
    expect(toggled).toEqual({ ...added, enabled: false });
    const recolored = valueOf<Responses['rule.update']>(await t.send({ type: 'rule.update', id: added.id, patch: { color: '#2563eb', enabled: true } })).rule;
    expect(recolored).toEqual({ ...added, color: '#2563eb' });
    expect(t.publishRules).toHaveBeenLastCalledWith([recolored]);
  });

  it('settings.set changes only what it names, broadcasts all the settings and updates the badge', async () => {
    const t = setup();
    expect(await t.send({ type: 'settings.get' })).toEqual({ ok: true, value: Settings.parse({}) });
    await t.send({ type: 'settings.set', settings: { badgeCountsToRead: false, keyBindings: { next: 'j' } } });
    const reply = await t.send({ type: 'settings.set', settings: { openMarksReading: false } });
    const settings = Settings.parse({ openMarksReading: false, badgeCountsToRead: false, keyBindings: { next: 'j' } });
    expect(reply).toEqual({ ok: true, value: settings });
    expect(t.broadcast).toHaveBeenLastCalledWith({ type: 'settings.changed', settings });
    expect(t.updateBadge).toHaveBeenCalledTimes(2);
    expect(await t.send({ type: 'settings.get' })).toEqual({ ok: true, value: settings });
  });

  it('web pages may read and write a paper’s note and read the settings (the keyboard), and nothing else of the reading list', async () => {
    const t = await withPapers(A);
    const library = valueOf<Library>(await t.send({ type: 'library.export' }));
    for (const message of [
      { type: 'papers.state', ids: [A], state: 'done' },
      { type: 'papers.removeMany', ids: [A] },
      { type: 'papers.tagMany', ids: [A], add: 'x' },
      { type: 'paper.opened', id: A },
      { type: 'library.export' },
      { type: 'library.replace', library },
      { type: 'settings.set', settings: { openMarksReading: false } },
    ]) {
      expect(await t.send(message, 3)).toEqual({ ok: false, error: `Rejected message: ${message.type} is not available to web pages` });
    }
    expect(await t.send({ type: 'papers.notes', ids: [A] }, 3)).toEqual({ ok: true, value: {} });
    expect(t.broadcast).not.toHaveBeenCalled();
    expect(await t.count()).toBe(1);
  });
});

describe('handleRequest: tab.open', () => {
  it('opens a paper page through the dep, for a page too; other URLs are refused', async () => {
    const t = setup();
    const openTab = vi.fn(async (_url: string, _active: boolean) => {});
    const deps = { ...t.deps, openTab };
    const url = 'https://huggingface.co/papers/2407.21783';
    expect(await handleRequest(deps, { type: 'tab.open', url, active: false }, { tabId: 3, extensionPage: false })).toEqual({ ok: true, value: null });
    expect(openTab).toHaveBeenCalledWith(url, false);
    const elsewhere = await handleRequest(deps, { type: 'tab.open', url: 'https://example.com/papers/1', active: true }, { tabId: 3, extensionPage: false });
    expect(elsewhere).toMatchObject({ ok: false, error: expect.stringMatching(/^Rejected message: url/) });
    expect(openTab).toHaveBeenCalledTimes(1);
    expect(await t.send({ type: 'tab.open', url, active: true })).toEqual({ ok: false, error: 'Tabs cannot be opened here.' });
  });
});

describe('handleRequest: rules.load', () => {
  it('runs the rule engine in the asking page’s frame; an extension page cannot ask', async () => {
    const t = setup();
    const loadRules = vi.fn(async (_tabId: number, _frameId: number) => {});
    const deps = { ...t.deps, loadRules };
    expect(await handleRequest(deps, { type: 'rules.load' }, { tabId: 4, frameId: 2, extensionPage: false })).toEqual({ ok: true, value: null });
    expect(loadRules).toHaveBeenCalledWith(4, 2);
    expect(await handleRequest(deps, { type: 'rules.load' }, { tabId: 4, extensionPage: false })).toEqual({ ok: true, value: null });
    expect(loadRules).toHaveBeenLastCalledWith(4, 0);
    expect(await handleRequest(deps, { type: 'rules.load' }, { extensionPage: true })).toMatchObject({ ok: false });
    expect(loadRules).toHaveBeenCalledTimes(2);
    // Firefox's background has no such dep: its content script carries the engine.
    expect(await t.send({ type: 'rules.load' }, 4)).toEqual({ ok: false, error: 'The rule engine cannot be loaded here.' });
  });
});

describe('toolbar badge', () => {
  function fakeApi() {
    const calls: unknown[] = [];
    const api: BadgeApi = {
      setBadgeText: async (details) => void calls.push(['text', details]),
      setBadgeBackgroundColor: async (details) => void calls.push(['color', details]),
    };
    return { api, calls, texts: () => calls.filter((call) => (call as unknown[])[0] === 'text').map((call) => (call as [string, unknown])[1]) };
  }

  it.each([
    [0, true, ''],
    [1, true, '1'],
    [999, true, '999'],
    [1_000, true, '1k'],
    [12_345, true, '12k'],
    [5, false, ''],
  ])('%i papers to read, counting %s → %j', (count, on, text) => {
    expect(badgeText(count, { badgeCountsToRead: on })).toBe(text);
  });

  it('shows the to-read count globally, follows the setting, and hands a tab back to it', async () => {
    const t = setup();
    const fake = fakeApi();
    const badge = toolbarBadge(() => t.store, fake.api);
    const deps = { ...t.deps, updateBadge: () => badge.update() };
    await handleRequest(deps, { type: 'paper.save', paper: paper('2407.21783') }, { extensionPage: true });
    await handleRequest(deps, { type: 'paper.save', paper: paper('2407.21705') }, { extensionPage: true });
    await handleRequest(deps, { type: 'papers.state', ids: ['2407.21705'], state: 'done' }, { extensionPage: true });
    await handleRequest(deps, { type: 'settings.set', settings: { badgeCountsToRead: false } }, { extensionPage: true });
    expect(fake.texts()).toEqual([{ text: '1' }, { text: '2' }, { text: '1' }, { text: '' }]);
    await showCountOn(7, fake.api);
    expect(fake.texts().at(-1)).toEqual({ tabId: 7, text: null });
  });

  it('never fails the change it follows, and updates in order', async () => {
    const fake = fakeApi();
    let fail = true;
    const badge = toolbarBadge(async () => {
      if (fail) throw new Error('no database');
      return openTestStore(`paperlight-badge-${Date.now()}-${++counter}`);
    }, fake.api);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(badge.update()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    fail = false;
    await Promise.all([badge.update(), badge.update()]);
    expect(fake.texts()).toEqual([{ text: '' }, { text: '' }]);
  });
});

describe('handleRequest: the seen ledger', () => {
  it('takes a page’s report and answers a listing; refuses what is not an arXiv id; forgets old sightings after a report', async () => {
    const t = setup();
    const forgetSeen = vi.fn(async () => 0);
    t.deps.forgetSeen = forgetSeen;
    const marks = [
      { id: '2407.21783', how: 'glimpsed', upvotes: 12 },
      { id: '2407.21784', how: 'opened', upvotes: null },
    ];
    expect(await t.send({ type: 'seen.mark', marks }, 7)).toEqual({ ok: true, value: null });
    expect(forgetSeen).toHaveBeenCalledTimes(1);
    expect(await t.send({ type: 'seen.get', ids: ['2407.21783', '2407.21784', '2407.21785'] }, 7)).toEqual({
      ok: true,
      value: { '2407.21783': { first: 1_000, last: 1_000, how: 1, upvotes: 12 }, '2407.21784': { first: 1_000, last: 1_000, how: 2, upvotes: null } },
    });
    for (const bad of [
      { id: '<img src=x>', how: 'glimpsed', upvotes: 1 },
      { id: '2407.21783v2', how: 'glimpsed', upvotes: 1 },
      { id: '2407.21783', how: 'stared', upvotes: 1 },
      { id: '2407.21783', how: 'glimpsed', upvotes: -1 },
    ]) {
      expect(await t.send({ type: 'seen.mark', marks: [bad] }, 7)).toMatchObject({ ok: false, error: expect.stringMatching(/^Rejected message/) });
    }
    expect(await t.send({ type: 'seen.mark', marks: [] }, 7)).toMatchObject({ ok: false });
    // Marks are not library changes: nothing is broadcast.
    expect(t.broadcast).not.toHaveBeenCalled();
  });

  it('puts records back for an undo, and remembers "Only new" per kind of view for every tab', async () => {
    const t = setup();
    await t.send({ type: 'seen.mark', marks: [{ id: '2407.21783', how: 'glimpsed', upvotes: 1 }, { id: '2407.21784', how: 'glimpsed', upvotes: 2 }] }, 7);
    const earlier = { first: 5, last: 6, how: 1, upvotes: 0 };
    expect(await t.send({ type: 'seen.restore', records: { '2407.21783': null, '2407.21784': earlier } }, 7)).toEqual({ ok: true, value: null });
    expect(valueOf(await t.send({ type: 'seen.get', ids: ['2407.21783', '2407.21784'] }, 7))).toEqual({ '2407.21784': earlier });

    const on = valueOf<Settings>(await t.send({ type: 'view.onlyNew', kind: 'week', on: true }, 7));
    expect(on.onlyNew).toEqual(['week']);
    expect(t.broadcast).toHaveBeenLastCalledWith({ type: 'settings.changed', settings: on });
    expect(valueOf<Settings>(await t.send({ type: 'view.onlyNew', kind: 'day', on: true }, 7)).onlyNew).toEqual(['week', 'day']);
    expect(valueOf<Settings>(await t.send({ type: 'view.onlyNew', kind: 'week', on: false }, 7)).onlyNew).toEqual(['day']);
    expect(await t.send({ type: 'view.onlyNew', kind: 'paper', on: true }, 7)).toMatchObject({ ok: false });
  });
});
