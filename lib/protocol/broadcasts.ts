/**
 * The background's broadcasts as the extension's own pages (popup, reading list, options) read
 * them, validated whole. (Content scripts validate only what they read: lib/content/page-broadcasts.ts.)
 */
import { Broadcast } from './messages';
import { listenFor } from './messaging';

/** Calls `listener` for every valid broadcast of `type`; returns the unsubscribe function. */
export function onBroadcast<T extends Broadcast['type']>(type: T, listener: (change: Extract<Broadcast, { type: T }>) => void): () => void {
  return listenFor(type, Broadcast, (change) => listener(change as Extract<Broadcast, { type: T }>));
}
