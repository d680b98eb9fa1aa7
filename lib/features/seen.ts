/**
 * What is new to this reader (issue #16): every card says whether its paper was seen before, on any
 * view (the ledger is keyed by arXiv id, so the day view's sightings count on the week, month and
 * search views), the filter bar counts "12 new · 93 seen", and seen cards may be dimmed. A card
 * keeps the state it had when the view opened: glimpsing it now makes it seen on the next view or
 * visit, not under the reader's eyes. What the reader looks at (glimpses.ts) and opens is reported
 * in batches (seen-reports.ts). A paper seen earlier whose upvotes have since at least doubled (and
 * grown by 20) is marked rising on the week, month and trending views.
 */
import { trackGlimpses } from '../content/glimpses';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Page, PageFeature } from '../content/page-feature';
import { seenReports } from '../content/seen-reports';
import { seenLedger, type SeenLedger } from '../content/seen-ledger';
import type { ViewTexts } from '../content/paper-text';
import { isRising, seenKey, wasSeen, type SeenRecord } from '../model/seen';
import { request } from '../protocol/messaging';
import { isListing, type ListingKind } from '../site/page-kind';
import { DISMISSED } from './dismissals';
import { showToast } from './toast';
import { uiElement } from './ui-element';
import { plural } from '../text/plural';

const NEW = 'data-paperlight-new';
const SEEN = 'data-paperlight-seen';
const RISING = 'data-paperlight-rising';
const LABEL = '[data-paperlight="seen-label"]';
const NEW_COUNT = 'data-paperlight-new-count';
const DIM = 'data-paperlight-dim-seen';

/** Views where upvotes have had time to grow since the reader first saw a paper. */
const RISING_VIEWS = new Set(['week', 'month', 'trending']);

export interface SeenSummary {
  fresh: number;
  seen: number;
}

/** What the filter bar shows and does about new and seen papers. */
export interface SeenFilter {
  /** New and seen papers among the view's cards; null when the feature is off or this is no listing. */
  summary(): SeenSummary | null;
  /** The paper was seen before this view showed it. */
  isSeen(id: string): boolean;
  /** "Only new" is on for this kind of view. */
  onlyNew(): boolean;
  toggleOnlyNew(): void;
  /** Counts every new paper of the view as seen, with undo. */
  markAllSeen(): void;
}

export interface SeenFeature extends PageFeature, SeenFilter {
  /** The paper had not been seen when this view showed it (the keyboard's "next new"). */
  isNew(id: string): boolean;
  /** The ledger's records of the view's papers, read once for every feature (dismissals too). */
  readonly ledger: SeenLedger;
}

interface Shown {
  /** The ledger's record as this view found it (null: never seen). */
  record: SeenRecord | null;
  /** "12 → 180" when the paper is rising here. */
  rising: string | null;
}

/** Sets (or, with null, removes) an attribute only when it changes: every write is a mutation the
 * page controller's observer hears, and one per pass would start the next pass, for ever. */
function setAttribute(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

export function seenFeature(page: Page, texts: ViewTexts): SeenFeature {
  const { doc, ctx } = page;
  const html = doc.documentElement;
  let on = true;
  let dim = true;
  /** View kinds that show only new papers (a setting, so every tab and device remembers it). */
  let onlyNewKinds = new Set<string>();
  /** This view's papers, as the ledger had them when the view first showed them. */
  const shown = new Map<string, Shown>();
  /** Marks this view already reported (`id how`). */
  const reported = new Set<string>();

  const reports = seenReports({
    setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
    send: (marks) => request({ type: 'seen.mark', marks }),
    onFailure: (error) => console.warn('[paperlight] could not record papers seen; trying again soon', error),
  });
  const report = (id: string, how: 'glimpsed' | 'opened') => {
    if (!on || reported.has(`${id} ${how}`)) return;
    reported.add(`${id} ${how}`);
    // Its text too: the "For you" model learns from papers seen and not kept (issue #17).
    const text = texts.get(id);
    reports.add({ id, how, upvotes: page.paperFor(id)?.upvotes ?? null, ...(text ? { text } : {}) });
    if (how === 'opened') flushSoon();
  };
  const glimpses = trackGlimpses(
    {
      doc,
      setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
      clearTimeout: (id) => clearTimeout(id),
      onVisibilityChange: (handler) => ctx.addEventListener(doc, 'visibilitychange', handler),
    },
    (root) => root.getAttribute('data-paperlight-id'),
    (id) => report(id, 'glimpsed'),
  );
  // Never while the page closes: Firefox terminates a content script that sends a message then
  // ("Script terminated by timeout"), and closing fires `visibilitychange` and `pagehide`. So a
  // hidden tab or an opened paper sends what waits in a task of its own, which runs unless the
  // page is gone (its paper's page records an opening anyway); a view left sends at once.
  const flushSoon = () => void ctx.setTimeout(() => reports.flush(), 0);
  ctx.addEventListener(doc, 'visibilitychange', () => {
    if (doc.visibilityState === 'hidden') flushSoon();
  });


  const labelText = (entry: Shown) => (entry.rising ? `${entry.rising} ▲ since you saw it` : wasSeen(entry.record ?? undefined) ? '' : 'New');
  const paintLabel = (label: HTMLElement, entry: Shown | undefined) => {
    const text = entry && on ? labelText(entry) : '';
    if (label.textContent !== text) label.textContent = text;
    label.hidden = text === '';
    label.title = entry?.rising ? `Upvotes when you first saw it → now` : text === 'New' ? 'You have not seen this paper before (Paperlight)' : '';
  };
  /** Marks the view's cards and counts; `labels`: the bar labels of these papers (null: all)
   * changed too (a bar built later paints its own). */
  const paint = (labels: ReadonlySet<string> | null | false) => {
    let fresh = 0;
    for (const card of page.cards()) {
      const entry = on ? shown.get(card.id) : undefined;
      if (entry && !wasSeen(entry.record ?? undefined) && !card.root.hasAttribute(DISMISSED)) fresh++;
      const isNew = entry !== undefined && !wasSeen(entry.record ?? undefined);
      const isSeen = entry !== undefined && !isNew;
      if (card.root.hasAttribute(NEW) !== isNew) card.root.toggleAttribute(NEW, isNew);
      if (card.root.hasAttribute(SEEN) !== isSeen) card.root.toggleAttribute(SEEN, isSeen);
      setAttribute(card.root, RISING, entry?.rising ?? null);
      if (labels === false || (labels && !labels.has(card.id))) continue;
      const label = card.root.querySelector<HTMLElement>(`[data-paperlight="bar"][data-paperlight-for="${CSS.escape(card.id)}"] ${LABEL}`);
      if (label) paintLabel(label, entry);
    }
    setAttribute(html, NEW_COUNT, on && page.kind().kind !== 'other' ? String(fresh) : null);
    setAttribute(html, DIM, on && dim && isListing(page.kind()) ? '' : null);
  };

  const risingOf = (id: string, record: SeenRecord | null): string | null => {
    if (!record || !wasSeen(record) || !RISING_VIEWS.has(page.kind().kind)) return null;
    const now = page.paperFor(id)?.upvotes ?? null;
    return isRising(record.upvotes, now) ? `${record.upvotes} → ${now}` : null;
  };

  const ledger = seenLedger((error) => {
    console.warn('[paperlight] could not read which papers were seen; asking again soon', error);
    page.retryLater();
  });
  ledger.onAnswer((ids) => {
    if (!on) return;
    const fresh = ids.filter((id) => !shown.has(id));
    for (const id of fresh) {
      const record = ledger.get(id) ?? null;
      shown.set(id, { record, rising: risingOf(id, record) });
    }
    paint(new Set(fresh));
    page.signals.emit('summaryChanged');
  });
  /** Shows the papers the ledger already answered for (asked for by another feature, or before
   * the feature was turned on), and reads the rest. */
  const fetch = async (ids: readonly string[]) => {
    const known = ids.filter((id) => !shown.has(id) && ledger.get(id) !== undefined);
    if (known.length > 0) {
      for (const id of known) shown.set(id, { record: ledger.get(id)!, rising: risingOf(id, ledger.get(id)!) });
      paint(new Set(known));
      page.signals.emit('summaryChanged');
    }
    await ledger.read(ids);
  };

  const opened = (ids: readonly string[]) => {
    const kind = page.kind();
    if (kind.kind === 'paper' && ids.includes(kind.id)) report(kind.id, 'opened');
  };

  /** A paper's link followed from its card (a click, a middle click, a new tab) opens it. */
  const onLink = (event: MouseEvent) => {
    if (!event.isTrusted || !on) return;
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[href]') : null;
    const card = link?.closest('[data-paperlight-id]');
    if (!link || !card) return;
    const path = /^\/papers\/([^/?#]+)/.exec(new URL(link.href, doc.baseURI).pathname)?.[1];
    const id = path ? seenKey(path) : null;
    if (id && id === card.getAttribute('data-paperlight-id')) report(id, 'opened');
  };
  doc.addEventListener('click', onLink, true);
  doc.addEventListener('auxclick', onLink, true);

  const settingsChanged = (settings: { seenMarks?: boolean; dimSeen?: boolean; onlyNew?: readonly string[] }) => {
    const wasOn = on;
    on = settings.seenMarks ?? true;
    dim = settings.dimSeen ?? true;
    onlyNewKinds = new Set(settings.onlyNew ?? []);
    if (!on) {
      glimpses.clear();
      shown.clear();
    }
    paint(null);
    page.signals.emit('summaryChanged');
    if (on && !wasOn) {
      // Turned on again: the view's cards are asked about and watched now, not at the next pass.
      if (isListing(page.kind())) glimpses.watch(page.cards().map((card) => card.root));
      void start(page.cards().map((card) => card.id));
    }
  };
  const settingsRead = page
    .settings()
    .then(settingsChanged)
    .catch((error: unknown) => console.warn('[paperlight] could not read the settings; papers seen are marked', error));
  const stopSettings = onPageBroadcast('settings.changed', (change) => settingsChanged(change.settings));

  const isSeen = (id: string) => on && wasSeen(shown.get(id)?.record ?? undefined);
  const isNew = (id: string) => on && shown.has(id) && !wasSeen(shown.get(id)!.record ?? undefined);
  const viewKind = () => page.kind().kind;

  const toggleOnlyNew = () => {
    const kind = viewKind();
    if (onlyNewKinds.has(kind)) onlyNewKinds.delete(kind);
    else onlyNewKinds.add(kind);
    page.signals.emit('summaryChanged');
    if (!isListing(page.kind())) return;
    request({ type: 'view.onlyNew', kind: (page.kind() as ListingKind).kind, on: onlyNewKinds.has(kind) }).catch((error: unknown) =>
      showToast(doc, `Paperlight could not remember “Only new”: ${String(error)}`),
    );
  };

  /** Shows these papers as `records` say, and counts again. */
  const showAs = (records: ReadonlyMap<string, SeenRecord | null>) => {
    for (const [id, record] of records) shown.set(id, { record, rising: shown.get(id)?.rising ?? null });
    paint(new Set(records.keys()));
    page.signals.emit('summaryChanged');
  };

  const markAllSeen = () => {
    const fresh = page.cards().filter((card) => isNew(card.id));
    if (fresh.length === 0) return;
    const before = new Map(fresh.map((card) => [card.id, shown.get(card.id)!.record]));
    const now = Date.now();
    const marks = fresh.map((card) => ({ id: card.id, how: 'glimpsed' as const, upvotes: page.paperFor(card.id)?.upvotes ?? null }));
    showAs(new Map(marks.map((mark) => [mark.id, { ...(before.get(mark.id) ?? {}), first: now, last: now, how: 1, upvotes: mark.upvotes }])));
    const undo = async () => {
      await request({ type: 'seen.restore', records: Object.fromEntries(before) });
      showAs(before);
    };
    const label = `marking ${plural(marks.length, 'paper')} seen`;
    request({ type: 'seen.mark', marks }).then(
      () => {
        page.undo.push({ label, undo });
        showToast(doc, `${plural(marks.length, 'paper')} marked seen.`, { label: 'Undo', run: () => void undo().catch((error: unknown) => showToast(doc, `Could not undo: ${String(error)}`)) });
      },
      (error: unknown) => {
        showAs(before);
        showToast(doc, `Paperlight could not mark the papers seen: ${String(error)}`);
      },
    );
  };

  const start = async (ids: readonly string[]) => {
    // Their texts while the pass has the page's data at hand: a glimpse reports it later.
    if (on && isListing(page.kind())) texts.take(ids);
    await settingsRead;
    if (!on) return;
    opened(ids);
    await fetch(ids);
  };

  return {
    name: 'seen',
    build: (card) => {
      const label = uiElement(doc, 'span', 'seen-label');
      paintLabel(label, shown.get(card.id));
      return [label];
    },
    cardsFound: start,
    passDone: (cards) => {
      if (on && isListing(page.kind())) glimpses.watch(cards.map((card) => card.root));
      else glimpses.clear();
      paint(false);
    },
    viewChanged: () => {
      reports.flush();
      glimpses.clear();
      shown.clear();
      reported.clear();
      ledger.forget();
    },
    forget: () => {
      shown.clear();
      ledger.forget();
    },
    stop: () => {
      reports.flush();
      glimpses.stop();
      stopSettings();
      doc.removeEventListener('click', onLink, true);
      doc.removeEventListener('auxclick', onLink, true);
      for (const attribute of [NEW, SEEN, RISING]) for (const root of doc.querySelectorAll(`[${attribute}]`)) root.removeAttribute(attribute);
      html.removeAttribute(NEW_COUNT);
      html.removeAttribute(DIM);
    },
    isSeen,
    isNew,
    ledger,
    onlyNew: () => on && onlyNewKinds.has(viewKind()),
    toggleOnlyNew,
    markAllSeen,
    summary: () => {
      if (!on || !isListing(page.kind())) return null;
      let fresh = 0;
      let seen = 0;
      for (const card of page.cards()) {
        const entry = shown.get(card.id);
        // A dismissed paper is folded away: neither new nor seen here.
        if (!entry || card.root.hasAttribute(DISMISSED)) continue;
        if (wasSeen(entry.record ?? undefined)) seen++;
        else fresh++;
      }
      return { fresh, seen };
    },
  };
}
