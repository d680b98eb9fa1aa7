/**
 * What Paperlight records about a paper: the page's data blob where it has the paper, the card's
 * own text otherwise (a stale, malformed or missing blob never stops a save).
 */
import type { BlobPaper } from './data-blob';
import { abstractElement, type Card } from './cards';
import { LIMITS } from '../model/limits';
import type { PaperInput } from '../model/records';

const AUTHOR_COUNT = /^\s*(\d+)\s+authors?\s*$/i;

function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Author names the card shows as avatar titles (list cards show up to five). */
function cardAuthors(root: Element): string[] {
  const names: string[] = [];
  for (const li of root.querySelectorAll('li[title]')) {
    const name = li.getAttribute('title')?.trim();
    if (name && !AUTHOR_COUNT.test(name)) names.push(name);
  }
  // The site lists avatars right-to-left (flex-row-reverse); restore reading order.
  return names.reverse();
}

function cardAbstract(card: Card): string | null {
  return textOf(abstractElement(card.root, card.title)) || null;
}

/**
 * The upvote count the card shows: the number inside the upvote control, which is a login link
 * when logged out and a `label` when logged in (the site's own markup, 2024–2026). Search cards
 * show "-" there: no count.
 */
function cardUpvotes(root: Element): number | null {
  const control = root.querySelector('a[href^="/login?next="], label');
  const text = textOf(control).replace(/,/g, '');
  return /^\d+$/.test(text) ? Number(text) : null;
}

function clampUrl(url: string): string {
  if (url.length <= LIMITS.url) return url;
  // Only a huge query makes a listing URL this long: the page itself is enough to go back to.
  const { origin, pathname } = new URL(url);
  return (origin + pathname).slice(0, LIMITS.url);
}

function upvotesOf(blob: BlobPaper | undefined, card: Card): number | null {
  if (typeof blob?.upvotes === 'number') return blob.upvotes >= 0 ? Math.round(blob.upvotes) : null;
  return cardUpvotes(card.root);
}

/** Clamped to the stored record's limits, so an outsized page field shortens a save, never fails it. */
export function paperInfo(card: Card, blob: BlobPaper | undefined, pageUrl: string): PaperInput {
  const title = blob?.title || textOf(card.title) || card.id;
  const authors = blob && blob.authors.length > 0 ? blob.authors : cardAuthors(card.root);
  return {
    id: card.id,
    title: title.slice(0, LIMITS.title),
    authors: authors.slice(0, LIMITS.authors).map((name) => name.slice(0, LIMITS.shortText)),
    abstract: (blob?.abstract ?? cardAbstract(card))?.slice(0, LIMITS.abstract) ?? null,
    publishedAt: blob?.publishedAt?.slice(0, LIMITS.date) ?? null,
    organization: blob?.organization
      ? { name: blob.organization.name.slice(0, LIMITS.shortText), fullname: blob.organization.fullname?.slice(0, LIMITS.shortText) ?? null }
      : null,
    upvotes: upvotesOf(blob, card),
    sourceUrl: clampUrl(pageUrl),
  };
}
