/**
 * The rule engine's chunk (content-scripts/rules.js, lib/content/rules-chunk.ts) as a content script
 * the background registers while the reader has keyword rules: the browser then runs it next to
 * the main content script on every Daily Papers page, as fast as the manifest's own, and a reader
 * without rules never loads it. A page that needs it before its next load (a first rule added while
 * it is open) asks for it (`rules.load`), and the background runs it there.
 *
 * Chrome only: Firefox's content script carries the engine (its build inlines the chunks).
 */
import { browser } from 'wxt/browser';
import { RULES_FILE } from '../content/chunk-files';
import { PAPERS_MATCHES } from '../site/page-kind';

const SCRIPT_ID = 'paperlight-rules';

/** Registrations are made one at a time: two quick rule changes must not both register. */
let queue: Promise<unknown> = Promise.resolve();

/** Registers the chunk while there are rules (as the pages judge it: any published rule) and
 * unregisters it when there are none. */
export function keepRulesScript(hasRules: boolean): Promise<void> {
  const next = queue.then(async () => {
    const registered = (await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] })).length > 0;
    if (hasRules && !registered) {
      await browser.scripting.registerContentScripts([
        { id: SCRIPT_ID, js: [RULES_FILE], matches: PAPERS_MATCHES, runAt: 'document_end', persistAcrossSessions: true },
      ]);
    } else if (!hasRules && registered) {
      await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    }
  });
  queue = next.catch(() => undefined);
  return next;
}

/** Runs the chunk in one frame of a tab now. */
export async function runRulesScript(tabId: number, frameId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [RULES_FILE] });
}
