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

/** A promise and its settling functions, to decide when a fake background answers. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('SavedState.change', () => {
  it('shows the change at once and sends the changes of one paper one after another', async () => {
    const state = new SavedState(() => {});
    const sent: string[] = [];
    const save = deferred();
    const first = state.change('2407.21783', true, () => {
      sent.push('save');
      return save.promise;
    });
    const second = state.change('2407.21783', false, async () => void sent.push('remove'));
    expect(state.get('2407.21783')).toBe(false);
    await Promise.resolve();
    // The removal waits until the save is answered: sent together, they could land in either order.
    expect(sent).toEqual(['save']);
    save.resolve();
    await Promise.all([first, second]);
    expect(sent).toEqual(['save', 'remove']);
    expect(state.get('2407.21783')).toBe(false);
  });

  it('a failed change goes back and rejects, unless a later change of the paper is queued', async () => {
    const state = new SavedState(() => {});
    await expect(state.change('2407.21783', true, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(state.get('2407.21783')).toBe(false);

    const save = deferred();
    const failing = state.change('2407.21705', true, () => save.promise);
    const later = state.change('2407.21705', false, async () => {});
    save.reject(new Error('refused'));
    await expect(failing).rejects.toThrow('refused');
    await later;
    expect(state.get('2407.21705')).toBe(false);
  });

  it('a failure sends the next change of the paper all the same', async () => {
    const state = new SavedState(() => {});
    const sent: string[] = [];
    const failing = state.change('2407.21783', true, () => Promise.reject(new Error('refused')));
    const next = state.change('2407.21783', false, async () => void sent.push('remove'));
    await expect(failing).rejects.toThrow('refused');
    await next;
    expect(sent).toEqual(['remove']);
  });
});

describe('SavedState.recheck', () => {
  it('shows the store’s answer for every paper asked about, in one repaint', async () => {
    const paint = vi.fn();
    const state = new SavedState(paint);
    state.set('2407.21783', true);
    state.set('2407.21705', false);
    paint.mockClear();
    await state.recheck(['2407.21783', '2407.21705', '2407.21770'], async () => ['2407.21705']);
    expect(state.get('2407.21783')).toBe(false);
    expect(state.get('2407.21705')).toBe(true);
    expect(state.get('2407.21770')).toBe(false);
    expect(paint.mock.calls).toEqual([[new Set(['2407.21783', '2407.21705', '2407.21770'])]]);
  });

  it('leaves a paper with a change on its way to that change’s own answer', async () => {
    const state = new SavedState(() => {});
    const save = deferred();
    const saving = state.change('2407.21783', true, () => save.promise);
    // The read may come before the save commits: it would say "not saved".
    await state.recheck(['2407.21783'], async () => []);
    expect(state.get('2407.21783')).toBe(true);
    save.resolve();
    await saving;
    // Once settled, a recheck applies again.
    await state.recheck(['2407.21783'], async () => []);
    expect(state.get('2407.21783')).toBe(false);
  });

  it('an answer read before a broadcast does not undo it', async () => {
    const state = new SavedState(() => {});
    state.set('2407.21783', false);
    const answer = deferred<string[]>();
    const rechecking = state.recheck(['2407.21783', '2407.21705'], () => answer.promise);
    // Another tab saved the paper while the question was out.
    state.set('2407.21783', true);
    answer.resolve([]);
    await rechecking;
    expect(state.get('2407.21783')).toBe(true);
    expect(state.get('2407.21705')).toBe(false);
  });

  it('asks in batches the background accepts', async () => {
    const state = new SavedState(() => {});
    const ids = Array.from({ length: 12_000 }, (_, i) => `2407.${String(i).padStart(5, '0')}`);
    const asked: number[] = [];
    await state.recheck(ids, async (batch) => {
      asked.push(batch.length);
      return batch.slice(0, 1);
    });
    expect(asked.every((size) => size <= 10_000)).toBe(true);
    expect(asked.reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(state.get(ids[0]!)).toBe(true);
    expect(state.get(ids[1]!)).toBe(false);
  });
});
