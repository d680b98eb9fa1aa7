/**
 * Wires the site to Paperlight's features: watches the view, runs an annotation pass after every
 * change, keeps the stars in step with the background, and reports what it recognised.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { annotate, discover, unannotate } from '@/lib/content/annotate';
import { clearHooks, setCardCount, setReadiness } from '@/lib/content/page-hooks';
import { watchView, type ChangeReason } from '@/lib/content/view-watcher';
import { createStar, paintStar } from '@/lib/features/star';
import type { PageStatus } from '@/lib/messages';
import { onBroadcast, request } from '@/lib/messaging';
import { SavedState } from '@/lib/saved-state';
import type { Card } from '@/lib/site/cards';
import { readPageData } from '@/lib/site/data-blob';
import { isListing, pageKind, type PageKind } from '@/lib/site/page-kind';
import { paperInfo } from '@/lib/site/paper-info';

/** How long a view may show no card before Paperlight says it could not read the layout. */
const SETTLE_MS = 2_000;

export function startPaperlight(doc: Document, ctx: ContentScriptContext): void {
  const starsFor = (id: string) =>
    doc.querySelectorAll<HTMLButtonElement>(
      `[data-paperlight="bar"][data-paperlight-for="${CSS.escape(id)}"] button[data-paperlight="star"]`,
    );
  const state = new SavedState((id, saved) => starsFor(id).forEach((star) => paintStar(star, saved)));
  const asking = new Set<string>();
  let kind: PageKind = pageKind(doc.location.href);
  let view = 0;
  let cards = new Map<string, Card>();
  let settleTimer: number | undefined;
  let lastStatus = '';

  const save = async (id: string) => {
    const card = cards.get(id);
    if (!card) throw new Error('this paper is no longer on the page');
    const paper = paperInfo(card, readPageData(doc).papers.get(id), doc.location.href);
    await request({ type: 'paper.save', paper });
  };
  const remove = async (id: string) => {
    await request({ type: 'paper.remove', id });
  };
  const build = (card: Card) => [
    createStar({ id: card.id, state, save: () => save(card.id), remove: () => remove(card.id) }),
  ];

  const report = (status: PageStatus) => {
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    request({ type: 'page.status', status }).catch(() => undefined);
  };
  const updateStatus = () => {
    const expectsCards = kind.kind === 'paper' || isListing(kind);
    const listed = readPageData(doc).listed;
    const status = { kind: kind.kind, cards: cards.size, listed, recognised: true };
    if (!expectsCards || cards.size > 0 || listed === 0) {
      clearTimeout(settleTimer);
      settleTimer = undefined;
      report(status);
      return;
    }
    // No card yet: the list may still be rendering. Only a view that stays empty is reported.
    settleTimer ??= ctx.setTimeout(() => {
      settleTimer = undefined;
      if (cards.size === 0) report({ ...status, recognised: false });
    }, SETTLE_MS);
  };

  const fetchSavedState = (thisView: number) => {
    const ids = state.unknown(cards.keys()).filter((id) => !asking.has(id));
    const finish = () => {
      if (thisView === view) setReadiness(doc, 'ready');
    };
    if (ids.length === 0) return finish();
    ids.forEach((id) => asking.add(id));
    request({ type: 'papers.saved', ids })
      .then((saved) => state.resolve(ids, saved))
      .catch((error: unknown) => console.warn('[paperlight] could not read saved papers', error))
      .finally(() => {
        ids.forEach((id) => asking.delete(id));
        finish();
      });
  };

  const pass = (reason: ChangeReason) => {
    if (reason === 'url') {
      kind = pageKind(doc.location.href);
      view++;
      setReadiness(doc, 'loading');
      clearTimeout(settleTimer);
      settleTimer = undefined;
    }
    if (kind.kind === 'other') {
      unannotate(doc);
      clearHooks(doc);
      cards = new Map();
      updateStatus();
      return;
    }
    const start = performance.now();
    const found = discover(doc, kind);
    annotate(doc, found, build);
    cards = new Map(found.map((card) => [card.id, card]));
    setCardCount(doc, cards.size);
    performance.measure('paperlight:annotate', { start, detail: { cards: cards.size } });
    fetchSavedState(view);
    updateStatus();
  };
  const safePass = (reason: ChangeReason) => {
    try {
      pass(reason);
    } catch (error) {
      // A surprise in the site's markup must never break the page.
      console.warn('[paperlight] annotation failed', error);
    }
  };

  const stopBroadcasts = onBroadcast((change) => {
    for (const paper of change.saved) state.set(paper.id, true);
    for (const id of change.removed) state.set(id, false);
  });
  const stopWatching = watchView(doc, {
    onChange: safePass,
    listen: (target, type, handler) => ctx.addEventListener(target as Window, type as 'popstate', handler),
  });
  ctx.onInvalidated(() => {
    stopWatching();
    stopBroadcasts();
    unannotate(doc);
    clearHooks(doc);
  });

  setReadiness(doc, 'loading');
  safePass('dom');
}
