import { describe, expect, it, vi } from 'vitest';
import { inquiry } from '@/lib/content/inquiry';

describe('inquiry', () => {
  it('asks once per id while a question is on its way, and resolves when every id is answered', async () => {
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
    void about(['a', 'b']).then(() => (firstDone = true));
    void about(['b', 'c']).then(() => (secondDone = true));
    expect(ask.mock.calls).toEqual([[['a', 'b']], [['c']]]);
    pending[1]!(); // "c" is answered, but "b" is still on its way
    await Promise.resolve();
    await Promise.resolve();
    expect(secondDone).toBe(false);
    pending[0]!();
    await vi.waitFor(() => expect(firstDone && secondDone).toBe(true));
    await about(['a', 'b', 'c']);
    expect(ask).toHaveBeenCalledTimes(2);
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
