/**
 * Dismissals that last (issue #16): with the setting on (the default), the keyboard's `x` dismisses a
 * paper for good. Its card folds to a one-line stub ("Dismissed. Show") on every listing, in every
 * tab and on every later visit, until the reader shows it again or undoes (`u`). Kept in the seen
 * ledger, where the ranking reads them as "not for me". Only attributes and one stub element of
 * Paperlight's: the site's nodes stay where they are.
 */
import type { ViewTexts } from '../content/paper-text';
import type { SeenLedger } from '../content/seen-ledger';
import type { PaperText } from '../ranking/page-model';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Page, PageFeature } from '../content/page-feature';
import { request } from '../protocol/messaging';
import type { Card } from '../site/cards';
import { isListing } from '../site/page-kind';
import { showToast } from './toast';
import { uiElement } from './ui-element';

export const DISMISSED = 'data-paperlight-dismissed';
const STUB = 'dismiss-stub';

export interface DismissalsFeature extends PageFeature {
  /** Dismisses paper `id` for good; false when dismissals do not last (the setting is off). */
  dismiss(id: string): boolean;
  /** Takes a lasting dismissal of `id` back (nothing when there is none). */
  undismiss(id: string): void;
}

function fold(card: Card, title: string): void {
  if (!card.root.hasAttribute(DISMISSED)) card.root.setAttribute(DISMISSED, '');
  if (card.root.querySelector(`:scope > [data-paperlight="${STUB}"]`)) return;
  const stub = uiElement(card.root.ownerDocument, 'button', STUB, { 'data-paperlight-ui': '', 'data-paperlight-for': card.id });
  stub.textContent = `Dismissed: ${title.replace(/\s+/g, ' ').trim()}. Show`;
  stub.title = 'You dismissed this paper (Paperlight). Show it again';
  card.root.prepend(stub);
}

function unfold(root: Element): void {
  root.removeAttribute(DISMISSED);
  root.querySelector(`:scope > [data-paperlight="${STUB}"]`)?.remove();
}

export function dismissalsFeature(page: Page, ledger: SeenLedger, texts: ViewTexts): DismissalsFeature {
  const { doc } = page;
  let lasting = true;
  /** What is known of papers: dismissed for good or not. */
  const dismissed = new Map<string, boolean>();

  const paint = (cards: readonly Card[]) => {
    const listing = isListing(page.kind());
    for (const card of cards) {
      if (lasting && listing && dismissed.get(card.id) === true) fold(card, page.titleOf(card.id));
      else if (card.root.hasAttribute(DISMISSED)) unfold(card.root);
    }
  };
  const paintIds = (ids: ReadonlySet<string>) => paint(page.cards().filter((card) => ids.has(card.id)));

  /** Learns what the ledger says of papers not known here yet (a broadcast may have said first). */
  const learn = (ids: readonly string[]) => {
    const fresh = ids.filter((id) => !dismissed.has(id) && ledger.get(id) !== undefined);
    if (fresh.length === 0) return;
    for (const id of fresh) dismissed.set(id, ledger.get(id)?.dismissed !== undefined);
    paintIds(new Set(fresh));
    page.signals.emit('summaryChanged');
  };
  ledger.onAnswer((ids) => {
    if (lasting) learn(ids);
  });
  const fetch = async (ids: readonly string[]) => {
    learn(ids);
    await ledger.read(ids.filter((id) => !dismissed.has(id)));
  };

  const change = (ids: readonly string[], to: boolean) => {
    for (const id of ids) dismissed.set(id, to);
    paintIds(new Set(ids));
    page.signals.emit('summaryChanged');
  };

  const send = (id: string, to: boolean) => {
    // A dismissed paper's text: the "For you" model's strong negative (issue #17).
    const text = to ? texts.get(id) : undefined;
    const sent: Record<string, PaperText> | undefined = text ? { [id]: text } : undefined;
    return request({ type: 'seen.dismiss', ids: [id], dismissed: to, ...(sent ? { texts: sent } : {}) }).catch((error: unknown) => {
      change([id], !to);
      showToast(doc, `Paperlight could not ${to ? 'dismiss' : 'show'} “${page.titleOf(id)}”: ${String(error)}`);
    });
  };

  const onClick = (event: Event) => {
    if (!event.isTrusted) return;
    const stub = event.target instanceof Element ? event.target.closest(`[data-paperlight="${STUB}"]`) : null;
    const id = stub?.getAttribute('data-paperlight-for');
    if (!id) return;
    event.preventDefault();
    event.stopPropagation();
    feature.undismiss(id);
  };
  doc.addEventListener('click', onClick, true);

  const settingsChanged = (settings: { lastingDismiss?: boolean }) => {
    lasting = settings.lastingDismiss ?? true;
    paint(page.cards());
    if (lasting) void fetch(page.cards().map((card) => card.id));
  };
  const settingsRead = page
    .settings()
    .then(settingsChanged)
    .catch((error: unknown) => console.warn('[paperlight] could not read the settings; dismissals last', error));
  const stopSettings = onPageBroadcast('settings.changed', (change) => settingsChanged(change.settings));
  const stopDismissed = onPageBroadcast('seen.dismissed', (broadcast) => change(broadcast.ids, broadcast.dismissed));

  const feature: DismissalsFeature = {
    name: 'dismissals',
    // Known dismissals fold before the browser paints a re-rendered card.
    annotated: (cards) => paint(cards.filter((card) => dismissed.get(card.id) === true)),
    cardsFound: async (ids) => {
      await settingsRead;
      if (lasting) await fetch(ids);
    },
    passDone: (cards) => paint(cards),
    forget: () => dismissed.clear(),
    stop: () => {
      doc.removeEventListener('click', onClick, true);
      stopSettings();
      stopDismissed();
      for (const root of doc.querySelectorAll(`[${DISMISSED}]`)) unfold(root);
    },
    dismiss(id) {
      if (!lasting || !isListing(page.kind())) return false;
      change([id], true);
      void send(id, true);
      return true;
    },
    undismiss(id) {
      if (dismissed.get(id) !== true) return;
      change([id], false);
      void send(id, false);
    },
  };
  return feature;
}
