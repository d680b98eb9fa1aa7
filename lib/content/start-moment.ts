/**
 * When Paperlight starts on a page: its features, their first requests and the first pass. Two
 * rules, so that a page loads as fast with Paperlight as without:
 * - After the parsed page's first frame: the browser has laid the page out by then, which the first
 *   pass would otherwise pay for (a 1,000-card page: 350 ms instead of 10), and the reader sees the
 *   page as soon as they would without Paperlight.
 * - Then after the page's `load`, unless cards are held back (early.content/hold.css, while a rule
 *   mutes: the reader is waiting on the pass) or the page is still loading a while after its first
 *   frame (images on a slow network: the stars should not wait for them). The pass, its requests
 *   to the background and the replies otherwise land between first paint and `load` and delayed it
 *   by 10–20 % on the 13- and 105-card pages (docs/performance.md §2).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** A failsafe for a visible tab whose frames the browser holds back. It used to be 100 ms, which on
 * pages that paint late (the recorded page: first paint 100–150 ms after document_end) ran the pass
 * before the first paint. */
const FAILSAFE_MS = 1_000;

/** How long after its first frame a page still loading waits for the pass. */
export const LOAD_WAIT_MS = 300;

/** Set by hold.css on the root while it holds the cards back. */
export const HOLDING_PROPERTY = '--paperlight-holding';

/** What started the first pass, in the page's timeline as the `paperlight:start` mark's detail (tests, bench). */
export type StartCause = 'held' | 'loaded' | 'load' | 'load-wait' | 'failsafe';

/** Whether hold.css is holding the cards back now. Read after the first frame, when the root's style
 * is already computed. */
function cardsHeld(doc: Document): boolean {
  const view = doc.defaultView;
  return view !== null && view.getComputedStyle(doc.documentElement).getPropertyValue(HOLDING_PROPERTY).trim() === '1';
}

export function atStartMoment(doc: Document, ctx: ContentScriptContext, start: (cause: StartCause) => void): void {
  let started = false;
  const go = (cause: StartCause) => {
    if (started) return;
    started = true;
    // A string, not an object: Firefox hides an object made in a content script from the page's
    // scripts (tests, bench), which read the timeline.
    performance.mark('paperlight:start', { detail: cause });
    start(cause);
  };
  const afterLoad = () => {
    if (cardsHeld(doc)) return go('held');
    if (doc.readyState === 'complete') return go('loaded');
    // One task after the load event, so the page's loadEventEnd does not include the pass.
    ctx.addEventListener(window, 'load', () => ctx.setTimeout(() => go('load'), 0), { once: true });
    ctx.setTimeout(() => go('load-wait'), LOAD_WAIT_MS);
  };
  const wait = () => {
    // A hidden tab (a paper opened in the background) paints no frame: there the wait for `load`
    // starts at once. A tab hidden later, before its first frame, starts at the failsafe. (Not on
    // visibilitychange: closing a tab hides it too, and Firefox kills, with a warning, any script of
    // ours that runs while the tab closes.)
    if (doc.visibilityState === 'hidden') return afterLoad();
    let framed = false;
    ctx.requestAnimationFrame(() =>
      ctx.setTimeout(() => {
        framed = true;
        if (!started) afterLoad();
      }, 0),
    );
    ctx.setTimeout(() => {
      if (!framed) go('failsafe');
    }, FAILSAFE_MS);
  };
  // At document_end the page is parsed; should the script ever be injected earlier, it waits.
  if (doc.readyState === 'loading') ctx.addEventListener(doc, 'DOMContentLoaded', wait, { once: true });
  else wait();
}
