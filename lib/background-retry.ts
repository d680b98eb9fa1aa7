import { errorMessage } from './text/error-message';
/**
 * Sending a request again when the background went away before it answered. The background is a
 * service worker that Chrome stops when idle and may stop mid-request: the request may then have
 * done its work or not, and only asking again (a request that is safe to repeat) tells which.
 */

/** What Chrome and the polyfill say when the worker stopped or was starting, not when it refused. */
const WENT_AWAY = [
  // The worker stopped after receiving the request, before it answered.
  /message channel closed before a response was received/i,
  /message port closed before a response was received/i,
  // No worker was listening at that instant (it was stopping, or not started yet).
  /Receiving end does not exist/i,
  // The polyfill turns a closed port into no answer at all (lib/protocol/messaging.ts names it).
  /did not answer/i,
];

export function backgroundWentAway(error: unknown): boolean {
  const text = errorMessage(error);
  return WENT_AWAY.some((pattern) => pattern.test(text));
}

/**
 * The pauses before each further attempt: quick at first (a stopped worker restarts in tens of
 * milliseconds), then slower, about half a minute in all, so a busy machine's slow restart is
 * still waited out but a background that is gone for good does not keep a page asking forever.
 */
export const RETRY_DELAYS_MS: readonly number[] = [20, 50, 100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000, 5_000];

export interface RetryOptions {
  delays?: readonly number[];
  /** Waits `ms` (the tests pass their own clock). */
  wait?: (ms: number) => Promise<void>;
  /** Whether a failure is worth another attempt. */
  retryable?: (error: unknown) => boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it settles with an answer: a success, or a failure that is not the
 * background going away (the background's own refusal is final). After the last delay the last
 * failure is thrown, saying that the background did not come back.
 */
export async function retryWhileAway<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { delays = RETRY_DELAYS_MS, wait = sleep, retryable = backgroundWentAway } = options;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = delays[tries];
      if (!retryable(error)) throw error;
      if (delay === undefined) {
        const reason = errorMessage(error);
        throw new Error(`Paperlight’s background did not come back after ${tries + 1} attempts (${reason})`, { cause: error });
      }
      await wait(delay);
    }
  }
}
