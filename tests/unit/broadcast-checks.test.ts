import { describe, expect, it } from 'vitest';
import { checkBroadcast } from '@/lib/content/broadcast-checks';

const tag = { key: 'rl', name: 'RL', color: '#2563eb', createdAt: 1, count: 3 };

describe('broadcasts as a page reads them', () => {
  it('passes what the background sends, keeping the fields the page reads', () => {
    const saved = { id: '2407.21783', title: 'Llama 3', note: 'read §3', savedAt: 5 };
    expect(checkBroadcast('papers.changed', { type: 'papers.changed', saved: [saved], removed: ['2408.00001'] })).toEqual({
      type: 'papers.changed',
      saved: [saved],
      removed: ['2408.00001'],
    });
    expect(checkBroadcast('tags.changed', { type: 'tags.changed', tags: [tag], papers: [{ id: '2407.21783', tags: ['rl'] }] })?.tags).toEqual([tag]);
    expect(checkBroadcast('settings.changed', { type: 'settings.changed', settings: { keyBindings: { star: 'f' }, openMarksReading: true } })?.settings.keyBindings).toEqual({
      star: 'f',
    });
    expect(checkBroadcast('library.changed', { type: 'library.changed' })).toEqual({ type: 'library.changed' });
    expect(checkBroadcast('background.started', { type: 'background.started' })).toEqual({ type: 'background.started' });
  });

  it('refuses a broadcast whose fields the page reads are wrong', () => {
    expect(checkBroadcast('papers.changed', { type: 'papers.changed', saved: [{ id: 'not-an-id' }], removed: [] })).toBeNull();
    expect(checkBroadcast('papers.changed', { type: 'papers.changed', saved: [], removed: [42] })).toBeNull();
    expect(checkBroadcast('papers.changed', { type: 'papers.changed', saved: [{ id: '2407.21783', note: 'x'.repeat(20_001) }], removed: [] })).toBeNull();
    expect(checkBroadcast('tags.changed', { type: 'tags.changed', tags: [{ ...tag, color: 'red' }], papers: [] })).toBeNull();
    expect(checkBroadcast('tags.changed', { type: 'tags.changed', tags: [tag] })).toBeNull();
    expect(checkBroadcast('settings.changed', { type: 'settings.changed', settings: { keyBindings: { star: 7 } } })).toBeNull();
    // A broadcast of another type never passes for this one.
    expect(checkBroadcast('library.changed', { type: 'papers.changed', saved: [], removed: [] })).toBeNull();
    expect(checkBroadcast('papers.changed', null)).toBeNull();
  });
});
