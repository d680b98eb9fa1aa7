/**
 * When the first pass starts: after the parsed page's first frame. The browser has laid the page
 * out by then, which the first pass would otherwise pay for (a 1,000-card page: 350 ms instead of
 * 10), and the reader sees the page as soon as they would without Paperlight. Cards a mute rule
 * could hide are held back by hold.css meanwhile.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** A failsafe for a visible tab whose frames the browser holds back. It used to be 100 ms, which on
 * pages that paint late (the recorded page: first paint 100–150 ms after document_end) ran the pass
 * before the first paint. */
const FAILSAFE_MS = 1_000;

export function afterFirstFrame(doc: Document, ctx: ContentScriptContext, start: () => void): void {
  const wait = () => {
    let started = false;
    const go = () => {
      if (started) return;
      started = true;
      start();
    };
    // A hidden tab paints no frame: there the pass starts at once. A tab hidden later, before its
    // first frame, starts at the failsafe. (Not on visibilitychange: closing a tab hides it too,
    // and Firefox kills, with a warning, any script of ours that runs while the tab closes.)
    if (doc.visibilityState === 'hidden') return go();
    ctx.requestAnimationFrame(() => ctx.setTimeout(go, 0));
    ctx.setTimeout(go, FAILSAFE_MS);
  };
  // At document_end the page is parsed; should the script ever be injected earlier, it waits.
  if (doc.readyState === 'loading') ctx.addEventListener(doc, 'DOMContentLoaded', wait, { once: true });
  else wait();
}
