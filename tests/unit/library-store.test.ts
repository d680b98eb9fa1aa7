import { describe, expect, it, vi } from 'vitest';
import * as model from '@/lib/model/library';
import type { Library, LibraryPaper } from '@/lib/model/library';
import type { Rule } from '@/lib/model/rule';
import {
  countToRead,
  exportLibrary,
  markOpened,
  notesOf,
  readLibrary,
  readNewest,
  removePapers,
  replaceLibrary,
  setNote,
  setStates,
  tagMany,
} from '@/lib/store/library';
import { savePaper } from '@/lib/store/papers';
import { NOTE_MAX, PAPER_STATES, type Tag } from '@/lib/model/records';
import { addRule, applyRuleTags, listRules } from '@/lib/store/rules';
import { readSettings, writeSettings } from '@/lib/store/settings';
import { addTag, listTags, tagsOf } from '@/lib/store/tags';
import { paperInput, putStored, stored, storedCount, openTestDatabase as open } from './test-data';

const A = '2407.21783';
const B = '2407.21705';
const C = '2404.01300';
const DEFAULTS = { openMarksReading: true, badgeCountsToRead: true, keyBindings: {} };

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
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    await savePaper(db, paperInput(B), 3);
    await savePaper(db, paperInput(C), 2);
    await addTag(db, paperInput(A), 'LLM');
    await addTag(db, paperInput(A), 'RL');
    await addTag(db, paperInput(B), 'llm');
    // Tagged but not saved: counts for the tag, but is not in the list.
    await addTag(db, paperInput('2501.00001'), 'RL');
    await putStored(db, 'papers', [{ ...paperInput('2407.21770'), savedAt: 4, state: 'later' }]);
    const library = await readLibrary(db);
    expect(library.papers.map((paper) => [paper.id, paper.tags])).toEqual([
      [B, ['llm']],
      [C, []],
      [A, ['llm', 'rl']],
    ]);
    expect(library.papers[0]).toEqual({ ...paperInput(B), savedAt: 3, state: 'to-read', note: '', tags: ['llm'] });
    expect(library.tags).toEqual(await listTags(db));
    expect(library.tags.map((t) => [t.key, t.count])).toEqual([
      ['llm', 2],
      ['rl', 2],
    ]);
    expect(library.settings).toEqual(DEFAULTS);
    expect(library.skipped).toBe(1);
    db.close();
  });

  it('an empty library', async () => {
    const db = await open();
    expect(await readLibrary(db)).toEqual({ papers: [], tags: [], settings: DEFAULTS, skipped: 0, version: expect.any(Number) });
    db.close();
  });
});

describe('readNewest', () => {
  it('the newest saves first, with their tags, only as many as asked; tag definitions and settings', async () => {
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    await savePaper(db, paperInput(B), 3);
    await savePaper(db, paperInput(C), 2);
    await addTag(db, paperInput(B), 'LLM');
    const page = await readNewest(db, 2);
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
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    await savePaper(db, paperInput(B), 2);
    await setStates(db, [B], 'done', 50);
    const changed = await setStates(db, [A, B, A, '2501.00001'], 'done', 100);
    expect(changed).toEqual([{ ...paperInput(A), savedAt: 1, state: 'done', note: '', stateChangedAt: 100 }]);
    expect(await stored(db, 'papers', B)).toMatchObject({ state: 'done', stateChangedAt: 50 });
    expect(await storedCount(db, 'papers')).toBe(2);
    db.close();
  });

  it('markOpened starts reading a paper still to read, only when the setting says so', async () => {
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    await savePaper(db, paperInput(B), 2);
    await setStates(db, [B], 'done', 5);
    expect(await markOpened(db, A, { ...DEFAULTS, openMarksReading: false }, 9)).toBeNull();
    expect(await markOpened(db, A, DEFAULTS, 10)).toMatchObject({ id: A, state: 'reading', stateChangedAt: 10 });
    expect(await markOpened(db, A, DEFAULTS, 11)).toBeNull();
    expect(await markOpened(db, B, DEFAULTS, 12)).toBeNull();
    expect(await markOpened(db, '2501.00001', DEFAULTS, 13)).toBeNull();
    expect(await stored(db, 'papers', B)).toMatchObject({ state: 'done', stateChangedAt: 5 });
    db.close();
  });

  it('countToRead counts through the state index', async () => {
    const db = await open();
    expect(await countToRead(db)).toBe(0);
    for (const id of [A, B, C]) await savePaper(db, paperInput(id), 1);
    await setStates(db, [B], 'reading');
    expect(await countToRead(db)).toBe(2);
    db.close();
  });
});

describe('notes', () => {
  it('setNote sets and clears a note; a blank note is none', async () => {
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    expect(await setNote(db, A, '  Read §3 again.\n')).toEqual({ ...paperInput(A), savedAt: 1, state: 'to-read', note: '  Read §3 again.\n' });
    expect((await setNote(db, A, ' \n ')).note).toBe('');
    expect((await setNote(db, A, 'x'.repeat(NOTE_MAX))).note).toHaveLength(NOTE_MAX);
    db.close();
  });

  it('setNote refuses a paper that is not saved, and a note too long', async () => {
    const db = await open();
    await expect(setNote(db, A, 'hi')).rejects.toThrow(/not in the reading list/);
    await savePaper(db, paperInput(A), 1);
    await expect(setNote(db, A, 'x'.repeat(NOTE_MAX + 1))).rejects.toThrow(/at most 20,000 characters/);
    expect((await stored(db, 'papers', A))?.note).toBe('');
    expect(await storedCount(db, 'papers')).toBe(1);
    db.close();
  });

  it('notesOf answers the non-empty notes of saved papers', async () => {
    const db = await open();
    for (const id of [A, B, C]) await savePaper(db, paperInput(id), 1);
    await setNote(db, A, 'one');
    await setNote(db, C, 'three');
    expect(await notesOf(db, [A, B, C, '2501.00001'])).toEqual({ [A]: 'one', [C]: 'three' });
    expect(await notesOf(db, [])).toEqual({});
    db.close();
  });
});

describe('removePapers', () => {
  it('removes the saved ones, answers those, and leaves their tags', async () => {
    const db = await open();
    for (const id of [A, B, C]) await savePaper(db, paperInput(id), 1);
    await addTag(db, paperInput(A), 'llm');
    expect(await removePapers(db, [A, B, B, '2501.00001'])).toEqual([A, B]);
    expect((await readLibrary(db)).papers.map((paper) => paper.id)).toEqual([C]);
    expect(await tagsOf(db, [A])).toEqual({ [A]: ['llm'] });
    expect(await removePapers(db, [A])).toEqual([]);
    db.close();
  });
});

describe('tagMany', () => {
  it('adds a tag (made once) to saved and tagged papers, with the saved record as the paper', async () => {
    const db = await open();
    await savePaper(db, paperInput(A, { title: 'Saved title' }), 1);
    await savePaper(db, paperInput(B), 2);
    await addTag(db, paperInput(C, { title: 'Tagged only' }), 'rl');
    await addTag(db, paperInput(B), 'llm');
    const change = await tagMany(db, [A, B, C, '2501.00001'], { add: ' LLM ' }, 7);
    expect(change.papers).toEqual([
      { id: A, tags: ['llm'] },
      { id: C, tags: ['rl', 'llm'] },
    ]);
    expect(change.tags).toEqual(await listTags(db));
    expect(change.tags.find((t) => t.key === 'llm')).toMatchObject({ name: 'llm', count: 3 });
    // The saved record has the abstract; the tag record's copy of the paper does not need it.
    const record = await stored(db, 'tags', A);
    expect(record).toEqual({ id: A, paper: paperInput(A, { title: 'Saved title', abstract: null }), tags: ['llm'], manual: ['llm'] });
    expect((await stored(db, 'tags', C))?.paper.title).toBe('Tagged only');
    expect(await tagsOf(db, ['2501.00001'])).toEqual({});
    db.close();
  });

  it('a new tag gets a colour of its own', async () => {
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    await tagMany(db, [A], { add: 'one' });
    await tagMany(db, [A], { add: 'two' });
    const [one, two] = await listTags(db);
    expect(one!.color).not.toBe(two!.color);
    db.close();
  });

  it('removes a tag as the user would: a rule that gave it does not give it again', async () => {
    const db = await open();
    for (const id of [A, B]) await savePaper(db, paperInput(id), 1);
    const { rule } = await addRule(db, { pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion' }, 1);
    await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }]);
    await addTag(db, paperInput(B), 'diffusion');
    await addTag(db, paperInput(B), 'rl');
    const change = await tagMany(db, [A, B, C], { remove: 'diffusion' });
    expect(change.papers).toEqual([
      { id: A, tags: [] },
      { id: B, tags: ['rl'] },
    ]);
    expect((await stored(db, 'tags', A))?.dismissed).toEqual([rule.id]);
    expect(await applyRuleTags(db, [{ paper: paperInput(A), rule: rule.id }])).toBeNull();
    expect((await listTags(db)).find((t) => t.key === 'diffusion')?.count).toBe(0);
    db.close();
  });

  it('adds and removes in one go, and reports no paper it did not change', async () => {
    const db = await open();
    for (const id of [A, B]) await savePaper(db, paperInput(id), 1);
    await addTag(db, paperInput(A), 'old');
    await addTag(db, paperInput(B), 'new');
    const change = await tagMany(db, [A, B], { add: 'new', remove: 'old' });
    expect(change.papers).toEqual([{ id: A, tags: ['new'] }]);
    expect(await tagsOf(db, [A, B])).toEqual({ [A]: ['new'], [B]: ['new'] });
    expect((await tagMany(db, [A, B], { add: 'new' })).papers).toEqual([]);
    db.close();
  });

  it('refuses a bad name, or nothing to do, and changes nothing', async () => {
    const db = await open();
    await savePaper(db, paperInput(A), 1);
    await expect(tagMany(db, [A], { add: '  ' })).rejects.toThrow(/at least one character/);
    await expect(tagMany(db, [A], {})).rejects.toThrow(/which tag/);
    expect(await listTags(db)).toEqual([]);
    expect(await storedCount(db, 'tags')).toBe(0);
    db.close();
  });
});

describe('settings', () => {
  it('defaults when missing; a change keeps the other settings', async () => {
    const db = await open();
    expect(await readSettings(db)).toEqual(DEFAULTS);
    expect(await writeSettings(db, { openMarksReading: false })).toEqual({ ...DEFAULTS, openMarksReading: false });
    expect(await writeSettings(db, { keyBindings: { next: 'j' }, badgeCountsToRead: undefined })).toEqual({
      ...DEFAULTS,
      openMarksReading: false,
      keyBindings: { next: 'j' },
    });
    expect(await readSettings(db)).toEqual({ ...DEFAULTS, openMarksReading: false, keyBindings: { next: 'j' } });
    db.close();
  });

  it('a damaged setting falls back to its default alone; a damaged record to all defaults', async () => {
    const db = await open();
    await db.put('meta', { key: 'settings', value: { openMarksReading: 'yes', badgeCountsToRead: false, keyBindings: { next: 'j' } } });
    expect(await readSettings(db)).toEqual({ openMarksReading: true, badgeCountsToRead: false, keyBindings: { next: 'j' } });
    await db.put('meta', { key: 'settings', value: 'garbage' });
    expect(await readSettings(db)).toEqual(DEFAULTS);
    expect(await writeSettings(db, { badgeCountsToRead: false })).toEqual({ ...DEFAULTS, badgeCountsToRead: false });
    db.close();
  });

  it('refuses an invalid change', async () => {
    const db = await open();
    await expect(writeSettings(db, { keyBindings: { ['k'.repeat(41)]: 'x' } })).rejects.toThrow();
    expect(await readSettings(db)).toEqual(DEFAULTS);
    db.close();
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
    const db = await open();
    await savePaper(db, paperInput(A), 2);
    await savePaper(db, paperInput(B), 1);
    await setNote(db, A, 'hi');
    await addTag(db, paperInput(A), 'LLM', 5);
    await addRule(db, { pattern: 'zebra' }, 20);
    await addRule(db, { pattern: 'apple' }, 10);
    await writeSettings(db, { badgeCountsToRead: false });
    const library = await exportLibrary(db);
    expect(library.papers).toEqual([
      { ...paperInput(A), savedAt: 2, state: 'to-read', note: 'hi', tags: ['llm'] },
      { ...paperInput(B), savedAt: 1, state: 'to-read', note: '', tags: [] },
    ]);
    expect(library.tags).toEqual([{ key: 'llm', name: 'LLM', color: expect.any(String), createdAt: 5 }]);
    expect(library.rules).toEqual(await listRules(db));
    expect(library.rules.map((r) => r.pattern)).toEqual(['apple', 'zebra']);
    expect(library.settings).toEqual({ ...DEFAULTS, badgeCountsToRead: false });
    db.close();
  });

  it('replaces everything: papers, their tags (as the user’s own), tags, rules, settings', async () => {
    const db = await open();
    await savePaper(db, paperInput('2501.00001'), 1);
    await addTag(db, paperInput('2501.00002'), 'gone');
    await addRule(db, { pattern: 'old rule' });
    await db.put('meta', { key: 'bookkeeping', value: 1 });
    const library = sample();
    expect(await replaceLibrary(db, library)).toEqual({ papers: 3, tags: 3, rules: 2, version: expect.any(Number) });
    expect(await exportLibrary(db)).toEqual(library);
    // The tag record keeps the paper without its abstract: the saved record has it.
    expect(await stored(db, 'tags', A)).toEqual({ id: A, paper: paperInput(A, { abstract: null }), tags: ['llm', 'rl'], manual: ['llm', 'rl'] });
    expect(await storedCount(db, 'tags')).toBe(2);
    expect((await listTags(db)).map((t) => [t.key, t.count])).toEqual([
      ['llm', 1],
      ['rl', 2],
      ['unused', 0],
    ]);
    expect(await readSettings(db)).toEqual(library.settings);
    expect(await countToRead(db)).toBe(1);
    expect(await db.get('meta', 'bookkeeping')).toEqual({ key: 'bookkeeping', value: 1 });
    db.close();
  });

  it('export, replace into an empty database, export: the same library', async () => {
    const source = await open();
    await replaceLibrary(source, sample());
    await setStates(source, [C], 'done', 77);
    await tagMany(source, [B, C], { add: 'Fresh' }, 8);
    const first = await exportLibrary(source);
    const copy = await open();
    await replaceLibrary(copy, first);
    expect(await exportLibrary(copy)).toEqual(first);
    expect({ ...(await readLibrary(copy)), version: 0 }).toEqual({ ...(await readLibrary(source)), version: 0 });
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
    const db = await open();
    await replaceLibrary(db, sample());
    await db.put('meta', { key: 'settings', value: { ...DEFAULTS, keyBindings: { next: 'j' } } });
    const before = await exportLibrary(db);
    await expect(replaceLibrary(db, spoil(sample()) as Library)).rejects.toThrow(message);
    expect(await exportLibrary(db)).toEqual(before);
    db.close();
  });

  it('a write that fails part-way leaves the library as it was', async () => {
    const db = await open();
    await replaceLibrary(db, sample());
    const before = await exportLibrary(db);
    const put = IDBObjectStore.prototype.put;
    // As put() does with a value it cannot store: it throws, after the clears and other writes.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'rules') throw new DOMException('The value could not be cloned.', 'DataCloneError');
      return put.apply(this, args);
    });
    try {
      await expect(replaceLibrary(db, bigLibrary(100))).rejects.toThrow(/could not be cloned/);
    } finally {
      spy.mockRestore();
    }
    expect(await exportLibrary(db)).toEqual(before);
    db.close();
  });
});

describe('10,000 papers', () => {
  it('replace, read and export run on a library that size', async () => {
    const db = await open();
    const library = bigLibrary(10_000);
    expect(await timed('replaceLibrary 10k', () => replaceLibrary(db, library))).toEqual({ papers: 10_000, tags: 30, rules: 1, version: expect.any(Number) });
    const view = await timed('readLibrary 10k', () => readLibrary(db));
    expect(view.papers).toHaveLength(10_000);
    expect(view.skipped).toBe(0);
    expect(view.papers[0]!.savedAt).toBeGreaterThan(view.papers[9_999]!.savedAt);
    expect(view.tags.reduce((sum, t) => sum + t.count, 0)).toBe(20_000);
    const exported = await timed('exportLibrary 10k', () => exportLibrary(db));
    expect(exported.papers).toHaveLength(10_000);
    expect(await timed('setStates 10k', () => setStates(db, exported.papers.map((p) => p.id), 'done'))).toHaveLength(6_667);
    expect(await countToRead(db)).toBe(0);
    const ids = exported.papers.map((p) => p.id);
    expect((await timed('tagMany 10k', () => tagMany(db, ids, { add: 'Everything' }))).papers).toHaveLength(10_000);
    db.close();
  }, 120_000);
});
