/**
 * The page controller: watches the view, runs an annotation pass after every change and calls the
 * page features (page-feature.ts) at each step, in list order. It owns the pass state (one pass at a
 * time; a DOM change during a pass asks for one more after it, a new URL replaces it), the page's
 * readiness hooks, and what every feature must hear of: a new view, a replaced library, a page back
 * from the back/forward cache, a new background worker, the extension going away.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { UndoStack } from '../keyboard/undo';
import type { Settings } from '../model/library';
import { request } from '../protocol/messaging';
import type { Card } from '../site/cards';
import { readPageData, type PageData } from '../site/data-blob';
import { pageKind, type PageKind } from '../site/page-kind';
import { paperInfo } from '../site/paper-info';
import { atStartMoment } from './start-moment';
import { discoverGradually, unannotate } from './annotate';
import { inViewFirst } from './in-view';
import { onPageBroadcast } from './page-broadcasts';
import type { Page, PageFeature, PageSignals } from './page-feature';
import { clearHooks, setCardCount, setReadiness } from './page-hooks';
import { Signals } from './signals';
import { runSlicedPass, type PassReport } from './sliced-pass';
import { viewStatus } from './view-status';
import { watchView, type ChangeReason } from './view-watcher';

/** After the background failed to answer, when to ask again. */
const RETRY_MS = 2_000;

type Hook = 'passDone' | 'viewChanged' | 'forget' | 'backgroundStarted' | 'stop';

/** Records a pass in the page's performance timeline (DevTools, `npm run bench`). */
function measurePass(start: number, report: PassReport): void {
  performance.measure('paperlight:annotate', { start, duration: report.firstSliceMs, detail: report });
  performance.measure('paperlight:pass', { start, duration: report.totalMs, detail: report });
}

/**
 * Starts Paperlight on the page: the features, their first requests to the background and the first
 * pass all wait for the moment start-moment.ts picks (after the first frame, and after `load`
 * when nothing is held back), so that none of it lands before the page's own `load`.
 */
export function startPage(doc: Document, ctx: ContentScriptContext, featuresOf: (page: Page) => PageFeature[]): void {
  setReadiness(doc, 'loading');
  atStartMoment(doc, ctx, () => {
    if (ctx.isValid) runPage(doc, ctx, featuresOf);
  });
}

function runPage(doc: Document, ctx: ContentScriptContext, featuresOf: (page: Page) => PageFeature[]): void {
  let kind: PageKind = pageKind(doc.location.href);
  /** Bumped by every URL change; a pass or timer of an older view never touches the hooks. */
  let view = 0;
  let passNumber = 0;
  let running = false;
  let rerun = false;
  /** The cards of the last finished pass, and those the running pass has found so far. */
  let cards = new Map<string, Card>();
  let found = new Map<string, Card>();
  /** The page's blob as this pass read it. */
  let passData: PageData | null = null;
  const status = viewStatus(doc, ctx, () => ({ view, cards: cards.size }));

  const paperFor = (id: string) => {
    const card = found.get(id) ?? cards.get(id);
    return card ? paperInfo(card, readPageData(doc).papers.get(id), doc.location.href) : null;
  };
  let settingsRead: Promise<Settings> | null = null;
  const page: Page = {
    doc,
    ctx,
    kind: () => kind,
    cards: () => [...(found.size > 0 ? new Map([...cards, ...found]) : cards).values()],
    paperFor,
    titleOf: (id) => paperFor(id)?.title ?? id,
    // Read once per pass (a pass matches its cards in many batches), afresh otherwise.
    blobPapers: () => (running ? (passData ??= readPageData(doc)) : readPageData(doc)).papers,
    settings: () =>
      (settingsRead ??= request({ type: 'settings.get' }).catch((error: unknown) => {
        settingsRead = null;
        throw error;
      })),
    retryLater: () => ctx.setTimeout(() => safePass('dom'), RETRY_MS),
    undo: new UndoStack(),
    signals: new Signals<PageSignals>(),
  };
  const features = featuresOf(page);
  const builders = features.flatMap((feature) => (feature.build ? [feature.build.bind(feature)] : []));
  const annotators = features.flatMap((feature) => (feature.annotated ? [feature.annotated.bind(feature)] : []));
  const build = (card: Card) => builders.flatMap((builder) => builder(card));

  /** Calls one hook of every feature, in list order; one that throws does not stop the others. */
  const tell = <H extends Hook>(hook: H, ...args: Parameters<NonNullable<PageFeature[H]>>) => {
    for (const feature of hook === 'stop' ? [...features].reverse() : features) {
      try {
        (feature[hook] as ((...a: typeof args) => void) | undefined)?.call(feature, ...args);
      } catch (error) {
        console.warn(`[paperlight] ${feature.name}: ${hook} failed`, error);
      }
    }
  };

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
      status.newView();
      tell('viewChanged');
      setReadiness(doc, 'loading');
    }
    const thisPass = ++passNumber;
    const thisView = view;
    if (kind.kind === 'other') {
      running = false;
      unannotate(doc);
      clearHooks(doc);
      cards = new Map();
      tell('passDone', []);
      status.settle(thisView, kind, 0);
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
      onBatch: (batch) => {
        for (const annotate of annotators) annotate(batch);
      },
      onCards: (batch) => {
        for (const card of batch) found.set(card.id, card);
        const ids = batch.map((card) => card.id);
        for (const feature of features) {
          const answer = feature.cardsFound?.(ids);
          if (answer) answers.push(answer);
        }
      },
      onDone: (all, passReport) => {
        running = false;
        cards = new Map(all.map((card) => [card.id, card]));
        found = new Map();
        setCardCount(doc, cards.size);
        tell('passDone', all);
        measurePass(start, passReport);
        const settled = status.settle(thisView, kind, cards.size);
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

  const stopRestarts = onPageBroadcast('background.started', () => tell('backgroundStarted', [...new Set([...cards.keys(), ...found.keys()])]));
  // An import replaced the whole library: everything known about the papers here may be stale.
  const stopLibrary = onPageBroadcast('library.changed', () => {
    tell('forget');
    safePass('dom');
  });
  const stopWatching = watchView(doc, {
    onChange: safePass,
    listen: (target, type, handler) => ctx.addEventListener(target as Window, type as 'popstate', handler),
    isValid: () => ctx.isValid,
  });
  ctx.onInvalidated(() => {
    stopWatching();
    stopRestarts();
    stopLibrary();
    tell('stop');
    unannotate(doc);
    clearHooks(doc);
  });
  // A page restored from the back/forward cache missed every broadcast sent while it was away.
  ctx.addEventListener(window, 'pageshow', (event) => {
    if (!event.persisted) return;
    tell('forget');
    safePass('url');
  });
  safePass('dom');
}
