import { describe, expect, it, vi } from 'vitest';
import type { TagWithCount } from '@/lib/model/changes';
import { suggestTags } from '@/lib/tags/suggest';
import { TagState } from '@/lib/tags/tag-state';

const tag = (name: string, count: number): TagWithCount => ({ key: name.toLowerCase(), name, count, color: '#2563eb', createdAt: 0 });
const TAGS = [tag('RL', 3), tag('Robotics', 9), tag('Curriculum RL', 12), tag('LLM', 20), tag('world models', 1)];
const names = (tags: TagWithCount[]) => tags.map((t) => t.name);

describe('suggestTags', () => {
  it('puts prefix matches before substring matches, each most-used first', () => {
    expect(names(suggestTags('r', TAGS))).toEqual(['Robotics', 'RL', 'Curriculum RL', 'world models']);
    expect(names(suggestTags('rl', TAGS))).toEqual(['RL', 'Curriculum RL', 'world models']); // wo·rl·d
  });
  it('offers every tag, most used first, before anything is typed', () => {
    expect(names(suggestTags('  ', TAGS))).toEqual(['LLM', 'Curriculum RL', 'Robotics', 'RL', 'world models']);
  });
  it('ignores case and extra spaces, leaves out the card’s own tags, and stops at the limit', () => {
    expect(names(suggestTags('WORLD   MOD', TAGS))).toEqual(['world models']);
    expect(names(suggestTags('', TAGS, new Set(['llm', 'rl'])))).toEqual(['Curriculum RL', 'Robotics', 'world models']);
    expect(suggestTags('', TAGS, new Set(), 2)).toHaveLength(2);
  });
});

describe('TagState', () => {
  it('paints what changed: papers by id, everything when definitions change', () => {
    const paint = vi.fn();
    const state = new TagState(paint);
    state.update(TAGS);
    state.resolve(['2407.21783', '2407.21705'], { '2407.21783': ['rl'] });
    expect(state.of('2407.21783')).toEqual(['rl']);
    expect(state.of('2407.21705')).toEqual([]);
    expect(state.of('2404.01300')).toBeUndefined();
    expect(paint.mock.calls).toEqual([['all'], [new Set(['2407.21783', '2407.21705'])]]);
  });
  it('a change that restyles tags repaints every chip once, not its papers again', () => {
    const paint = vi.fn();
    const state = new TagState(paint);
    state.update(TAGS);
    state.update(TAGS.map((tag) => ({ ...tag, count: tag.count + 1 })), [{ id: '2407.21783', tags: ['rl'] }]);
    state.update([{ ...TAGS[0]!, color: '#dc2626' }, ...TAGS.slice(1)], [{ id: '2407.21783', tags: [] }]);
    expect(paint.mock.calls).toEqual([['all'], [new Set(['2407.21783'])], ['all']]);
  });

  it('an answer never undoes a newer broadcast', () => {
    const state = new TagState(() => {});
    state.setPapers([{ id: '2407.21783', tags: ['llm'] }]);
    state.resolve(['2407.21783'], {});
    expect(state.of('2407.21783')).toEqual(['llm']);
    expect(state.unknown(['2407.21783', '2404.01300'])).toEqual(['2404.01300']);
  });
});
