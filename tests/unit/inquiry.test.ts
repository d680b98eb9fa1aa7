import { describe, expect, it, vi } from 'vitest';
import { inquiry } from '@/lib/content/inquiry';

describe('inquiry', () => {
  it('asks once per id, one question at a time: ids that come up meanwhile go together in the next', async () => {
    const known = new Set<string>();
    const pending: (() => void)[] = [];
    const ask = vi.fn(
      (ids: string[]) =>
        new Promise<void>((resolve) =>
          pending.push(() => {
            ids.forEach((id) => known.add(id));
            resolve();
          }),
        ),
    );
    const about = inquiry({ unknown: (ids) => ids.filter((id) => !known.has(id)), ask, onFailure: vi.fn() });
    let firstDone = false;
    let secondDone = false;
    let thirdDone = false;
    void about(['a', 'b']).then(() => (firstDone = true));
    void about(['b', 'c']).then(() => (secondDone = true));
    void about(['c', 'd']).then(() => (thirdDone = true));
    // "c" and "d" wait for the question about "a" and "b" to come back, then go in one question.
    expect(ask.mock.calls).toEqual([[['a', 'b']]]);
    pending[0]!();
    await vi.waitFor(() => expect(ask.mock.calls).toEqual([[['a', 'b']], [['c', 'd']]]));
    expect(firstDone).toBe(true);
    // "b" is answered, but "c" is still on its way.
    expect(secondDone).toBe(false);
    pending[1]!();
    await vi.waitFor(() => expect(secondDone && thirdDone).toBe(true));
    await about(['a', 'b', 'c', 'd']);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('asks the waiting ids after a failed question too', async () => {
    const onFailure = vi.fn();
    let fail!: (error: Error) => void;
    const ask = vi
      .fn()
      .mockImplementationOnce(() => new Promise<void>((_, reject) => (fail = reject)))
      .mockResolvedValue(undefined);
    const about = inquiry({ unknown: (ids) => [...ids], ask, onFailure });
    void about(['a']);
    const second = about(['b']);
    fail(new Error('asleep'));
    await second;
    expect(ask.mock.calls).toEqual([[['a']], [['b']]]);
  });

  it('reports a failure and lets the ids be asked again', async () => {
    const onFailure = vi.fn();
    const ask = vi.fn().mockRejectedValueOnce(new Error('asleep')).mockResolvedValue(undefined);
    const about = inquiry({ unknown: (ids) => [...ids], ask, onFailure });
    await about(['a']);
    expect(onFailure).toHaveBeenCalledWith(new Error('asleep'));
    await about(['a']);
    expect(ask).toHaveBeenCalledTimes(2);
  });
});
