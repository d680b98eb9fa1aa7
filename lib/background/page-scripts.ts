/**
 * Content scripts the background registers (Chrome, `scripting.registerContentScripts`) while the
 * reader's rules need them, so that a page without them never loads them:
 * - the rule engine's chunk (content-scripts/rules.js, lib/chunks/rules.ts) while there are
 *   rules: it runs at document_end beside the main content script, as fast as the manifest's own.
 *   A page that needs it before its next load (a first rule added while it is open) asks for it
 *   (`rules.load`), and the background runs it there;
 * - the early script (entrypoints/early.content) while there are rules: it starts reading them at
 *   document_start, so the main script usually has them for its first pass;
 * - its hold.css while some rule mutes: it holds the cards back until the muted ones are muted.
 *   Without mute rules nothing is held, so the page paints as soon as it would without Paperlight.
 *
 * Firefox lists the early script in its manifest, and its content script carries the engine.
 */
import { browser } from 'wxt/browser';
import { RULES_FILE } from '../content/chunk-files';
import { mayHoldMuteRules, mayHoldRules } from '../rules/published-read';
import { PAPERS_MATCHES } from '../site/page-kind';

type Registration = Parameters<typeof browser.scripting.registerContentScripts>[0][number];

const SCRIPTS: { registration: Registration; wanted: (published: unknown) => boolean }[] = [
  {
    registration: { id: 'paperlight-rules', js: [RULES_FILE], matches: PAPERS_MATCHES, runAt: 'document_end', persistAcrossSessions: true },
    // As the pages judge it (lib/features/rules.ts): any published rule.
    wanted: mayHoldRules,
  },
  {
    registration: { id: 'paperlight-early', js: ['content-scripts/early.js'], matches: PAPERS_MATCHES, runAt: 'document_start', persistAcrossSessions: true },
    wanted: mayHoldRules,
  },
  {
    registration: { id: 'paperlight-hold', css: ['content-scripts/early.css'], matches: PAPERS_MATCHES, runAt: 'document_start', persistAcrossSessions: true },
    wanted: mayHoldMuteRules,
  },
];

/** Registrations are made one at a time: two quick rule changes must not both register. */
let queue: Promise<unknown> = Promise.resolve();

/** Registers what the published rules need and unregisters the rest. */
export function keepPageScripts(published: unknown): Promise<void> {
  const next = queue.then(async () => {
    const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((script) => script.id));
    const add = SCRIPTS.filter((script) => script.wanted(published) && !registered.has(script.registration.id));
    const remove = SCRIPTS.filter((script) => !script.wanted(published) && registered.has(script.registration.id));
    if (add.length > 0) await browser.scripting.registerContentScripts(add.map((script) => script.registration));
    if (remove.length > 0) await browser.scripting.unregisterContentScripts({ ids: remove.map((script) => script.registration.id) });
  });
  queue = next.catch(() => undefined);
  return next;
}

/** Runs the rule engine's chunk in one frame of a tab now. */
export async function runRulesScript(tabId: number, frameId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [RULES_FILE] });
}
