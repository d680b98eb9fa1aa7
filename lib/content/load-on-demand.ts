/**
 * Gets the content script's chunks (chunk-files.ts) when a page needs them. The content script
 * itself cannot be split (browsers load content scripts as classic scripts), so:
 * - the rarely used features (lib/chunks/on-demand.ts) and the broadcasts' schemas (broadcast-checks.ts) are ES
 *   modules imported by their extension URL: Chrome 63+ and Firefox 89+ run such a module in the
 *   content script's own world, with its access to the extension's API;
 * - the rule engine (lib/chunks/rules.ts) is a classic script the background registers as a content
 *   script while the reader has rules (lib/background/page-scripts.ts), so it usually ran beside
 *   this one already; otherwise the background runs it here on request.
 * Firefox's build carries them all in the content script itself: addons.mozilla.org's lint refuses
 * an import() whose argument is not a literal, and the size budget is Chrome's. (Vite inlines such
 * an import in the content script's build; in Chrome's the branch is dropped, with the module.)
 */
import { browser } from 'wxt/browser';
import { request } from '../protocol/messaging';
import type * as BroadcastChecks from './broadcast-checks';
import { CHECKS_FILE, ON_DEMAND_FILE, RANKING_FILE, RULES_GLOBAL } from './chunk-files';
import type * as OnDemand from '../chunks/on-demand';
import type * as Ranking from '../chunks/ranking';
import type * as RulesChunk from '../chunks/rules';

/** Where the rules chunk leaves its exports: the content scripts' shared global. */
type Slots = { [RULES_GLOBAL]?: typeof RulesChunk };

/** A failed load is tried again by the next call. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/** The on-demand features; the chunk is fetched once per page. */
export const onDemand = once(
  () => (import.meta.env.FIREFOX ? import('../chunks/on-demand') : import(/* @vite-ignore */ browser.runtime.getURL(`/${ON_DEMAND_FILE}`))) as Promise<typeof OnDemand>,
);

/** "For you" on the cards (issue #17), once the reader's model is ready. */
export const rankingChunk = once(
  () => (import.meta.env.FIREFOX ? import('../chunks/ranking') : import(/* @vite-ignore */ browser.runtime.getURL(`/${RANKING_FILE}`))) as Promise<typeof Ranking>,
);

const rulesChunk = () => (globalThis as Slots)[RULES_GLOBAL];

/** The keyword-rule engine. */
export const ruleEngine = once(async (): Promise<typeof RulesChunk> => {
  if (import.meta.env.FIREFOX) return import('../chunks/rules');
  const start = performance.now();
  // A registered script runs at document_end with this one, maybe just after it: one task later it
  // has run if it is coming. (Should it be slower, the background's run replaces it: harmless.)
  if (!rulesChunk()) await new Promise((resolve) => setTimeout(resolve, 0));
  const registered = rulesChunk() !== undefined;
  if (!registered) await request({ type: 'rules.load' });
  const chunk = rulesChunk();
  if (!chunk) throw new Error('the rule engine did not load');
  // From asking to having it, and how it came, in the page's timeline (DevTools, tests).
  performance.measure('paperlight:rules-chunk', { start, detail: { registered } });
  return chunk;
});

const checksChunk = once(
  () =>
    (import.meta.env.FIREFOX ? import('./broadcast-checks') : import(/* @vite-ignore */ browser.runtime.getURL(`/${CHECKS_FILE}`))) as Promise<
      typeof BroadcastChecks
    >,
);

/** The broadcasts' schemas: from the rules chunk when it ran here, else from their own chunk. */
export function broadcastChecks(): Promise<Pick<typeof BroadcastChecks, 'checkBroadcast'>> {
  const rules = rulesChunk();
  return rules ? Promise.resolve(rules) : checksChunk();
}
