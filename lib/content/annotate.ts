/**
 * One annotation pass: find the cards of the current view, give each exactly one Paperlight bar,
 * and take Paperlight's marks off anything that stopped being a card. Idempotent: running it again
 * on an unchanged page changes nothing, so it can follow every re-render.
 */
import { findCards, findPaperTitle, listingScope, type Card } from '../site/cards';
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

export function discover(doc: Document, kind: PageKind): Card[] {
  if (kind.kind === 'paper') {
    const title = findPaperTitle(doc, kind.id);
    return title ? [title] : [];
  }
  return isListing(kind) ? findCards(listingScope(doc)) : [];
}

function hasBar(card: Card): boolean {
  for (const bar of card.root.querySelectorAll<HTMLElement>(BAR_SELECTOR)) {
    if (bar.dataset.paperlightFor === card.id) return true;
  }
  // A title that is its own root (flat lists: no ancestor holds only this paper) has its bar
  // right after it, outside the root.
  const next = card.title.nextElementSibling;
  return (
    card.root === card.title &&
    next instanceof HTMLElement &&
    next.matches(BAR_SELECTOR) &&
    next.dataset.paperlightFor === card.id
  );
}

/** The card root a bar belongs to: the one around it, or the title-root right before it. */
function ownerOf(bar: Element): Element | null {
  const previous = bar.previousElementSibling;
  if (previous?.hasAttribute(ID_ATTR)) return previous;
  return bar.parentElement?.closest(`[${ID_ATTR}]`) ?? null;
}

export function annotate(doc: Document, cards: Card[], build: BarBuilder): PassResult {
  const added: Card[] = [];
  const roots = new Set<Element>();
  for (const card of cards) {
    roots.add(card.root);
    if (card.root.getAttribute(ID_ATTR) !== card.id) card.root.setAttribute(ID_ATTR, card.id);
    if (hasBar(card)) continue;
    const bar = doc.createElement('div');
    bar.className = 'paperlight-bar';
    bar.dataset.paperlight = 'bar';
    bar.dataset.paperlightUi = '';
    bar.dataset.paperlightFor = card.id;
    bar.append(...build(card));
    card.title.after(bar);
    added.push(card);
  }
  sweep(doc, roots);
  return { cards, added };
}

/** Removes marks and bars that no longer belong to a current card (the site reused or moved nodes). */
function sweep(doc: Document, roots: Set<Element>): void {
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
  sweep(doc, new Set());
}
