import { describe, expect, it, vi } from 'vitest';
import { discoverGradually, type BarBuilder } from '@/lib/content/annotate';
import { inViewFirst } from '@/lib/content/in-view';
import { runSlicedPass, type PassReport } from '@/lib/content/sliced-pass';
import { cardSource, findCards, listingScope, type Card, type CardSource } from '@/lib/site/cards';
import { pageKind } from '@/lib/site/page-kind';
import { LISTING_FIXTURES, PAPER_FIXTURE, fixtureEntry, loadFixture, parseHtml } from './fixtures';

const keep = <T>(articles: T[]) => articles;

function drain(source: CardSource, batch = 5): Card[] {
  const all: Card[] = [];
  for (let cards = source.take(batch); cards.length > 0; cards = source.take(batch)) all.push(...cards);
  return all;
}

const page = (body: string) => parseHtml(`<!doctype html><html><body>${body}</body></html>`);

describe('cardSource', () => {
  it.each(LISTING_FIXTURES)('%s: article by article, the same cards as a whole-page scan', (file) => {
    const doc = loadFixture(file);
    const scope = listingScope(doc);
    const gradual = drain(cardSource(scope, keep));
    expect(gradual.map((card) => card.id)).toEqual(fixtureEntry(file).papers);
    expect(gradual.map((card) => card.root)).toEqual(findCards(scope).map((card) => card.root));
  });

  it('hands out cards in the order it is given, a batch at a time', () => {
    const doc = loadFixture('hf-papers-date-2024-08-01.html');
    const source = cardSource(listingScope(doc), (articles) => [...articles].reverse());
    const first = source.take(3);
    expect(first.map((card) => card.id)).toEqual(fixtureEntry('hf-papers-date-2024-08-01.html').papers.slice(-3).reverse());
  });

  it('falls back to a whole scan when there are no articles', () => {
    const doc = page(`<main><div><h3><a href="/papers/2407.21783">A</a></h3></div><div><h3><a href="/papers/2407.21705">B</a></h3></div></main>`);
    expect(drain(cardSource(doc, keep)).map((card) => card.id)).toEqual(['2407.21783', '2407.21705']);
  });

  it('falls back to a whole scan when a card sits outside the articles', () => {
    const doc = page(`<main><article><h3><a href="/papers/2407.21783">A</a></h3></article>
      <div class="new-layout"><h3><a href="/papers/2407.21705">B</a></h3></div></main>`);
    const cards = drain(cardSource(doc, keep));
    expect(new Set(cards.map((card) => card.id))).toEqual(new Set(['2407.21783', '2407.21705']));
  });

  it('does not scan again for the site’s own non-paper links outside articles', () => {
    const doc = page(`<main><a href="/papers/trending">Trending</a><a href="/papers/date/2024-07-31">Previous</a>
      <article><h3><a href="/papers/2407.21783">A</a></h3></article></main>`);
    const scope = doc.querySelector('main')!;
    const spy = vi.spyOn(scope, 'querySelectorAll');
    const cards = drain(cardSource(scope, keep));
    expect(cards.map((card) => card.id)).toEqual(['2407.21783']);
    // One look for articles, one for links outside them, and the scan's own looks never happen.
    expect(spy.mock.calls.map(([selector]) => selector).filter((s) => s.startsWith('a[href^="/papers/"], '))).toEqual([]);
  });

  it('an article holding several papers makes the whole scan decide', () => {
    const doc = page(`<main><article><div><h3><a href="/papers/2407.21783">A</a></h3></div>
      <div><h3><a href="/papers/2407.21705">B</a></h3></div></article></main>`);
    const cards = drain(cardSource(doc, keep));
    expect(new Set(cards.map((card) => card.id))).toEqual(new Set(['2407.21783', '2407.21705']));
    for (const card of cards) expect(card.root.tagName).not.toBe('ARTICLE');
  });

  it('the paper page yields its one title', () => {
    const doc = loadFixture(PAPER_FIXTURE);
    const cards = drain(discoverGradually(doc, pageKind(fixtureEntry(PAPER_FIXTURE).url), keep));
    expect(cards.map((card) => card.id)).toEqual(['2407.21783']);
  });
});

describe('inViewFirst', () => {
  const boxes = (bottoms: number[]) =>
    bottoms.map((bottom, index) => ({ id: index, getBoundingClientRect: () => ({ bottom }) }) as unknown as Element);

  it('keeps document order at the top of the page without reading layout', () => {
    const elements = boxes([100, 200, 300]);
    const spies = elements.map((el) => vi.spyOn(el, 'getBoundingClientRect'));
    expect(inViewFirst(elements, 0)).toBe(elements);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('starts at the first element not scrolled past, then wraps around', () => {
    const elements = boxes([-300, -10, 0, 50, 400, 900]);
    expect(inViewFirst(elements, 500).map((el) => (el as unknown as { id: number }).id)).toEqual([3, 4, 5, 0, 1, 2]);
  });
});

describe('runSlicedPass', () => {
  const build: BarBuilder = () => [];

  function run(file: string, options: { isCurrent?: () => boolean; start?: number; onBatch?: (cards: Card[]) => void } = {}) {
    const doc = loadFixture(file, true);
    const yields: (() => void)[] = [];
    const onCards = vi.fn();
    const onDone = vi.fn<(cards: Card[], report: PassReport) => void>();
    runSlicedPass({
      doc,
      source: discoverGradually(doc, pageKind(fixtureEntry(file).url), keep),
      build,
      start: options.start ?? performance.now(),
      isCurrent: options.isCurrent ?? (() => true),
      onBatch: options.onBatch,
      onCards,
      onDone,
      yieldToPage: (next) => yields.push(next),
    });
    return { doc, yields, onCards, onDone };
  }

  it('annotates every card, reports each slice’s cards, and finishes with the full list', () => {
    const file = 'hf-papers-search-causal.html';
    const { doc, yields, onCards, onDone } = run(file);
    while (yields.length > 0) yields.shift()!();
    const expected = fixtureEntry(file).papers;
    expect(onDone).toHaveBeenCalledTimes(1);
    const [cards, report] = onDone.mock.calls[0]!;
    expect(cards.map((card) => card.id)).toEqual(expected);
    expect(report.cards).toBe(expected.length);
    expect(report.annotatedInFirstSlice).toBeGreaterThanOrEqual(24);
    expect(onCards.mock.calls.flatMap(([batch]) => batch.map((card: Card) => card.id))).toEqual(expected);
    expect(doc.querySelectorAll('[data-paperlight="bar"]')).toHaveLength(expected.length);
  });

  it('stops when a newer pass has begun', () => {
    let current = true;
    // A first slice already out of time does its 24 cards and yields: the 44-card page needs more.
    const { yields, onDone } = run('hf-papers-search-causal.html', { isCurrent: () => current, start: performance.now() - 1_000 });
    expect(yields).toHaveLength(1);
    current = false;
    while (yields.length > 0) yields.shift()!();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('counts each batch’s own work (the keyword rules) against the slice’s budget', () => {
    const batches: string[][] = [];
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const { yields, onCards, onDone } = run('hf-papers-search-causal.html', {
      onBatch: (cards) => {
        batches.push(cards.map((card) => card.id));
        busy(3);
      },
    });
    // 8-card batches at 3 ms each: the first slice stops at its 24-card minimum, past its 8 ms.
    expect(batches).toHaveLength(3);
    expect(onCards.mock.calls[0]![0]).toHaveLength(24);
    while (yields.length > 0) yields.shift()!();
    expect(onDone).toHaveBeenCalledTimes(1);
    const [cards, report] = onDone.mock.calls[0]!;
    expect(batches.flat()).toEqual(cards.map((card) => card.id));
    expect(report.firstSliceMs).toBeGreaterThanOrEqual(9);
  });
});
