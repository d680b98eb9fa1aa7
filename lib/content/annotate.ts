/**
 * One annotation pass: find the cards of the current view, give each exactly one Paperlight bar,
 * and take Paperlight's marks off anything that stopped being a card. Idempotent: running it again
 * on an unchanged page changes nothing, so it can follow every re-render.
 */
import { cardSource, findCards, findPaperTitle, listingScope, type Card, type CardSource } from '../site/cards';
import { isListing, type PageKind } from '../site/page-kind';

/** Builds the content of a new bar (the features' controls) for one card. */
export type BarBuilder = (card: Card) => Node[];

export interface PassResult {
  cards: Card[];
  /** Cards that got a new bar in this pass. */
  added: Card[];
}

const ID_ATTR = 'data-paperlight-id';
const BAR_SELECTOR = '[data-paperlight="bar"]';

/** Every card of the view at once (tests, and any caller that wants them all). */
export function discover(doc: Document, kind: PageKind): Card[] {
  if (kind.kind === 'paper') {
    const title = findPaperTitle(doc, kind.id);
    return title ? [title] : [];
  }
  return isListing(kind) ? findCards(listingScope(doc)) : [];
}

/** The view's cards a few at a time, arranged by `arrange` (the content script: in view first). */
export function discoverGradually(doc: Document, kind: PageKind, arrange: (articles: HTMLElement[]) => HTMLElement[]): CardSource {
  if (!isListing(kind)) {
    const pending = discover(doc, kind);
    return { take: (max) => pending.splice(0, max) };
  }
  return cardSource(listingScope(doc), arrange);
}

function hasBar(card: Card): boolean {
  // Fast path: the bar sits right after the title, where annotate puts it.
  const next = card.title.nextElementSibling;
  if (next?.getAttribute('data-paperlight-for') === card.id && next.getAttribute('data-paperlight') === 'bar') return true;
  for (const bar of card.root.querySelectorAll<HTMLElement>(BAR_SELECTOR)) {
    if (bar.getAttribute('data-paperlight-for') === card.id) return true;
  }
  return false;
}

const barTemplates = new WeakMap<Document, HTMLElement>();

function newBar(doc: Document, id: string): HTMLElement {
  let template = barTemplates.get(doc);
  if (!template) {
    template = doc.createElement('div');
    template.className = 'paperlight-bar';
    template.setAttribute('data-paperlight', 'bar');
    template.setAttribute('data-paperlight-ui', '');
    barTemplates.set(doc, template);
  }
  const bar = template.cloneNode(false) as HTMLElement;
  bar.setAttribute('data-paperlight-for', id);
  return bar;
}

/** The card root a bar belongs to: the one around it, or the title-root right before it. */
function ownerOf(bar: Element): Element | null {
  const previous = bar.previousElementSibling;
  if (previous?.hasAttribute(ID_ATTR)) return previous;
  return bar.parentElement?.closest(`[${ID_ATTR}]`) ?? null;
}

/** Marks one card and gives it a bar unless it has one; true when a bar was added. */
export function annotateCard(doc: Document, card: Card, build: BarBuilder): boolean {
  if (card.root.getAttribute(ID_ATTR) !== card.id) card.root.setAttribute(ID_ATTR, card.id);
  if (hasBar(card)) return false;
  const bar = newBar(doc, card.id);
  bar.append(...build(card));
  card.title.after(bar);
  return true;
}

/** A whole pass at once (the content script runs it in slices: see sliced-pass.ts). */
export function annotate(doc: Document, cards: Card[], build: BarBuilder): PassResult {
  const added = cards.filter((card) => annotateCard(doc, card, build));
  sweep(doc, cards);
  return { cards, added };
}

/** Removes marks and bars that no longer belong to a current card (the site reused or moved nodes). */
export function sweep(doc: Document, cards: readonly Card[]): void {
  const roots = new Set<Element>(cards.map((card) => card.root));
  for (const el of doc.querySelectorAll(`[${ID_ATTR}]`)) {
    if (!roots.has(el)) el.removeAttribute(ID_ATTR);
  }
  for (const bar of doc.querySelectorAll<HTMLElement>(BAR_SELECTOR)) {
    const root = ownerOf(bar);
    if (!root || root.getAttribute(ID_ATTR) !== bar.dataset.paperlightFor) bar.remove();
  }
}

/** Takes every trace of Paperlight off the page (the extension was updated or disabled). */
export function unannotate(doc: Document): void {
  sweep(doc, []);
}
