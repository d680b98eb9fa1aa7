/**
 * Reading the published rules (published.ts) from a page, started as early as possible.
 *
 * The page's main content script runs at `document_end`: evaluating it at `document_start` held
 * up the parsing of every Daily Papers page. A tiny `document_start` script (entrypoints/
 * early.content) starts the read instead and leaves it in the content scripts' global: one
 * extension's content scripts share one isolated world per frame (Chrome) / one sandbox (Firefox),
 * which the page's own scripts cannot see. The main script takes it from there, and reads itself
 * when it finds none (the early script did not run, or it was taken already).
 *
 * This module is part of the early script, so it must stay small: no zod (the value is only
 * validated by `readPublishedRules`, in the main script), nothing from the features.
 */
import { browser } from 'wxt/browser';

export const PUBLISHED_RULES_KEY = 'rules';

/** The content scripts' global slot for the early read. */
const SLOT = '__paperlightPublishedRules';

interface EarlyRead {
  /** The newest published value the early script knows of; stops its watching. */
  take: () => Promise<unknown>;
}

type Slots = { [SLOT]?: EarlyRead };

function readNow(): Promise<unknown> {
  return browser.storage.local.get(PUBLISHED_RULES_KEY).then((stored) => stored[PUBLISHED_RULES_KEY]);
}

/**
 * In the `document_start` script: starts reading the rules and leaves the read for the main
 * script. Until that takes it, a change published meanwhile replaces it (the main script's own
 * listener only starts at `document_end`), so what it takes is never older than its listener.
 * @returns the read itself (without later changes), for the early script's own use
 */
export function startEarlyRead(): Promise<unknown> {
  const read = readNow();
  let latest = read;
  // A failed read is reported by the main script when it takes it; never unhandled meanwhile.
  read.catch(() => undefined);
  // Messages from the browser arrive in order: a change that arrives after the read was answered
  // is newer than it, and one that arrives before carries what the read will answer, or older.
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[PUBLISHED_RULES_KEY];
    if (area === 'local' && change) latest = Promise.resolve(change.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  (globalThis as Slots)[SLOT] = {
    take: () => {
      browser.storage.onChanged.removeListener(onChanged);
      return latest;
    },
  };
  return read;
}

/** Whether a published value may hold a rule (judged without zod: the rule engine validates it),
 * so the page needs the rule engine (lib/features/rules.ts). */
export const mayHoldRules = (value: unknown): boolean => Array.isArray(value) && value.length > 0;

/**
 * Whether a published value may hold a rule that mutes, judged without zod: true unless it plainly
 * holds none. `readPublishedRules` keeps no more than this lets through (a damaged entry is
 * dropped; a missing `action` is a highlight, a missing `enabled` is on), so `false` is safe to act
 * on before the main script has validated anything.
 */
export function mayHoldMuteRules(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  return value.some((rule: unknown) => {
    if (typeof rule !== 'object' || rule === null) return false;
    const { action, enabled } = rule as { action?: unknown; enabled?: unknown };
    return action === 'mute' && enabled !== false;
  });
}

/**
 * The published rules' raw value: the early script's read when there is one, else a fresh read.
 * Call it after adding the main `storage.onChanged` listener, so no change falls between the two.
 */
export function readPublishedValue(): Promise<unknown> {
  const slots = globalThis as Slots;
  const early = slots[SLOT];
  delete slots[SLOT];
  return early ? early.take() : readNow();
}
