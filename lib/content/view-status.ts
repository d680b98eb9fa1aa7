/**
 * Tells the background what the view holds (the popup shows it) and says when a view with no card
 * is done: a listing with no card is only called unrecognised (and only then `ready`) once it has
 * stayed empty for a while, since the site may still be rendering.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageStatus } from '../protocol/messages';
import { request } from '../protocol/messaging';
import { readPageData } from '../site/data-blob';
import { isListing, type PageKind } from '../site/page-kind';
import { setReadiness } from './page-hooks';

/** How long a view may show no card before Paperlight says it could not read the layout. */
const SETTLE_MS = 2_000;

export interface ViewStatus {
  /** A new view: its status is reported afresh and an older view's wait is dropped. */
  newView(): void;
  /** After a pass of view number `view` found `cards` cards: whether the view is settled (else it
   * becomes `ready`, unrecognised, if it stays empty). */
  settle(view: number, kind: PageKind, cards: number): boolean;
}

export function viewStatus(doc: Document, ctx: ContentScriptContext, current: () => { view: number; cards: number }): ViewStatus {
  let lastStatus = '';
  let settleTimer: number | undefined;

  const report = (status: PageStatus) => {
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    request({ type: 'page.status', status }).catch(() => undefined);
  };
  const stopWaiting = () => {
    clearTimeout(settleTimer);
    settleTimer = undefined;
  };

  return {
    newView: () => {
      lastStatus = '';
      stopWaiting();
    },
    settle: (view, kind, cards) => {
      const expectsCards = kind.kind === 'paper' || isListing(kind);
      // The blob is only parsed when no card was found: it tells an empty day from an unread layout.
      const listed = cards === 0 ? readPageData(doc).listed : null;
      const status = { kind: kind.kind, cards, listed, recognised: true, url: doc.location.href };
      if (!expectsCards || cards > 0 || listed === 0) {
        stopWaiting();
        report(status);
        return true;
      }
      settleTimer ??= ctx.setTimeout(() => {
        settleTimer = undefined;
        const now = current();
        if (now.view !== view || now.cards > 0) return;
        report({ ...status, recognised: false });
        setReadiness(doc, 'ready');
      }, SETTLE_MS);
      return false;
    },
  };
}
