import { describe, expect, it, vi } from 'vitest';
import * as model from '@/lib/model/library';
import { Settings, type Library, type LibraryPaper } from '@/lib/model/library';
import type { Rule } from '@/lib/model/rule';
import { NOTE_MAX, PAPER_STATES, type Tag } from '@/lib/model/records';
import { paperInput, putStored, stored, storedCount, openTestStore as open, rawDb } from './test-data';

const A = '2407.21783';
const B = '2407.21705';
const C = '2404.01300';
const DEFAULTS = Settings.parse({});

const tag = (key: string, name = key.toUpperCase(), color = '#2563eb'): Tag => ({ key, name, color, createdAt: 1 });
const libraryPaper = (id: string, fields: Partial<LibraryPaper> = {}): LibraryPaper => ({
  ...paperInput(id),
  savedAt: 1_000,
  state: 'to-read',
  note: '',
  tags: [],
  ...fields,
});
const rule = (id: string, pattern: string, fields: Partial<Rule> = {}): Rule => ({
  id,
  pattern,
  kind: 'word',
  caseSensitive: false,
  fields: ['title', 'abstract'],
  color: '#ca8a04',
  action: 'highlight',
  muteStyle: 'dim',
  tag: null,
  enabled: true,
  disabledReason: null,
  createdAt: 1,
  ...fields,
});

/** A library the size of a heavy user's, with abstracts and notes of real length. */
function bigLibrary(n: number): Library {
  const tags = Array.from({ length: 30 }, (_, i) => tag(`tag ${i}`, `Tag ${i}`));
  const abstract = 'We propose a novel approach that improves the state of the art. '.repeat(23);
  const papers = Array.from({ length: n }, (_, i) =>
    libraryPaper(`24${String((i % 12) + 1).padStart(2, '0')}.${String(Math.floor(i / 12) + 1).padStart(5, '0')}`, {
      title: `Paper number ${i} on scaling things`,
      abstract,
      savedAt: 1_700_000_000_000 + i * 1_000,
      state: PAPER_STATES[i % 3],
      note: i % 2 ? `Note ${i}: `.padEnd(200, 'x') : '',
      tags: [`tag ${i % 30}`, `tag ${(i + 7) % 30}`],
    }),
  );
  return { papers, tags, rules: [rule('r1', 'diffusion')], settings: { ...DEFAULTS, badgeCountsToRead: false } };
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  // Not asserted (machines differ); PAPERLIGHT_TIMINGS=1 prints them.
  if (process.env.PAPERLIGHT_TIMINGS) console.info(`${label}: ${Math.round(performance.now() - start)} ms`);
  return result;
}

describe('the model and the store agree', () => {
  it('on the states and the longest note', () => {
    expect(PAPER_STATES).toEqual(model.PAPER_STATES);
    expect(NOTE_MAX).toBe(model.NOTE_MAX);
  });
});

describe('readLibrary', () => {
  it('answers every paper with its tags, newest save first, tags with counts, settings and skipped records', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    await store.papers.save(paperInput(B), 3);
    await store.papers.save(paperInput(C), 2);
    await store.tags.add(paperInput(A), 'LLM');
    await store.tags.add(paperInput(A), 'RL');
    await store.tags.add(paperInput(B), 'llm');
    // Tagged but not saved: counts for the tag, but is not in the list.
    await store.tags.add(paperInput('2501.00001'), 'RL');
    await putStored(store, 'papers', [{ ...paperInput('2407.21770'), savedAt: 4, state: 'later' }]);
    const library = await store.library.read();
    expect(library.papers.map((paper) => [paper.id, paper.tags])).toEqual([
      [B, ['llm']],
      [C, []],
      [A, ['llm', 'rl']],
    ]);
    expect(library.papers[0]).toEqual({ ...paperInput(B), savedAt: 3, state: 'to-read', note: '', tags: ['llm'] });
    expect(library.tags).toEqual(await store.tags.list());
    expect(library.tags.map((t) => [t.key, t.count])).toEqual([
      ['llm', 2],
      ['rl', 2],
    ]);
    expect(library.settings).toEqual(DEFAULTS);
    expect(library.skipped).toBe(1);
    store.close();
  });

  it('an empty library', async () => {
    const store = await open();
    expect(await store.library.read()).toEqual({ papers: [], tags: [], settings: DEFAULTS, skipped: 0, version: expect.any(Number) });
    store.close();
  });
});

describe('readNewest', () => {
  it('the newest saves first, with their tags, only as many as asked; tag definitions and settings', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    await store.papers.save(paperInput(B), 3);
    await store.papers.save(paperInput(C), 2);
    await store.tags.add(paperInput(B), 'LLM');
    const page = await store.library.newest(2);
    expect(page.papers.map((paper) => [paper.id, paper.tags])).toEqual([
      [B, ['llm']],
      [C, []],
    ]);
    expect(page.tags.map((tag) => tag.name)).toEqual(['LLM']);
    expect(page.settings.openMarksReading).toBe(true);
  });
});

describe('states', () => {
  it('setStates changes only papers in another state, with the time, and answers those', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    await store.papers.save(paperInput(B), 2);
    await store.papers.setStates([B], 'done', 50);
    const changed = await store.papers.setStates([A, B, A, '2501.00001'], 'done', 100);
    expect(changed).toEqual([{ ...paperInput(A), savedAt: 1, state: 'done', note: '', stateChangedAt: 100 }]);
    expect(await stored(store, 'papers', B)).toMatchObject({ state: 'done', stateChangedAt: 50 });
    expect(await storedCount(store, 'papers')).toBe(2);
    store.close();
  });

  it('markOpened starts reading a paper still to read, only when the setting says so', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    await store.papers.save(paperInput(B), 2);
    await store.papers.setStates([B], 'done', 5);
    expect(await store.papers.markOpened(A, { ...DEFAULTS, openMarksReading: false }, 9)).toBeNull();
    expect(await store.papers.markOpened(A, DEFAULTS, 10)).toMatchObject({ id: A, state: 'reading', stateChangedAt: 10 });
    expect(await store.papers.markOpened(A, DEFAULTS, 11)).toBeNull();
    expect(await store.papers.markOpened(B, DEFAULTS, 12)).toBeNull();
    expect(await store.papers.markOpened('2501.00001', DEFAULTS, 13)).toBeNull();
    expect(await stored(store, 'papers', B)).toMatchObject({ state: 'done', stateChangedAt: 5 });
    store.close();
  });

  it('countToRead counts through the state index', async () => {
    const store = await open();
    expect(await store.papers.countToRead()).toBe(0);
    for (const id of [A, B, C]) await store.papers.save(paperInput(id), 1);
    await store.papers.setStates([B], 'reading');
    expect(await store.papers.countToRead()).toBe(2);
    store.close();
  });
});

describe('notes', () => {
  it('setNote sets and clears a note; a blank note is none', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    expect(await store.notes.set(A, '  Read §3 again.\n')).toEqual({ ...paperInput(A), savedAt: 1, state: 'to-read', note: '  Read §3 again.\n' });
    expect((await store.notes.set(A, ' \n ')).note).toBe('');
    expect((await store.notes.set(A, 'x'.repeat(NOTE_MAX))).note).toHaveLength(NOTE_MAX);
    store.close();
  });

  it('setNote refuses a paper that is not saved, and a note too long', async () => {
    const store = await open();
    await expect(store.notes.set(A, 'hi')).rejects.toThrow(/not in the reading list/);
    await store.papers.save(paperInput(A), 1);
    await expect(store.notes.set(A, 'x'.repeat(NOTE_MAX + 1))).rejects.toThrow(/at most 20,000 characters/);
    expect((await stored(store, 'papers', A))?.note).toBe('');
    expect(await storedCount(store, 'papers')).toBe(1);
    store.close();
  });

  it('notesOf answers the non-empty notes of saved papers', async () => {
    const store = await open();
    for (const id of [A, B, C]) await store.papers.save(paperInput(id), 1);
    await store.notes.set(A, 'one');
    await store.notes.set(C, 'three');
    expect(await store.notes.of([A, B, C, '2501.00001'])).toEqual({ [A]: 'one', [C]: 'three' });
    expect(await store.notes.of([])).toEqual({});
    store.close();
  });
});

describe('removePapers', () => {
  it('removes the saved ones, answers those, and leaves their tags', async () => {
    const store = await open();
    for (const id of [A, B, C]) await store.papers.save(paperInput(id), 1);
    await store.tags.add(paperInput(A), 'llm');
    expect(await store.papers.removeMany([A, B, B, '2501.00001'])).toEqual([A, B]);
    expect((await store.library.read()).papers.map((paper) => paper.id)).toEqual([C]);
    expect(await store.tags.of([A])).toEqual({ [A]: ['llm'] });
    expect(await store.papers.removeMany([A])).toEqual([]);
    store.close();
  });
});

describe('tagMany', () => {
  it('adds a tag (made once) to saved and tagged papers, with the saved record as the paper', async () => {
    const store = await open();
    await store.papers.save(paperInput(A, { title: 'Saved title' }), 1);
    await store.papers.save(paperInput(B), 2);
    await store.tags.add(paperInput(C, { title: 'Tagged only' }), 'rl');
    await store.tags.add(paperInput(B), 'llm');
    const change = await store.tags.onMany([A, B, C, '2501.00001'], { add: ' LLM ' }, 7);
    expect(change.papers).toEqual([
      { id: A, tags: ['llm'] },
      { id: C, tags: ['rl', 'llm'] },
    ]);
    expect(change.tags).toEqual(await store.tags.list());
    expect(change.tags.find((t) => t.key === 'llm')).toMatchObject({ name: 'llm', count: 3 });
    // The saved record has the abstract; the tag record's copy of the paper does not need it.
    const record = await stored(store, 'tags', A);
    expect(record).toEqual({ id: A, paper: paperInput(A, { title: 'Saved title', abstract: null }), tags: ['llm'], manual: ['llm'] });
    expect((await stored(store, 'tags', C))?.paper.title).toBe('Tagged only');
    expect(await store.tags.of(['2501.00001'])).toEqual({});
    store.close();
  });

  it('a new tag gets a colour of its own', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    await store.tags.onMany([A], { add: 'one' });
    await store.tags.onMany([A], { add: 'two' });
    const [one, two] = await store.tags.list();
    expect(one!.color).not.toBe(two!.color);
    store.close();
  });

  it('removes a tag as the user would: a rule that gave it does not give it again', async () => {
    const store = await open();
    for (const id of [A, B]) await store.papers.save(paperInput(id), 1);
    const { rule } = await store.rules.add({ pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion' }, 1);
    await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }]);
    await store.tags.add(paperInput(B), 'diffusion');
    await store.tags.add(paperInput(B), 'rl');
    const change = await store.tags.onMany([A, B, C], { remove: 'diffusion' });
    expect(change.papers).toEqual([
      { id: A, tags: [] },
      { id: B, tags: ['rl'] },
    ]);
    expect((await stored(store, 'tags', A))?.dismissed).toEqual([rule.id]);
    expect(await store.rules.applyTags([{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    expect((await store.tags.list()).find((t) => t.key === 'diffusion')?.count).toBe(0);
    store.close();
  });

  it('adds and removes in one go, and reports no paper it did not change', async () => {
    const store = await open();
    for (const id of [A, B]) await store.papers.save(paperInput(id), 1);
    await store.tags.add(paperInput(A), 'old');
    await store.tags.add(paperInput(B), 'new');
    const change = await store.tags.onMany([A, B], { add: 'new', remove: 'old' });
    expect(change.papers).toEqual([{ id: A, tags: ['new'] }]);
    expect(await store.tags.of([A, B])).toEqual({ [A]: ['new'], [B]: ['new'] });
    expect((await store.tags.onMany([A, B], { add: 'new' })).papers).toEqual([]);
    store.close();
  });

  it('refuses a bad name, or nothing to do, and changes nothing', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 1);
    await expect(store.tags.onMany([A], { add: '  ' })).rejects.toThrow(/at least one character/);
    await expect(store.tags.onMany([A], {})).rejects.toThrow(/which tag/);
    expect(await store.tags.list()).toEqual([]);
    expect(await storedCount(store, 'tags')).toBe(0);
    store.close();
  });
});

describe('settings', () => {
  it('defaults when missing; a change keeps the other settings', async () => {
    const store = await open();
    expect(await store.settings.read()).toEqual(DEFAULTS);
    expect(await store.settings.write({ openMarksReading: false })).toEqual({ ...DEFAULTS, openMarksReading: false });
    expect(await store.settings.write({ keyBindings: { next: 'j' }, badgeCountsToRead: undefined })).toEqual({
      ...DEFAULTS,
      openMarksReading: false,
      keyBindings: { next: 'j' },
    });
    expect(await store.settings.read()).toEqual({ ...DEFAULTS, openMarksReading: false, keyBindings: { next: 'j' } });
    store.close();
  });

  it('a damaged setting falls back to its default alone; a damaged record to all defaults', async () => {
    const store = await open();
    await rawDb(store).put('meta', { key: 'settings', value: { openMarksReading: 'yes', badgeCountsToRead: false, keyBindings: { next: 'j' } } });
    expect(await store.settings.read()).toEqual({ ...DEFAULTS, badgeCountsToRead: false, keyBindings: { next: 'j' } });
    await rawDb(store).put('meta', { key: 'settings', value: 'garbage' });
    expect(await store.settings.read()).toEqual(DEFAULTS);
    expect(await store.settings.write({ badgeCountsToRead: false })).toEqual({ ...DEFAULTS, badgeCountsToRead: false });
    store.close();
  });

  it('refuses an invalid change', async () => {
    const store = await open();
    await expect(store.settings.write({ keyBindings: { ['k'.repeat(41)]: 'x' } })).rejects.toThrow();
    expect(await store.settings.read()).toEqual(DEFAULTS);
    store.close();
  });
});

describe('export and replace', () => {
  const sample = (): Library => ({
    papers: [
      libraryPaper(A, { savedAt: 3, state: 'reading', note: 'Note on A', stateChangedAt: 9, tags: ['llm', 'rl'] }),
      libraryPaper(B, { savedAt: 2, state: 'done', tags: [] }),
      libraryPaper(C, { savedAt: 1, tags: ['rl'] }),
    ],
    tags: [tag('llm', 'LLM'), tag('rl', 'RL', '#dc2626'), tag('unused')],
    rules: [rule('r1', 'diffusion', { createdAt: 1 }), rule('r2', 'agents', { action: 'auto-tag', tag: 'RL', createdAt: 2 })],
    settings: { ...DEFAULTS, openMarksReading: false },
  });

  it('exports papers with states, notes and tag keys, tags, rules in order, and settings', async () => {
    const store = await open();
    await store.papers.save(paperInput(A), 2);
    await store.papers.save(paperInput(B), 1);
    await store.notes.set(A, 'hi');
    await store.tags.add(paperInput(A), 'LLM', 5);
    await store.rules.add({ pattern: 'zebra' }, 20);
    await store.rules.add({ pattern: 'apple' }, 10);
    await store.settings.write({ badgeCountsToRead: false });
    const library = await store.library.export();
    expect(library.papers).toEqual([
      { ...paperInput(A), savedAt: 2, state: 'to-read', note: 'hi', tags: ['llm'] },
      { ...paperInput(B), savedAt: 1, state: 'to-read', note: '', tags: [] },
    ]);
    expect(library.tags).toEqual([{ key: 'llm', name: 'LLM', color: expect.any(String), createdAt: 5 }]);
    expect(library.rules).toEqual(await store.rules.list());
    expect(library.rules.map((r) => r.pattern)).toEqual(['apple', 'zebra']);
    expect(library.settings).toEqual({ ...DEFAULTS, badgeCountsToRead: false });
    store.close();
  });

  it('replaces everything: papers, their tags (as the user’s own), tags, rules, settings', async () => {
    const store = await open();
    await store.papers.save(paperInput('2501.00001'), 1);
    await store.tags.add(paperInput('2501.00002'), 'gone');
    await store.rules.add({ pattern: 'old rule' });
    await rawDb(store).put('meta', { key: 'bookkeeping', value: 1 });
    const library = sample();
    expect(await store.library.replace(library)).toEqual({ papers: 3, tags: 3, rules: 2, version: expect.any(Number) });
    expect(await store.library.export()).toEqual(library);
    // The tag record keeps the paper without its abstract: the saved record has it.
    expect(await stored(store, 'tags', A)).toEqual({ id: A, paper: paperInput(A, { abstract: null }), tags: ['llm', 'rl'], manual: ['llm', 'rl'] });
    expect(await storedCount(store, 'tags')).toBe(2);
    expect((await store.tags.list()).map((t) => [t.key, t.count])).toEqual([
      ['llm', 1],
      ['rl', 2],
      ['unused', 0],
    ]);
    expect(await store.settings.read()).toEqual(library.settings);
    expect(await store.papers.countToRead()).toBe(1);
    expect(await rawDb(store).get('meta', 'bookkeeping')).toEqual({ key: 'bookkeeping', value: 1 });
    store.close();
  });

  it('export, replace into an empty database, export: the same library', async () => {
    const source = await open();
    await source.library.replace(sample());
    await source.papers.setStates([C], 'done', 77);
    await source.tags.onMany([B, C], { add: 'Fresh' }, 8);
    const first = await source.library.export();
    const copy = await open();
    await copy.library.replace(first);
    expect(await copy.library.export()).toEqual(first);
    expect({ ...(await copy.library.read()), version: 0 }).toEqual({ ...(await source.library.read()), version: 0 });
    source.close();
    copy.close();
  });

  it.each<[string, (library: Library) => unknown, RegExp]>([
    ['a paper with a bad field', (l) => ({ ...l, papers: [l.papers[0], { ...l.papers[1], title: 42 }] }), /^Paper 2 \(2407\.21705\): title: /],
    ['a paper with a bad id', (l) => ({ ...l, papers: [{ ...l.papers[0], id: 'nope' }] }), /^Paper 1 \(nope\): id: not an arXiv id/],
    ['a paper with a bad state', (l) => ({ ...l, papers: [{ ...l.papers[0], state: 'later' }] }), /^Paper 1 \(2407\.21783\): state: /],
    ['a paper twice', (l) => ({ ...l, papers: [...l.papers, l.papers[0]] }), /^Paper 4 \(2407\.21783\) is there twice/],
    ['a paper with an unknown tag', (l) => ({ ...l, papers: [{ ...l.papers[0], tags: ['llm', 'nope'] }] }), /Paper 1 \(2407\.21783\) has the tag “nope”, which is not among/],
    ['a bad tag colour', (l) => ({ ...l, tags: [...l.tags, { ...tag('x'), color: 'red' }] }), /^Tag 4 \(“X”\): color: not a #rrggbb colour/],
    ['a tag twice', (l) => ({ ...l, tags: [...l.tags, tag('llm', 'Llm')] }), /^Tag 4 \(“Llm”\) is there twice/],
    ['a bad rule', (l) => ({ ...l, rules: [{ ...l.rules[0], kind: 'magic' }] }), /^Rule 1 \(“diffusion”\): kind: /],
    ['a rule twice', (l) => ({ ...l, rules: [l.rules[0], { ...l.rules[1], id: 'r1' }] }), /^Rule 2 \(“agents”\) is there twice/],
    ['bad settings', (l) => ({ ...l, settings: { openMarksReading: 'yes' } }), /^Settings: openMarksReading: /],
    // The checks the editors make (issue #12 §5): the same ones, whoever sends the library.
    ['a rule that nests repetition', (l) => ({ ...l, rules: [{ ...l.rules[0], kind: 'regex', pattern: '(a+)+$' }] }), /^Rule 1 \(“\(a\+\)\+\$”\): pattern: This pattern nests repetition/],
    ['a rule that does not compile', (l) => ({ ...l, rules: [{ ...l.rules[0], kind: 'regex', pattern: '(unclosed' }] }), /^Rule 1 \(“\(unclosed”\): pattern: .*Unterminated group/],
    ['a rule doing what another does', (l) => ({ ...l, rules: [l.rules[0], { ...l.rules[0], id: 'r3', pattern: 'Diffusion' }] }), /^Rule 2 \(“Diffusion”\): there is already a highlight rule for “diffusion”/],
    ['a tag name with a comma', (l) => ({ ...l, tags: [...l.tags, tag('a, b')] }), /^Tag 4 \(“A, B”\): name: A comma separates tags/],
    ['a key two actions share', (l) => ({ ...l, settings: { ...l.settings, keyBindings: { star: 'j' } } }), /^Settings: keyBindings: “j” is both/],
  ])('refuses %s, naming it, and changes nothing', async (_label, spoil, message) => {
    const store = await open();
    await store.library.replace(sample());
    await rawDb(store).put('meta', { key: 'settings', value: { ...DEFAULTS, keyBindings: { next: 'j' } } });
    const before = await store.library.export();
    await expect(store.library.replace(spoil(sample()) as Library)).rejects.toThrow(message);
    expect(await store.library.export()).toEqual(before);
    store.close();
  });

  it('a write that fails part-way leaves the library as it was', async () => {
    const store = await open();
    await store.library.replace(sample());
    const before = await store.library.export();
    const put = IDBObjectStore.prototype.put;
    // As put() does with a value it cannot store: it throws, after the clears and other writes.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'rules') throw new DOMException('The value could not be cloned.', 'DataCloneError');
      return put.apply(this, args);
    });
    try {
      await expect(store.library.replace(bigLibrary(100))).rejects.toThrow(/could not be cloned/);
    } finally {
      spy.mockRestore();
    }
    expect(await store.library.export()).toEqual(before);
    store.close();
  });
});

describe('10,000 papers', () => {
  it('replace, read and export run on a library that size', async () => {
    const store = await open();
    const library = bigLibrary(10_000);
    expect(await timed('replaceLibrary 10k', () => store.library.replace(library))).toEqual({ papers: 10_000, tags: 30, rules: 1, version: expect.any(Number) });
    const view = await timed('readLibrary 10k', () => store.library.read());
    expect(view.papers).toHaveLength(10_000);
    expect(view.skipped).toBe(0);
    expect(view.papers[0]!.savedAt).toBeGreaterThan(view.papers[9_999]!.savedAt);
    expect(view.tags.reduce((sum, t) => sum + t.count, 0)).toBe(20_000);
    const exported = await timed('exportLibrary 10k', () => store.library.export());
    expect(exported.papers).toHaveLength(10_000);
    expect(await timed('setStates 10k', () => store.papers.setStates(exported.papers.map((p) => p.id), 'done'))).toHaveLength(6_667);
    expect(await store.papers.countToRead()).toBe(0);
    const ids = exported.papers.map((p) => p.id);
    expect((await timed('tagMany 10k', () => store.tags.onMany(ids, { add: 'Everything' }))).papers).toHaveLength(10_000);
    store.close();
  }, 120_000);
});
