/**
 * Finds the paper cards of a listing or the title of a paper page, keyed by arXiv id from links
 * (`a[href^="/papers/"]`), never by Tailwind classes. Tested on every page in tests/fixtures/
 * (2024 and 2026 list cards, search cards with abstracts, the paper page).
 */
import { paperIdFromHref } from './page-kind';

export interface Card {
  id: string;
  /** The card root: the nearest `article`, or the largest ancestor holding only this paper. */
  root: HTMLElement;
  /** The heading (or link) that carries the title; Paperlight's bar goes right after it. */
  title: HTMLElement;
}

const PAPER_LINK = 'a[href^="/papers/"], a[href^="https://huggingface.co/papers/"]';
const HEADING = 'h1, h2, h3, h4, h5, h6';
/** Containers a card root never grows beyond, even when only one paper is listed. */
const STOP = 'body, main, [data-target="DailyPapers"]';

interface Candidate {
  links: HTMLAnchorElement[];
}

function hrefPath(link: HTMLAnchorElement): string | null {
  const href = link.getAttribute('href');
  if (href?.startsWith('https://huggingface.co/')) return href.slice('https://huggingface.co'.length);
  return href;
}

/** Links inside Paperlight's own UI are not the site's. */
function isOurs(el: Element): boolean {
  return el.closest('[data-paperlight-ui]') !== null;
}

function pickTitle(links: HTMLAnchorElement[]): HTMLElement | null {
  let best: HTMLAnchorElement | null = null;
  let bestLength = 0;
  for (const link of links) {
    const heading = link.closest(HEADING);
    if (heading) return heading as HTMLElement;
    const length = (link.textContent ?? '').trim().length;
    if (length > bestLength) {
      best = link;
      bestLength = length;
    }
  }
  return best;
}

function rootFor(title: HTMLElement, id: string, idsBelow: (el: Element) => Set<string>): HTMLElement {
  const article = title.closest('article');
  if (article) {
    const ids = idsBelow(article);
    if (ids.size === 1 && ids.has(id)) return article;
  }
  let root: HTMLElement = title;
  for (let parent = root.parentElement; parent && !parent.matches(STOP); parent = parent.parentElement) {
    const ids = idsBelow(parent);
    if (ids.size !== 1) break;
    root = parent;
  }
  return root;
}

/**
 * Where a listing's cards live: the `DailyPapers` hydration element when it holds paper links, so
 * paper links elsewhere (the header's search suggestions, banners) never count as cards; the whole
 * document when the site stops rendering that element.
 */
export function listingScope(doc: Document): ParentNode {
  const listing = doc.querySelector('[data-target="DailyPapers"]');
  return listing?.querySelector(PAPER_LINK) ? listing : doc;
}

/** All paper cards under `scope`, in document order, one per arXiv id. */
export function findCards(scope: ParentNode): Card[] {
  const byId = new Map<string, Candidate>();
  const idsUnder = new Map<Element, Set<string>>();
  for (const link of scope.querySelectorAll<HTMLAnchorElement>(PAPER_LINK)) {
    const id = paperIdFromHref(hrefPath(link));
    if (!id || isOurs(link)) continue;
    let candidate = byId.get(id);
    if (!candidate) byId.set(id, (candidate = { links: [] }));
    candidate.links.push(link);
  }
  // Which paper ids sit below an element, computed lazily per element and only for ancestors of
  // title links, so a 1,000-card page costs one upward walk per link.
  const idsBelow = (el: Element): Set<string> => {
    let ids = idsUnder.get(el);
    if (ids) return ids;
    ids = new Set();
    for (const link of el.querySelectorAll<HTMLAnchorElement>(PAPER_LINK)) {
      const id = paperIdFromHref(hrefPath(link));
      if (id && !isOurs(link)) ids.add(id);
      if (ids.size > 1) break;
    }
    idsUnder.set(el, ids);
    return ids;
  };
  const cards: Card[] = [];
  for (const [id, { links }] of byId) {
    const title = pickTitle(links);
    if (!title) continue;
    cards.push({ id, root: rootFor(title, id, idsBelow), title });
  }
  return cards;
}

/**
 * The single paper page: the `h1` is the title and its parent the element holding it (the
 * upvote button sits beside it). Null when the page has no heading to attach to.
 */
export function findPaperTitle(scope: ParentNode, id: string): Card | null {
  const blob = scope.querySelector('[data-target="PaperContent"]');
  const h1 = (blob ?? scope).querySelector<HTMLElement>('h1') ?? scope.querySelector<HTMLElement>('h1');
  if (!h1 || isOurs(h1)) return null;
  return { id, root: h1.parentElement ?? h1, title: h1 };
}
