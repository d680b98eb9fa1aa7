import { describe, expect, it, vi } from 'vitest';
import { RETRY_DELAYS_MS, backgroundWentAway, retryWhileAway } from '@/lib/background-retry';

const CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';
const NO_RECEIVER = 'Could not establish connection. Receiving end does not exist.';

/** An attempt that fails with each of `failures` in turn, then answers `value`. */
function flaky<T>(failures: string[], value: T) {
  let calls = 0;
  const attempt = vi.fn(async () => {
    const failure = failures[calls++];
    if (failure !== undefined) throw new Error(failure);
    return value;
  });
  return attempt;
}

describe('backgroundWentAway', () => {
  it('knows the ways Chrome says the worker stopped or was not there', () => {
    expect(backgroundWentAway(new Error(CLOSED))).toBe(true);
    expect(backgroundWentAway(new Error('The message port closed before a response was received.'))).toBe(true);
    expect(backgroundWentAway(new Error(NO_RECEIVER))).toBe(true);
    expect(backgroundWentAway(new Error('Paperlight’s background did not answer'))).toBe(true);
  });

  it('takes the background’s own refusals, and a dead extension, as final', () => {
    expect(backgroundWentAway(new Error('Rejected message: paper.id: not an arXiv id'))).toBe(false);
    expect(backgroundWentAway(new Error('Extension context invalidated.'))).toBe(false);
    expect(backgroundWentAway('QuotaExceededError')).toBe(false);
  });
});

describe('retryWhileAway', () => {
  it('asks again after each pause while the background went away, then answers', async () => {
    const waits: number[] = [];
    const attempt = flaky([CLOSED, NO_RECEIVER, CLOSED], 'saved');
    const answer = await retryWhileAway(attempt, { delays: [1, 2, 3, 4], wait: async (ms) => void waits.push(ms) });
    expect(answer).toBe('saved');
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(waits).toEqual([1, 2, 3]);
  });

  it('does not ask again after a refusal', async () => {
    const attempt = flaky(['Rejected message: bad'], 'never');
    await expect(retryWhileAway(attempt, { delays: [1, 2], wait: async () => {} })).rejects.toThrow('Rejected message: bad');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last pause, saying the background did not come back', async () => {
    const attempt = flaky([CLOSED, CLOSED, CLOSED, CLOSED], 'never');
    await expect(retryWhileAway(attempt, { delays: [1, 2], wait: async () => {} })).rejects.toThrow(
      /did not come back after 3 attempts \(A listener indicated/,
    );
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('waits the real pauses by default, growing and about half a minute in all', () => {
    const total = RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeGreaterThan(20_000);
    expect(total).toBeLessThan(60_000);
    expect([...RETRY_DELAYS_MS]).toEqual([...RETRY_DELAYS_MS].sort((a, b) => a - b));
  });
});
