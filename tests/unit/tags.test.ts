import { describe, expect, it } from 'vitest';
import { PALETTE, THEME_BACKGROUNDS, contrast, pickColor, textColorOn } from '@/lib/tags/colors';
import { normalizeTagName, splitTagInput } from '@/lib/tags/tag-name';
import { paperInput, putStored, stored, storedCount, openTestStore as open } from './test-data';

describe('tag names', () => {
  it.each([
    ['  LLM  ', 'LLM', 'llm'],
    ['reinforcement   learning', 'reinforcement learning', 'reinforcement learning'],
    ['\tmixture\nof experts ', 'mixture of experts', 'mixture of experts'],
    ['Ünïcode Ω', 'Ünïcode Ω', 'ünïcode ω'],
    ['x'.repeat(40), 'x'.repeat(40), 'x'.repeat(40)],
    ['🦙'.repeat(40), '🦙'.repeat(40), '🦙'.repeat(40)],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
  ])('%j → %j (key %j)', (raw, name, key) => {
    expect(normalizeTagName(raw)).toEqual({ ok: true, name, key });
  });

  it.each([
    ['', /at least one character/],
    ['   \n ', /at least one character/],
    ['x'.repeat(41), /at most 40 characters \(this one has 41\)/],
    ['a,b', /comma/],
  ])('%j is refused with a message', (raw, message) => {
    const result = normalizeTagName(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('splits typed input at commas', () => {
    expect(splitTagInput(' rl, LLM ,, agents ,')).toEqual(['rl', 'LLM', 'agents']);
    expect(splitTagInput(' , ')).toEqual([]);
  });
});

describe('tag colours', () => {
  it('every palette colour carries its chip text at ≥ 4.5:1 and stands out on both themes', () => {
    for (const color of PALETTE) {
      expect(contrast(color, textColorOn(color))).toBeGreaterThanOrEqual(4.5);
      for (const background of Object.values(THEME_BACKGROUNDS)) expect(contrast(color, background)).toBeGreaterThanOrEqual(1.8);
    }
  });

  it('any colour a user picks still gets readable text', () => {
    for (const color of ['#ffffff', '#000000', '#777777', '#ffff00', '#0000ff', '#808080', '#76b900']) {
      expect(contrast(color, textColorOn(color))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('contrast follows WCAG (white on black is 21:1)', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('palette colours are distinct and new tags get the least used one', () => {
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
    expect(pickColor([])).toBe(PALETTE[0]);
    expect(pickColor([PALETTE[0]])).toBe(PALETTE[1]);
    expect(pickColor([...PALETTE])).toBe(PALETTE[0]);
    expect(pickColor([...PALETTE, PALETTE[0], PALETTE[1].toUpperCase(), '#123456'])).toBe(PALETTE[2]);
  });
});

describe('tag store', () => {

  it('adds tags case-insensitively, keeping the first spelling, with distinct colours', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21783'), 'LLM', 1);
    const change = await store.tags.add(paperInput('2407.21705'), '  llm ', 2);
    await store.tags.add(paperInput('2407.21705'), 'RL', 3);
    expect(change.papers).toEqual([{ id: '2407.21705', tags: ['llm'] }]);
    const tags = await store.tags.list();
    expect(tags.map(({ key, name, count }) => ({ key, name, count }))).toEqual([
      { key: 'llm', name: 'LLM', count: 2 },
      { key: 'rl', name: 'RL', count: 1 },
    ]);
    expect(tags[0]!.color).not.toBe(tags[1]!.color);
    expect(await store.tags.of(['2407.21783', '2407.21705', '2404.01300'])).toEqual({ '2407.21783': ['llm'], '2407.21705': ['llm', 'rl'] });
    store.close();
  });

  it('tagging keeps the paper’s metadata without saving it', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21783', { title: 'Llama 3' }), 'llm');
    expect((await stored(store, 'tags', '2407.21783'))?.paper.title).toBe('Llama 3');
    expect(await storedCount(store, 'papers')).toBe(0);
    store.close();
  });

  it('a damaged tag record on disk reads as none: tagging the paper writes a sound one, a rename passes it by', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21705'), 'LLM');
    // What another version's bug or a damaged profile could leave: tags as a string, no paper.
    await putStored(store, 'tags', [{ id: '2407.21783', tags: 'llm' }]);
    await store.tags.rename('llm', 'Language models', false);
    const change = await store.tags.add(paperInput('2407.21783', { title: 'Llama 3' }), 'RL');
    expect(change.papers).toEqual([{ id: '2407.21783', tags: ['rl'] }]);
    expect((await stored(store, 'tags', '2407.21783'))?.paper.title).toBe('Llama 3');
    expect(await store.tags.of(['2407.21705'])).toEqual({ '2407.21705': ['language models'] });
    store.close();
  });

  it('refuses bad names and changes nothing', async () => {
    const store = await open();
    await expect(store.tags.add(paperInput('2407.21783'), ' ')).rejects.toThrow(/at least one character/);
    await expect(store.tags.add(paperInput('2407.21783'), 'y'.repeat(41))).rejects.toThrow(/at most 40/);
    expect(await store.tags.list()).toEqual([]);
    expect(await storedCount(store, 'tags')).toBe(0);
    store.close();
  });

  it('removing the last tag of a paper forgets the paper; the tag stays with count 0', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21783'), 'llm');
    const change = await store.tags.remove('2407.21783', 'llm');
    expect(change.papers).toEqual([{ id: '2407.21783', tags: [] }]);
    expect(await storedCount(store, 'tags')).toBe(0);
    expect((await store.tags.list()).map((tag) => [tag.key, tag.count])).toEqual([['llm', 0]]);
    store.close();
  });

  it('renames a spelling, renames to a new name, and merges only when asked', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21783'), 'llm');
    await store.tags.add(paperInput('2407.21705'), 'large language models');
    await store.tags.add(paperInput('2407.21705'), 'llm');
    await store.tags.add(paperInput('2407.21770'), 'large language models');

    await store.tags.rename('llm', 'LLM', false);
    expect((await store.tags.list()).find((tag) => tag.key === 'llm')?.name).toBe('LLM');

    const refused = await store.tags.rename('large language models', 'llm', false);
    expect(refused.collision).toEqual({ key: 'llm', name: 'LLM', papers: 2 });
    expect(await store.tags.of(['2407.21770'])).toEqual({ '2407.21770': ['large language models'] });

    const llmColor = (await store.tags.list()).find((tag) => tag.key === 'llm')!.color;
    const merged = await store.tags.rename('large language models', 'Llm', true);
    expect(merged.collision).toBeUndefined();
    expect(await store.tags.of(['2407.21783', '2407.21705', '2407.21770'])).toEqual({
      '2407.21783': ['llm'],
      '2407.21705': ['llm'],
      '2407.21770': ['llm'],
    });
    expect((await store.tags.list()).map(({ key, name, count, color }) => ({ key, name, count, color }))).toEqual([
      { key: 'llm', name: 'LLM', count: 3, color: llmColor },
    ]);

    await store.tags.rename('llm', 'language models', false);
    expect((await store.tags.list()).map(({ key, count }) => [key, count])).toEqual([['language models', 3]]);
    store.close();
  });

  it('recolours with a valid colour only', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21783'), 'llm');
    await store.tags.recolor('llm', '#ABCDEF');
    expect((await store.tags.list())[0]!.color).toBe('#abcdef');
    await expect(store.tags.recolor('llm', 'red')).rejects.toThrow(/not a colour/);
    store.close();
  });

  it('deletes a tag from every paper and undoes it exactly', async () => {
    const store = await open();
    await store.tags.add(paperInput('2407.21783'), 'rl');
    await store.tags.add(paperInput('2407.21705'), 'rl');
    await store.tags.add(paperInput('2407.21705'), 'llm');
    const before = await store.tags.list();
    const { deleted, papers } = await store.tags.delete('rl');
    expect(papers).toEqual([
      { id: '2407.21705', tags: ['llm'] },
      { id: '2407.21783', tags: [] },
    ]);
    expect(deleted.papers).toHaveLength(2);
    expect(await store.tags.of(['2407.21783', '2407.21705'])).toEqual({ '2407.21705': ['llm'] });

    await store.tags.restore(deleted);
    expect(await store.tags.list()).toEqual(before);
    expect(await store.tags.of(['2407.21783', '2407.21705'])).toEqual({ '2407.21783': ['rl'], '2407.21705': ['llm', 'rl'] });
    expect((await stored(store, 'tags', '2407.21783'))?.paper.title).toBe('Paper 2407.21783');
    store.close();
  });
});

describe('tag colour sheet', () => {
  it('holds rules only for the tags shown, with hostile keys escaped', async () => {
    const { showTagColor, refreshTagColors, removeTagColors } = await import('@/lib/features/tag-chips');
    const doc = document.implementation.createHTMLDocument('t');
    const hostile = { key: '"]{}*{display:none}\\', name: 'x', color: '#2563eb', count: 1, createdAt: 0 };
    showTagColor(doc, hostile);
    showTagColor(doc, { ...hostile, key: 'llm' });
    await Promise.resolve();
    const sheet = () => doc.querySelector('style[data-paperlight="tag-colors"]')?.textContent ?? '';
    expect(sheet().split('\n')).toHaveLength(2);
    expect(sheet()).toContain(`[data-paperlight-tag="${CSS.escape(hostile.key)}"]`);
    expect(sheet()).not.toContain('"]{}*{display:none}');
    refreshTagColors(doc, new Map([['llm', { ...hostile, key: 'llm', color: '#dc2626' }]]));
    await Promise.resolve();
    expect(sheet()).toBe('[data-paperlight-tag="llm"]{--paperlight-tag-bg:#dc2626;--paperlight-tag-fg:#ffffff}');
    removeTagColors(doc);
    expect(doc.querySelector('style')).toBeNull();
  });
});

describe('tag names, invisible differences', () => {
  it('composed and decomposed accents are one tag; format characters are dropped', () => {
    expect(normalizeTagName('cafe\u0301')).toEqual(normalizeTagName('café'));
    expect(normalizeTagName('\u200b\u200d')).toMatchObject({ ok: false });
    expect(normalizeTagName('r\u200bl')).toEqual({ ok: true, name: 'rl', key: 'rl' });
  });
});
