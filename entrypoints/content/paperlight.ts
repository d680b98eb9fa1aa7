/**
 * Wires the site to Paperlight's features: watches the view, runs an annotation pass after every
 * change, keeps the stars in step with the background, and reports what it recognised.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { discoverGradually, unannotate } from '@/lib/content/annotate';
import { inViewFirst } from '@/lib/content/in-view';
import { inquiry } from '@/lib/content/inquiry';
import { onDemand } from '@/lib/content/load-on-demand';
import { clearHooks, setCardCount, setReadiness } from '@/lib/content/page-hooks';
import { runSlicedPass, type PassReport } from '@/lib/content/sliced-pass';
import { watchView, type ChangeReason } from '@/lib/content/view-watcher';
import { STAR_SELECTOR, createStar, handleStarClicks, paintStar, toggleStar } from '@/lib/features/star';
import { startNotes } from '@/lib/features/notes';
import { hasSelectionInCard } from '@/lib/features/quick-rule';
import { startKeyboard } from '@/lib/features/keyboard';
import { startRules } from '@/lib/features/rules';
import { startTags } from '@/lib/features/tags';
import type { PageStatus } from '@/lib/protocol/messages';
import { request, requestUntilAnswered } from '@/lib/protocol/messaging';
import { onPageBroadcast } from '@/lib/content/page-broadcasts';
import { SavedState } from '@/lib/saved-state';
import { listingScope, type Card } from '@/lib/site/cards';
import { readPageData, type PageData } from '@/lib/site/data-blob';
import { isListing, pageKind, type PageKind } from '@/lib/site/page-kind';
import { paperInfo } from '@/lib/site/paper-info';

/** How long a view may show no card before Paperlight says it could not read the layout. */
const SETTLE_MS = 2_000;
/** After the background failed to answer, when to ask again. */
const RETRY_MS = 2_000;

/** Records a pass in the page's performance timeline (DevTools, `npm run bench`). */
function measurePass(start: number, report: PassReport): void {
  performance.measure('paperlight:annotate', { start, duration: report.firstSliceMs, detail: report });
  performance.measure('paperlight:pass', { start, duration: report.totalMs, detail: report });
}

export function startPaperlight(doc: Document, ctx: ContentScriptContext): void {
  const state = new SavedState((ids) => {
    for (const bar of doc.querySelectorAll('[data-paperlight="bar"]')) {
      const id = bar.getAttribute('data-paperlight-for');
      const star = id && ids.has(id) ? bar.querySelector<HTMLButtonElement>(STAR_SELECTOR) : null;
      if (star) paintStar(star, state.get(id!));
    }
  });
  let kind: PageKind = pageKind(doc.location.href);
  /** Bumped by every URL change; a pass or timer of an older view never touches the hooks. */
  let view = 0;
  let passNumber = 0;
  /** A pass is running in slices; DOM changes meanwhile ask for one more pass after it. */
  let running = false;
  let rerun = false;
  /** The cards of the last finished pass, and those the running pass has found so far. */
  let cards = new Map<string, Card>();
  let found = new Map<string, Card>();
  /** The page's blob as this pass read it. */
  let passData: PageData | null = null;
  let settleTimer: number | undefined;
  let lastStatus = '';

  /** What the page says about a paper now (its blob may have changed since the pass). */
  const paperFor = (id: string) => {
    const card = found.get(id) ?? cards.get(id);
    return card ? paperInfo(card, readPageData(doc).papers.get(id), doc.location.href) : null;
  };
  const save = async (id: string) => {
    const paper = paperFor(id);
    if (!paper) throw new Error('this paper is no longer on the page');
    await requestUntilAnswered({ type: 'paper.save', paper });
  };
  const remove = async (id: string) => {
    await requestUntilAnswered({ type: 'paper.remove', id });
  };
  /** After the background failed to answer: a new pass asks again. */
  const retryLater = () => ctx.setTimeout(() => safePass('dom'), RETRY_MS);
  /** Cards stay hidden (early.content/hold.css) until the rules are known and, when some mute, the
   * cards in view are muted: a muted paper never shows for a frame. (With no mute rule, the early
   * script has usually let them show already.) */
  let rulesLoaded = false;
  let cardsMatched = false;
  /** A pass has handed cards to the rules (before they were known, it may be). */
  let cardsSeen = false;
  const revealIfReady = () => {
    if (rulesLoaded && (cardsMatched || !rules.hasMuteRules)) doc.documentElement.setAttribute('data-paperlight-shown', '');
  };
  const rules = startRules(doc, {
    paperFor: (card, blob) => paperInfo(card, blob, doc.location.href),
    // Read once per pass (a pass matches its cards in many batches), afresh otherwise.
    blobPapers: () => (running ? (passData ??= readPageData(doc)) : readPageData(doc)).papers,
    isPaperPage: () => kind.kind === 'paper',
    onLoaded: () => {
      rulesLoaded = true;
      // Cards a pass found before the rules were known are matched as the rules load, in this same
      // task (no frame between). Waiting for a later pass instead would hold them until the 1.5 s
      // failsafe when the read is slower than the first pass.
      cardsMatched ||= cardsSeen;
      revealIfReady();
    },
    onSummary: () => tags.renderFilter(),
    onAutoTags: (ids) => tags.repaint(ids),
  });
  const titleOf = (id: string) => paperFor(id)?.title ?? id;
  const tags = startTags(doc, {
    paperFor,
    retryLater,
    ruleTags: (id) => rules.autoTags(id),
    ruleSummary: () => rules,
    onTagAdded: (id, key) => keyboard.remember({ label: `tag “${tags.tagName(key)}” on “${titleOf(id)}”`, undo: () => tags.removeTag(id, key) }),
  });
  const notes = startNotes(doc, retryLater);
  const build = (card: Card) => [createStar(doc, state.get(card.id)), ...tags.build(card), ...notes.build(card)];

  const report = (status: PageStatus) => {
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    request({ type: 'page.status', status }).catch(() => undefined);
  };

  /**
   * After a pass: says what the view holds. A listing with no card is only called unrecognised
   * (and only then `ready`) once it has stayed empty for a while: the site may still be rendering.
   */
  const settle = (thisView: number) => {
    const expectsCards = kind.kind === 'paper' || isListing(kind);
    // The blob is only parsed when no card was found: it tells an empty day from an unread layout.
    const listed = cards.size === 0 ? readPageData(doc).listed : null;
    const status = { kind: kind.kind, cards: cards.size, listed, recognised: true, url: doc.location.href };
    if (!expectsCards || cards.size > 0 || listed === 0) {
      clearTimeout(settleTimer);
      settleTimer = undefined;
      report(status);
      return true;
    }
    settleTimer ??= ctx.setTimeout(() => {
      settleTimer = undefined;
      if (thisView !== view || cards.size > 0) return;
      report({ ...status, recognised: false });
      setReadiness(doc, 'ready');
    }, SETTLE_MS);
    return false;
  };

  /** Asks the background about papers this view has not seen; resolves when their stars are right. */
  const fetchSavedState = inquiry({
    unknown: (ids) => state.unknown(ids),
    ask: async (ids) => state.resolve(ids, await request({ type: 'papers.saved', ids })),
    onFailure: (error) => {
      console.warn('[paperlight] could not read saved papers; asking again soon', error);
      retryLater();
    },
  });

  const pass = (reason: ChangeReason) => {
    // A page that keeps changing must not starve a long pass: the DOM change waits its turn, while
    // a new URL (a new view) replaces the running pass at once.
    if (running && reason === 'dom') {
      rerun = true;
      return;
    }
    rerun = false;
    if (reason === 'url') {
      kind = pageKind(doc.location.href);
      view++;
      lastStatus = '';
      tags.viewChanged();
      keyboard.viewChanged();
      setReadiness(doc, 'loading');
      clearTimeout(settleTimer);
      settleTimer = undefined;
    }
    const thisPass = ++passNumber;
    const thisView = view;
    if (kind.kind === 'other') {
      running = false;
      unannotate(doc);
      clearHooks(doc);
      cards = new Map();
      rules.passDone([]);
      cardsMatched ||= rulesLoaded;
      revealIfReady();
      settle(thisView);
      return;
    }
    const start = performance.now();
    const answers: Promise<unknown>[] = [];
    found = new Map();
    passData = null;
    running = true;
    runSlicedPass({
      doc,
      source: discoverGradually(doc, kind, (articles) => inViewFirst(articles, window.scrollY)),
      build,
      start,
      isCurrent: () => thisPass === passNumber && ctx.isValid,
      // In the slice that annotated them, before the browser paints them, on the slice's clock.
      onBatch: (batch) => rules.apply(batch),
      onCards: (batch) => {
        for (const card of batch) found.set(card.id, card);
        cardsSeen = true;
        cardsMatched ||= rulesLoaded;
        revealIfReady();
        const ids = batch.map((card) => card.id);
        answers.push(fetchSavedState(ids), tags.fetch(ids), notes.fetch(ids));
      },
      onDone: (all, passReport) => {
        running = false;
        cards = new Map(all.map((card) => [card.id, card]));
        found = new Map();
        setCardCount(doc, cards.size);
        rules.passDone(all);
        cardsMatched ||= rulesLoaded;
        revealIfReady();
        tags.passDone(isListing(kind) ? all : [], listingScope(doc));
        keyboard.passDone();
        measurePass(start, passReport);
        const settled = settle(thisView);
        void Promise.all(answers).then(() => {
          if (settled && thisView === view && ctx.isValid) setReadiness(doc, 'ready');
        });
        if (rerun) ctx.setTimeout(() => safePass('dom'), 0);
      },
    });
  };
  function safePass(reason: ChangeReason) {
    if (ctx.isInvalid) return;
    try {
      pass(reason);
    } catch (error) {
      // A surprise in the site's markup must never break the page, nor stop the next pass.
      running = false;
      console.warn('[paperlight] annotation failed', error);
    }
  }

  const starActions = { state, save, remove };
  const keyboard = startKeyboard(doc, {
    cards: () => [...(found.size > 0 ? new Map([...cards, ...found]) : cards).values()],
    isPaperPage: () => kind.kind === 'paper',
    toggleStar: (id) => toggleStar(doc, id, starActions),
    openTagEditor: (id) => tags.openEditor(id),
    removeTag: (id, key) => tags.removeTag(id, key),
    hide: (id) => tags.filter.hide(id),
    unhide: (id) => tags.filter.unhide(id),
    // The note editor and quick rules load on first use (lib/content/load-on-demand.ts).
    editNote: (id) =>
      void onDemand()
        .then(({ openPageNote }) =>
          openPageNote(doc, id, async () => {
            if (state.get(id) !== true) {
              state.set(id, true);
              await save(id);
            }
          }),
        )
        .catch((error: unknown) => console.warn('[paperlight] could not open the note', error)),
    ruleFromSelection: (action) => {
      if (!hasSelectionInCard(doc)) return false;
      void onDemand()
        .then(({ addRuleFromSelection }) => addRuleFromSelection(doc, action, () => rules.colors()))
        .catch((error: unknown) => console.warn('[paperlight] could not add the rule', error));
      return true;
    },
    titleOf,
  });
  const stopStarClicks = handleStarClicks(doc, starActions, (id, wasSaved) =>
    keyboard.remember({ label: `${wasSaved ? 'unstar' : 'star'} on “${titleOf(id)}”`, undo: () => void toggleStar(doc, id, starActions) }),
  );
  const stopBroadcasts = onPageBroadcast('papers.changed', (change) => {
    for (const paper of change.saved) state.set(paper.id, true);
    for (const id of change.removed) state.set(id, false);
  });
  // A new background worker: a broadcast may have died with the old one, so the stars here are
  // checked against the store.
  const stopRestarts = onPageBroadcast('background.started', () => {
    // A running pass's cards may be in both maps.
    const ids = [...new Set([...cards.keys(), ...found.keys()])];
    state
      .recheck(ids, (asked) => requestUntilAnswered({ type: 'papers.saved', ids: asked }))
      .catch((error: unknown) => console.warn('[paperlight] could not check the stars again', error));
  });
  // An import replaced the whole library: everything known about the papers here may be stale.
  const stopLibrary = onPageBroadcast('library.changed', () => {
    state.forget();
    tags.forget();
    notes.forget();
    safePass('dom');
  });
  let stopWatching = () => {};
  ctx.onInvalidated(() => {
    stopWatching();
    keyboard.stop();
    stopStarClicks();
    stopBroadcasts();
    stopRestarts();
    stopLibrary();
    tags.stop();
    notes.stop();
    rules.stop();
    unannotate(doc);
    clearHooks(doc);
  });
  setReadiness(doc, 'loading');

  // The rules are being read already (started by the document_start script); the cards need the
  // parsed page: at document_end it is there, and the readyState check below waits for it should
  // the script ever be injected earlier.
  const begin = () => {
    stopWatching = watchView(doc, {
      onChange: safePass,
      listen: (target, type, handler) => ctx.addEventListener(target as Window, type as 'popstate', handler),
      isValid: () => ctx.isValid,
    });
    // A page restored from the back/forward cache missed every broadcast sent while it was away.
    ctx.addEventListener(window, 'pageshow', (event) => {
      if (!event.persisted) return;
      state.forget();
      tags.forget();
      notes.forget();
      safePass('url');
    });
    safePass('dom');
  };
  // After the parsed page's first frame: the browser has laid the page out by then, which the first
  // pass would otherwise pay for (a 1,000-card page: 350 ms instead of 10), and the reader sees the
  // page as soon as they would without Paperlight. Cards a mute rule could hide are held back by
  // hold.css meanwhile. A hidden tab paints no frame, so there the pass starts at once (or when the
  // tab is hidden before its first frame). The timeout is a failsafe for a visible tab whose frames
  // the browser holds back; it used to be 100 ms, which on pages that paint late (the recorded page:
  // first paint 100–150 ms after document_end) ran the pass before the first paint.
  const afterFirstFrame = () => {
    let started = false;
    const go = () => {
      if (started) return;
      started = true;
      begin();
    };
    if (doc.visibilityState === 'hidden') return go();
    ctx.requestAnimationFrame(() => ctx.setTimeout(go, 0));
    ctx.addEventListener(doc, 'visibilitychange', () => doc.visibilityState === 'hidden' && go());
    ctx.setTimeout(go, 1_000);
  };
  if (doc.readyState === 'loading') ctx.addEventListener(doc, 'DOMContentLoaded', afterFirstFrame, { once: true });
  else afterFirstFrame();
}
