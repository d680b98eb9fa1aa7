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
/** Paper-ish links outside any `article`: one engine match, for the check that articles hold every card. */
const LINK_OUTSIDE_ARTICLES = 'a[href^="/papers/"]:not(article a), a[href^="https://huggingface.co/papers/"]:not(article a)';
const HEADING_NAMES = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Containers a card root never grows beyond, even when only one paper is listed. */
const STOP = 'body, main, [data-target="DailyPapers"]';

/** Paper links of the site, each with its arXiv id; read once per pass. */
type LinkIds = Map<HTMLAnchorElement, string>;

function hrefPath(link: HTMLAnchorElement): string | null {
  const href = link.getAttribute('href');
  if (href?.startsWith('https://huggingface.co/')) return href.slice('https://huggingface.co'.length);
  return href;
}

/**
 * Every paper link of the site under `scope` with its id; links inside Paperlight's own UI are
 * left out.
 */
function paperLinks(scope: ParentNode, selector = PAPER_LINK): LinkIds {
  const ids: LinkIds = new Map();
  const ours = new Set<Element>();
  // Few elements are Paperlight's: look inside them rather than up from every link.
  for (const ui of scope.querySelectorAll('[data-paperlight-ui]')) {
    for (const link of ui.querySelectorAll(PAPER_LINK)) ours.add(link);
  }
  for (const link of scope.querySelectorAll<HTMLAnchorElement>(selector)) {
    if (ours.has(link)) continue;
    const id = paperIdFromHref(hrefPath(link));
    if (id) ids.set(link, id);
  }
  return ids;
}

/** The heading a title link sits in, looked for a few levels up (titles are `h3 > a`). */
function headingOf(link: HTMLAnchorElement): HTMLElement | null {
  let el: HTMLElement | null = link.parentElement;
  for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
    if (HEADING_NAMES.has(el.localName)) return el;
  }
  return null;
}

/**
 * The title of each paper, in document order of the paper's first link: its link inside a
 * heading, else its link with the longest text (read only for papers without a heading link).
 */
function titles(links: LinkIds): Map<string, HTMLElement> {
  const result = new Map<string, HTMLElement | null>();
  for (const [link, id] of links) {
    if (result.get(id)) continue;
    result.set(id, headingOf(link));
  }
  const longest = new Map<string, number>();
  for (const [link, id] of links) {
    if (longest.get(id) === -1) continue;
    const current = result.get(id);
    if (current && !longest.has(id)) {
      longest.set(id, -1);
      continue;
    }
    const length = (link.textContent ?? '').trim().length;
    if (length > (longest.get(id) ?? 0) || !current) {
      longest.set(id, length);
      result.set(id, link);
    }
  }
  return result as Map<string, HTMLElement>;
}

/** Which papers each `article` links to, from one upward match per link. */
function articlePapers(links: LinkIds): Map<Element, Set<string>> {
  const byArticle = new Map<Element, Set<string>>();
  for (const [link, id] of links) {
    const article = link.closest('article');
    if (!article) continue;
    let ids = byArticle.get(article);
    if (!ids) byArticle.set(article, (ids = new Set()));
    ids.add(id);
  }
  return byArticle;
}

/** Whether `el` holds links to exactly one paper, `id`. */
function holdsOnly(el: Element, id: string, links: LinkIds): boolean {
  for (const link of el.querySelectorAll<HTMLAnchorElement>(PAPER_LINK)) {
    const other = links.get(link);
    if (other !== undefined && other !== id) return false;
  }
  return true;
}

function rootFor(title: HTMLElement, id: string, links: LinkIds, articles: Map<Element, Set<string>>): HTMLElement {
  const article = title.closest('article');
  const inArticle = article && articles.get(article);
  if (article && inArticle?.size === 1 && inArticle.has(id)) return article;
  let root: HTMLElement = title;
  for (let parent = root.parentElement; parent && !parent.matches(STOP); parent = parent.parentElement) {
    if (!holdsOnly(parent, id, links)) break;
    root = parent;
  }
  return root;
}

/**
 * Where a listing's cards live: the `DailyPapers` hydration element, so paper links elsewhere (the
 * header's search suggestions, banners) never count as cards, even while the site has emptied the
 * list during a navigation; the whole document only when the site stops rendering that element.
 */
export function listingScope(doc: Document): ParentNode {
  return doc.querySelector('[data-target="DailyPapers"]') ?? doc;
}

/** All paper cards under `scope`, in document order, one per arXiv id. */
export function findCards(scope: ParentNode): Card[] {
  const links = paperLinks(scope);
  const articles = articlePapers(links);
  const cards: Card[] = [];
  for (const [id, title] of titles(links)) cards.push({ id, root: rootFor(title, id, links, articles), title });
  return cards;
}

/** Whether some paper link of the site lies outside every article (cards the articles miss). */
function papersOutsideArticles(scope: ParentNode): boolean {
  // The engine's :not() leaves only a few links; the closest() check keeps engines without
  // complex :not() support (happy-dom) correct, just slower.
  for (const link of paperLinks(scope, LINK_OUTSIDE_ARTICLES).keys()) if (!link.closest('article')) return true;
  return false;
}

/** Hands out a listing's cards a few at a time. */
export interface CardSource {
  /** Up to about `max` more cards; an empty array once there are no more. */
  take(max: number): Card[];
}

/**
 * The site's cards are `article`s: this finds them one article at a time, in the order `arrange`
 * gives (the ones in view first), so a pass can stop after a screenful. Where the markup does not
 * fit that (no articles, an article holding several papers, paper links outside articles) the last
 * batch is a scan of the whole scope, which then decides.
 */
export function cardSource(scope: ParentNode, arrange: (articles: HTMLElement[]) => HTMLElement[]): CardSource {
  const articles = arrange([...scope.querySelectorAll<HTMLElement>('article')]);
  let next = 0;
  let needsScan = articles.length === 0;
  let finished = false;
  return {
    take(max) {
      const batch: Card[] = [];
      while (batch.length < max && next < articles.length) {
        const article = articles[next++]!;
        const found = findCards(article);
        if (found.length === 1 && found[0]!.root === article) batch.push(found[0]!);
        else if (found.length > 0) needsScan = true;
      }
      if (batch.length > 0 || finished) return batch;
      finished = true;
      return needsScan || papersOutsideArticles(scope) ? findCards(scope) : [];
    },
  };
}

/**
 * The single paper page: the `h1` is the title and its parent the element holding it (the
 * upvote button sits beside it). Null when the page has no heading to attach to.
 */
export function findPaperTitle(scope: ParentNode, id: string): Card | null {
  const blob = scope.querySelector('[data-target="PaperContent"]');
  const h1 = (blob ?? scope).querySelector<HTMLElement>('h1') ?? scope.querySelector<HTMLElement>('h1');
  if (!h1 || h1.closest('[data-paperlight-ui]')) return null;
  return { id, root: h1.parentElement ?? h1, title: h1 };
}

/**
 * The longest paragraph under `scope` outside the title, when it is long enough to be one: the
 * abstract on search cards and on the paper page (2024–2026 markup shows it as a `p`).
 */
export function abstractElement(scope: ParentNode, title: Element): HTMLElement | null {
  let best: HTMLElement | null = null;
  let bestLength = 0;
  for (const p of scope.querySelectorAll<HTMLElement>('p')) {
    if (title.contains(p) || p.closest('[data-paperlight-ui]')) continue;
    const length = (p.textContent ?? '').trim().length;
    if (length > bestLength) [best, bestLength] = [p, length];
  }
  return bestLength >= 80 ? best : null;
}

/**
 * Where a card shows its title and abstract, for painting matches. A paper page's abstract lives
 * outside the element holding the title, under the page's `PaperContent` hydration element.
 */
export function textRegions(card: Card, doc: Document, paperPage: boolean): { title: HTMLElement; abstract: HTMLElement | null } {
  const scope = paperPage ? (doc.querySelector('[data-target="PaperContent"]') ?? doc.body) : card.root;
  return { title: card.title, abstract: scope ? abstractElement(scope, card.title) : null };
}
