/**
 * Which view of huggingface.co/papers a URL shows. All URL knowledge of the site lives here.
 * Tested against the URL tables in tests/unit/page-kind.test.ts (taken from the site's own links
 * and the recorded pages in tests/fixtures/).
 */
import { ARXIV_ID } from '../model/arxiv-id';

export type PageKind =
  | { kind: 'day'; date: string | null }
  | { kind: 'week'; week: string }
  | { kind: 'month'; month: string }
  | { kind: 'trending' }
  | { kind: 'search'; query: string; within: 'day' | 'week' | 'month' | 'trending' }
  | { kind: 'paper'; id: string }
  | { kind: 'other' };

export type ListingKind = Exclude<PageKind, { kind: 'paper' } | { kind: 'other' }>;

const HOST = 'huggingface.co';
/**
 * The pages Paperlight's content scripts run on (manifest match patterns): every view of Daily
 * Papers. Both content scripts (the early read and the main one) use it: the early read is only of
 * use where the main script runs.
 */
export const PAPERS_MATCHES = ['https://huggingface.co/papers*'];
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEK = /^\d{4}-W\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

export function isArxivId(value: string): boolean {
  return ARXIV_ID.test(value);
}

/** The arXiv id a link to a paper page points at, or null (`/papers/2407.21783#community` counts). */
export function paperIdFromHref(href: string | null): string | null {
  if (!href) return null;
  const path = href.split(/[?#]/, 1)[0] ?? '';
  const match = PAPER_PATH.exec(path);
  return match?.[1] ?? null;
}

export function pageKind(input: string | URL): PageKind {
  let url: URL;
  try {
    url = new URL(input.toString());
  } catch {
    return { kind: 'other' };
  }
  if (url.hostname !== HOST || url.protocol !== 'https:') return { kind: 'other' };
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const query = url.searchParams.get('q');
  const dateParam = url.searchParams.get('date');

  const paper = PAPER_PATH.exec(path);
  if (paper?.[1]) return { kind: 'paper', id: paper[1] };

  const listing = listingFromPath(path, dateParam);
  if (!listing) return { kind: 'other' };
  if (query !== null && query.trim() !== '') {
    return { kind: 'search', query, within: listing.kind };
  }
  return listing;
}

function listingFromPath(path: string, dateParam: string | null): Exclude<ListingKind, { kind: 'search' }> | null {
  if (path === '/papers') {
    if (dateParam !== null && !DATE.test(dateParam)) return null;
    return { kind: 'day', date: dateParam };
  }
  const [, first, second, third, ...rest] = path.split('/');
  if (first !== 'papers' || rest.length > 0) return null;
  if (second === 'trending' && third === undefined) return { kind: 'trending' };
  if (third === undefined) return null;
  if (second === 'date' && DATE.test(third)) return { kind: 'day', date: third };
  if (second === 'week' && WEEK.test(third)) return { kind: 'week', week: third };
  if (second === 'month' && MONTH.test(third)) return { kind: 'month', month: third };
  return null;
}

export function isListing(kind: PageKind): kind is ListingKind {
  return kind.kind !== 'paper' && kind.kind !== 'other';
}

export function paperUrl(id: string): string {
  return `https://${HOST}/papers/${id}`;
}
