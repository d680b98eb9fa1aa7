/**
 * When the first pass starts: after the parsed page's first frame, and after the page's `load`
 * unless that is slow to come. The browser has laid the page out by then, which the first pass
 * would otherwise pay for (a 1,000-card page: 350 ms instead of 10), and the reader sees the page
 * as soon as they would without Paperlight. Waiting for `load` keeps the page's own load event
 * where it would be without Paperlight (the pass would otherwise hold it back by its own length,
 * 30 ms on the recorded page): the stars wait LOAD_WAIT_MS at most for it. Cards a mute rule
 * could hide are held back by hold.css meanwhile, and then nothing waits for `load`.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** A failsafe for a visible tab whose frames the browser holds back. It used to be 100 ms, which on
 * pages that paint late (the recorded page: first paint 100–150 ms after document_end) ran the pass
 * before the first paint. */
const FAILSAFE_MS = 1_000;

/** How long after the first frame the pass waits for a page's `load`: a page whose images are
 * still coming gets its stars anyway. */
const LOAD_WAIT_MS = 150;

/** Whether hold.css holds the cards back (it says so on the root element). */
function holding(doc: Document): boolean {
  const root = doc.documentElement;
  return root !== null && getComputedStyle(root).getPropertyValue('--paperlight-holding').trim() === '1';
}

export function afterFirstFrame(doc: Document, ctx: ContentScriptContext, start: () => void): void {
  const wait = () => {
    let started = false;
    const go = () => {
      if (started) return;
      started = true;
      start();
    };
    const afterLoad = () => {
      if (doc.readyState === 'complete' || holding(doc)) return go();
      ctx.addEventListener(window, 'load', () => ctx.setTimeout(go, 0), { once: true });
      ctx.setTimeout(go, LOAD_WAIT_MS);
    };
    // A hidden tab paints no frame: there the pass starts at once. A tab hidden later, before its
    // first frame, starts at the failsafe. (Not on visibilitychange: closing a tab hides it too,
    // and Firefox kills, with a warning, any script of ours that runs while the tab closes.)
    if (doc.visibilityState === 'hidden') return go();
    ctx.requestAnimationFrame(() => ctx.setTimeout(afterLoad, 0));
    ctx.setTimeout(go, FAILSAFE_MS);
  };
  // At document_end the page is parsed; should the script ever be injected earlier, it waits.
  if (doc.readyState === 'loading') ctx.addEventListener(doc, 'DOMContentLoaded', wait, { once: true });
  else wait();
}
