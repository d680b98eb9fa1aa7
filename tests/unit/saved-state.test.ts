import { describe, expect, it, vi } from 'vitest';
import { SavedState } from '@/lib/saved-state';

describe('SavedState', () => {
  it('starts knowing nothing', () => {
    const paint = vi.fn();
    const state = new SavedState(paint);
    expect(state.get('2407.21783')).toBeUndefined();
    expect(state.unknown(['2407.21783', '2407.21705'])).toEqual(['2407.21783', '2407.21705']);
    expect(paint).not.toHaveBeenCalled();
  });

  it('paints on every change, and only on a change', () => {
    const paint = vi.fn();
    const state = new SavedState(paint);
    state.set('2407.21783', true);
    state.set('2407.21783', true);
    state.set('2407.21783', false);
    expect(paint.mock.calls).toEqual([[new Set(['2407.21783'])], [new Set(['2407.21783'])]]);
    expect(state.get('2407.21783')).toBe(false);
  });

  it('unknown() lists only ids never asked about, in order', () => {
    const state = new SavedState(() => {});
    state.set('2407.21705', false);
    state.set('2407.21770', true);
    expect(state.unknown(['2407.21783', '2407.21705', '2404.01300', '2407.21770'])).toEqual([
      '2407.21783',
      '2404.01300',
    ]);
    expect(state.unknown(new Set(['2407.21705']))).toEqual([]);
  });

  it('resolve() marks every asked id, saved or not', () => {
    const paint = vi.fn();
    const state = new SavedState(paint);
    state.resolve(['2407.21783', '2407.21705', '2407.21770'], ['2407.21705', '2501.00001']);
    expect(state.get('2407.21783')).toBe(false);
    expect(state.get('2407.21705')).toBe(true);
    expect(state.get('2407.21770')).toBe(false);
    // Ids the background mentions but this view did not ask about stay unknown.
    expect(state.get('2501.00001')).toBeUndefined();
    // One repaint for the whole answer, not one per paper.
    expect(paint.mock.calls).toEqual([[new Set(['2407.21783', '2407.21705', '2407.21770'])]]);
    expect(state.unknown(['2407.21783', '2501.00001'])).toEqual(['2501.00001']);
  });

  it('an answer that arrives after a click or broadcast does not undo it', () => {
    const paint = vi.fn();
    const state = new SavedState(paint);
    // The question was asked while unknown; a removal in another tab lands before the answer.
    state.set('2407.21783', false);
    state.resolve(['2407.21783', '2407.21705'], ['2407.21783']);
    expect(state.get('2407.21783')).toBe(false);
    expect(state.get('2407.21705')).toBe(false);
  });

  it('a broadcast after a late answer wins (last write wins)', () => {
    const state = new SavedState(() => {});
    state.resolve(['2407.21783'], []);
    state.set('2407.21783', true);
    expect(state.get('2407.21783')).toBe(true);
  });
});
