/** Typed request/broadcast helpers over webextension-polyfill's runtime messaging. */
import { browser } from 'wxt/browser';
import type * as z from 'zod/mini';
import { retryWhileAway } from '../background-retry';
import type { Reply, Request, RequestType, Responses } from './messages';

/** Sends a request to the background; rejects with the background's own error text. */
export async function request<T extends RequestType>(
  message: Extract<Request, { type: T }>,
): Promise<Responses[T]> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<Responses[T]> | undefined;
  if (!reply) throw new Error('Paperlight’s background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Requests that do the same whether they arrive once or twice: a save keeps what the user made of
 * the paper, a removal of a removed paper removes nothing, and a read changes nothing. */
type RepeatableType = 'paper.save' | 'paper.remove' | 'papers.saved';

/**
 * Like `request`, but sends the request again while the background goes away before answering (its
 * service worker stopped): the caller learns whether it really happened, never a bare "the channel
 * closed" after a save that may have committed.
 */
export function requestUntilAnswered<T extends RepeatableType>(message: Extract<Request, { type: T }>): Promise<Responses[T]> {
  return retryWhileAway(() => request(message));
}

/**
 * Calls `listener` for every broadcast of `type` that `schema` accepts; returns the unsubscribe
 * function. (Content scripts pass their own narrower schemas: lib/content/page-broadcasts.ts.)
 */
export function listenFor<S extends z.ZodMiniType>(type: string, schema: S, listener: (change: z.output<S>) => void): () => void {
  const handler = (message: unknown): undefined => {
    if ((message as { type?: unknown } | null)?.type !== type) return undefined;
    const parsed = schema.safeParse(message);
    if (parsed.success) listener(parsed.data);
    // Returning nothing leaves the reply to the background's own listener.
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
