/**
 * The background's broadcasts on a Daily Papers page: each is validated with zod (broadcast-checks.ts)
 * before a feature sees it. The schemas are a chunk loaded when the first broadcast arrives, so a
 * page that receives none never loads zod; broadcasts are handed on in the order they came.
 */
import { browser } from 'wxt/browser';
import type { PageBroadcast, PageBroadcasts } from './broadcast-checks';
import { broadcastChecks } from './load-on-demand';

/** Every listener's broadcasts go through one chain: a later one never overtakes an earlier one. */
let chain: Promise<unknown> = Promise.resolve();

/** Calls `listener` for every valid broadcast of `type`; returns the unsubscribe function. */
export function onPageBroadcast<T extends keyof PageBroadcasts>(type: T, listener: (change: PageBroadcast<T>) => void): () => void {
  let listening = true;
  const handler = (message: unknown): undefined => {
    if ((message as { type?: unknown } | null)?.type !== type) return undefined;
    chain = chain
      .then(() => broadcastChecks())
      .then(({ checkBroadcast }) => {
        const change = checkBroadcast(type, message);
        if (change && listening) listener(change);
      })
      .catch((error: unknown) => console.warn('[paperlight] could not read a change from the background', error));
    // Returning nothing leaves the reply to the background's own listener.
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => {
    listening = false;
    browser.runtime.onMessage.removeListener(handler);
  };
}
