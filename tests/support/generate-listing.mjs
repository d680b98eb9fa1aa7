// Builds Daily Papers listings of any size from the recorded 2026-layout day
// (tests/fixtures/hf-papers-date-2024-08-01.html), for the benchmark and for tests that need more
// cards than a real day has. Plain string work rather than a DOM round trip, so the rest of the page
// stays byte-for-byte the recorded one and only the cards and the blob change.
import { fixtureHtml } from './fixtures.mjs';
import { readBlob, replaceBlobText } from './page-variants.mjs';

export const SOURCE_FIXTURE = 'hf-papers-date-2024-08-01.html';

/**
 * The recorded pages cards are cloned from: the 2026 day (each card in its own wrapper `div`), and
 * the search results for "causal" (cards with abstracts, listed under `searchResults`).
 */
const SOURCES = {
  day: { file: SOURCE_FIXTURE, block: /<div><article\b[\s\S]*?<\/article><\/div>/g, list: 'dailyPapers' },
  search: { file: 'hf-papers-search-causal.html', block: /<article\b[\s\S]*?<\/article>/g, list: 'searchResults' },
};
/** Fake ids live in a block real July 2024 ids never reached, so they can't collide with fixtures. */
const FAKE_PREFIX = '2407.9';
const MAX_CARDS = 10_000;

/**
 * The fake arXiv id of the `index`-th generated card (`2407.90000`, `2407.90001`, …).
 * @param {number} index
 */
export function fakeId(index) {
  return FAKE_PREFIX + String(index).padStart(4, '0');
}

/** @param {string} value */
function escapeRegExp(value) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Points every link of a card at another paper: title and thumbnail links, `#community` links and
 * the URL-encoded `/login?next=%2Fpapers%2F<id>`. Only `href`s change: the thumbnail `src` stays
 * the recorded paper's, so a 1,000-card page asks for 13 images, not 1,000 (each one a round trip
 * through the test's network routing, which would swamp what is being measured). The lookarounds
 * keep `2407.2178` from matching inside `2407.21783`.
 * @param {string} card
 * @param {string} from
 * @param {string} to
 */
function relinkCard(card, from, to) {
  const id = new RegExp(`(?<![\\d.])${escapeRegExp(from)}(?![\\d])`, 'g');
  return card.replace(/\bhref="[^"]*"/g, (href) => href.replace(id, to));
}

/**
 * @typedef {{ paper: { id: string } & Record<string, unknown> } & Record<string, unknown>} BlobItem
 * @typedef {Record<string, BlobItem[]> & Record<string, unknown>} Blob
 * @typedef {keyof typeof SOURCES} SourceName
 */

/**
 * A recorded page cut into what comes before the cards, the cards, and what follows, plus its
 * parsed blob. Cached: the fixtures never change during a run.
 * @type {Map<SourceName, { head: string, cards: { id: string, html: string }[], tail: string, blob: Blob }>}
 */
const sources = new Map();

/** @param {SourceName} name */
function loadSource(name) {
  const cached = sources.get(name);
  if (cached) return cached;
  const { file, block: cardBlock } = SOURCES[name];
  const html = fixtureHtml(file);
  const blocks = [...html.matchAll(cardBlock)];
  const first = blocks[0];
  const last = blocks.at(-1);
  if (!first || !last) throw new Error(`${file}: no article cards found`);
  const cards = blocks.map((block) => {
    const id = /href="\/papers\/(\d{4}\.\d{4,5})"/.exec(block[0])?.[1];
    if (!id) throw new Error(`${file}: a card has no /papers/<id> link`);
    return { id, html: block[0] };
  });
  /** @type {Blob} */
  const blob = readBlob(html);
  const source = {
    head: html.slice(0, first.index),
    cards,
    tail: html.slice(last.index + last[0].length),
    blob,
  };
  sources.set(name, source);
  return source;
}

/**
 * Blob items for the generated cards: the recorded item of the card each one was cloned from,
 * under the new id, so the blob and the markup agree as they do on the site. The `thumbnail`
 * stays the recorded one, like the card's `img`.
 * @param {BlobItem[]} items
 * @param {{ id: string }[]} cards
 * @param {number} count
 * @returns {BlobItem[]}
 */
function blobItems(items, cards, count) {
  const byId = new Map(items.map((item) => [item.paper.id, item]));
  return Array.from({ length: count }, (_, index) => {
    const card = /** @type {{ id: string }} */ (cards[index % cards.length]);
    const item = byId.get(card.id);
    if (!item) throw new Error(`${card.id} is on the page but not in the blob`);
    return { ...item, paper: { ...item.paper, id: fakeId(index) } };
  });
}

/**
 * A Daily Papers listing with `count` cards (the recorded ones cloned round-robin: the day's 13,
 * or the 44 search results with their abstracts), each with a distinct fake arXiv id (`fakeId(i)`),
 * and a `DailyPapers` blob listing the same papers in order.
 * @param {number} count 1 – 10,000
 * @param {SourceName} [from]
 * @returns {string} the page's HTML
 */
export function listingPage(count, from = 'day') {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CARDS) {
    throw new RangeError(`listingPage: count must be an integer from 1 to ${MAX_CARDS}, got ${count}`);
  }
  const { head, cards, tail, blob } = loadSource(from);
  const list = SOURCES[from].list;
  const articles = Array.from({ length: count }, (_, index) => {
    const card = /** @type {{ id: string, html: string }} */ (cards[index % cards.length]);
    return relinkCard(card.html, card.id, fakeId(index));
  });
  const pageHead = replaceBlobText(head, JSON.stringify({ ...blob, [list]: blobItems(blob[list] ?? [], cards, count) }));
  return pageHead + articles.join('\n') + tail;
}
