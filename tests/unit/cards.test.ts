import { describe, expect, it, vi } from 'vitest';
import { annotate, discover, unannotate, type BarBuilder } from '@/lib/content/annotate';
import { findCards, findPaperTitle, type Card } from '@/lib/site/cards';
import { pageKind, paperIdFromHref } from '@/lib/site/page-kind';
import { LISTING_FIXTURES, PAPER_FIXTURE, fixtureEntry, loadFixture, parseHtml } from './fixtures';

const LINK = 'a[href^="/papers/"], a[href^="https://huggingface.co/papers/"]';

/** The paper ids linked from inside `el`, ignoring Paperlight's own UI. */
function idsIn(el: Element): Set<string> {
  const ids = new Set<string>();
  for (const link of el.querySelectorAll(LINK)) {
    if (link.closest('[data-paperlight-ui]')) continue;
    const href = link.getAttribute('href')?.replace('https://huggingface.co', '') ?? null;
    const id = paperIdFromHref(href);
    if (id) ids.add(id);
  }
  return ids;
}

function ids(cards: Card[]): string[] {
  return cards.map((card) => card.id);
}

function page(body: string): Document {
  return parseHtml(`<!doctype html><html><head></head><body>${body}</body></html>`);
}

function bars(doc: Document): HTMLElement[] {
  return [...doc.querySelectorAll<HTMLElement>('[data-paperlight="bar"]')];
}

describe('findCards on the recorded pages', () => {
  it.each(LISTING_FIXTURES)('%s: exactly the listed papers, in page order', (file) => {
    const cards = findCards(loadFixture(file));
    expect(ids(cards)).toEqual(fixtureEntry(file).papers);
  });

  it.each(LISTING_FIXTURES)('%s: each card is its article, titled by its h3', (file) => {
    const cards = findCards(loadFixture(file));
    const articles = [...loadFixture(file).querySelectorAll('article')];
    expect(cards.map((card) => card.root)).toEqual(articles);
    for (const card of cards) {
      expect(card.root.tagName).toBe('ARTICLE');
      expect(card.title.tagName).toBe('H3');
      expect(card.root.contains(card.title)).toBe(true);
      expect(card.title.querySelector('a')?.getAttribute('href')).toBe(`/papers/${card.id}`);
      expect(card.title.textContent?.trim().length).toBeGreaterThan(0);
      expect([...idsIn(card.root)]).toEqual([card.id]);
    }
  });

  it('2024 page: titles read as the site shows them', () => {
    const [first, second] = findCards(loadFixture('hf-papers-2024-08-01.html'));
    expect(first?.title.textContent?.trim()).toBe('The Llama 3 Herd of Models');
    expect(second?.title.textContent?.trim()).toBe(
      'Tora: Trajectory-oriented Diffusion Transformer for Video Generation',
    );
  });

  it('the paper page has no listing cards to speak of, but a title', () => {
    const doc = loadFixture(PAPER_FIXTURE);
    const title = findPaperTitle(doc, '2407.21783');
    expect(title?.id).toBe('2407.21783');
    expect(title?.title.tagName).toBe('H1');
    expect(title?.title.textContent?.trim()).toBe('The Llama 3 Herd of Models');
    expect(title?.root).toBe(title?.title.parentElement);
  });
});

describe('findCards on synthetic markup', () => {
  it('a card without an article gets the largest ancestor holding only its paper', () => {
    const doc = page(`
      <main><div data-target="DailyPapers" data-props="{}"><div id="list">
        <div class="card" id="c1">
          <a href="/papers/2407.21783"><img alt=""></a>
          <div><h3><a href="/papers/2407.21783">The Llama 3 Herd of Models</a></h3>
          <a href="/papers/2407.21783#community">5</a></div>
        </div>
        <div class="card" id="c2">
          <a href="/papers/2407.21705"><img alt=""></a>
          <div><h3><a href="/papers/2407.21705">Tora</a></h3></div>
        </div>
        <div class="card" id="c3">
          <div><h3><a href="/papers/2407.21770">MoMa</a></h3></div>
        </div>
      </div></div></main>`);
    const cards = findCards(doc);
    expect(ids(cards)).toEqual(['2407.21783', '2407.21705', '2407.21770']);
    expect(cards.map((card) => card.root.id)).toEqual(['c1', 'c2', 'c3']);
    for (const card of cards) {
      expect(card.title.tagName).toBe('H3');
      expect([...idsIn(card.root)]).toEqual([card.id]);
    }
  });

  it('never grows a lone card past the list container, main or body', () => {
    const alone = page(`<main><div data-target="DailyPapers" data-props="{}"><div id="outer"><div id="card">
      <h3><a href="/papers/2407.21783">Only paper</a></h3></div></div></div></main>`);
    const [card] = findCards(alone);
    expect(card?.root.id).toBe('outer');
    const bare = page(`<div id="wrap"><h3><a href="/papers/2407.21783">Only paper</a></h3></div>`);
    expect(findCards(bare)[0]?.root.id).toBe('wrap');
  });

  it('a flat list (no per-card container) still yields one card per paper', () => {
    const doc = page(`<main><div id="list">
      <h3><a href="/papers/2407.21783">A</a></h3><p>one</p>
      <h3><a href="/papers/2407.21705">B</a></h3><p>two</p></div></main>`);
    const cards = findCards(doc);
    expect(ids(cards)).toEqual(['2407.21783', '2407.21705']);
    for (const card of cards) expect([...idsIn(card.root)]).toEqual([card.id]);
  });

  it('ignores links that are not paper pages', () => {
    const doc = page(`<main>
      <nav><a href="/papers/trending">Trending</a> <a href="/papers/date/2024-07-31">Previous</a>
      <a href="/papers/week/2024-W31">Week</a> <a href="/papers?date=2024-08-02">Next</a>
      <a href="/papers/submit">Submit</a> <a href="/papers/2407.21783.md">md</a>
      <a href="/login?next=%2Fpapers%2F2407.21705">Log in</a> <a href="https://arxiv.org/abs/2407.21770">arXiv</a></nav>
      <article><h3><a href="/papers/2407.21783">Llama</a></h3></article></main>`);
    const cards = findCards(doc);
    expect(ids(cards)).toEqual(['2407.21783']);
    expect(cards[0]?.root.tagName).toBe('ARTICLE');
  });

  it("ignores paper links inside Paperlight's own UI", () => {
    const doc = page(`<main>
      <article id="a1"><h3><a href="/papers/2407.21783">Llama</a></h3>
        <div data-paperlight-ui><a href="/papers/2407.21705">related: Tora</a></div></article>
      <aside data-paperlight-ui=""><h3><a href="/papers/2407.21770">Reading list: MoMa</a></h3></aside></main>`);
    const cards = findCards(doc);
    expect(ids(cards)).toEqual(['2407.21783']);
    // The foreign link in our UI does not make the article look like it holds two papers.
    expect(cards[0]?.root.id).toBe('a1');
  });

  it('recognises absolute links to huggingface.co paper pages', () => {
    const doc = page(`<main><article><h3><a href="https://huggingface.co/papers/2407.21783">Llama</a></h3></article></main>`);
    expect(ids(findCards(doc))).toEqual(['2407.21783']);
  });

  it('without a heading, the title is the link with the most text', () => {
    const doc = page(`<main><article id="a">
      <a href="/papers/2407.21783"><img alt=""></a>
      <a href="/papers/2407.21783" id="t">The Llama 3 Herd of Models</a>
      <a href="/papers/2407.21783#community">5</a></article></main>`);
    const [card] = findCards(doc);
    expect(card?.title.id).toBe('t');
    expect(card?.root.id).toBe('a');
  });

  it('search titles with highlight spans keep the whole h3 as title', () => {
    const doc = page(`<main><article><h3><a href="/papers/2510.07364">Base Models Know How to
      <span class="highlight">Reason</span></a></h3><a href="/papers/2510.07364"><p>abstract</p></a></article></main>`);
    const [card] = findCards(doc);
    expect(card?.title.tagName).toBe('H3');
    expect(card?.title.textContent?.replace(/\s+/g, ' ').trim()).toBe('Base Models Know How to Reason');
  });

  it('an article that holds two papers is not a card root', () => {
    const doc = page(`<main><article id="both">
      <div id="c1"><h3><a href="/papers/2407.21783">A</a></h3></div>
      <div id="c2"><h3><a href="/papers/2407.21705">B</a></h3></div></article></main>`);
    expect(findCards(doc).map((card) => card.root.id)).toEqual(['c1', 'c2']);
  });

  it('an empty page has no cards', () => {
    expect(findCards(page('<main><p>No papers today</p></main>'))).toEqual([]);
  });
});

describe('findPaperTitle', () => {
  it('prefers the h1 inside the PaperContent blob', () => {
    const doc = page(`<header><h1 id="site">Hugging Face</h1></header>
      <div data-target="PaperContent" data-props="{}"><div id="row"><h1 id="paper">Paper title</h1></div></div>`);
    const card = findPaperTitle(doc, '2407.21783');
    expect(card?.title.id).toBe('paper');
    expect(card?.root.id).toBe('row');
  });

  it('falls back to any h1, and null without one or when the h1 is ours', () => {
    expect(findPaperTitle(page('<div id="r"><h1>T</h1></div>'), '2407.21783')?.root.id).toBe('r');
    expect(findPaperTitle(page('<p>nothing</p>'), '2407.21783')).toBeNull();
    expect(findPaperTitle(page('<div data-paperlight-ui><h1>Ours</h1></div>'), '2407.21783')).toBeNull();
  });
});

describe('annotate', () => {
  const builder = (): BarBuilder & ReturnType<typeof vi.fn> =>
    vi.fn((card: Card) => {
      const button = document.createElement('button');
      button.dataset.paperlight = 'star';
      button.textContent = card.id;
      // A link inside our bar must not confuse the next discovery pass.
      const link = document.createElement('a');
      link.href = '/papers/2404.01300';
      link.textContent = 'elsewhere';
      return [button, link];
    });

  it.each(LISTING_FIXTURES)('%s: one bar per card, right after its title', (file) => {
    const doc = loadFixture(file, true);
    const kind = pageKind(fixtureEntry(file).url);
    const build = builder();
    const result = annotate(doc, discover(doc, kind), build);
    const expected = fixtureEntry(file).papers;
    expect(ids(result.added)).toEqual(expected);
    expect(build).toHaveBeenCalledTimes(expected.length);
    expect(bars(doc).map((bar) => bar.dataset.paperlightFor)).toEqual(expected);
    for (const card of result.cards) {
      const bar = card.title.nextElementSibling as HTMLElement;
      expect(bar.dataset.paperlight).toBe('bar');
      expect(bar.hasAttribute('data-paperlight-ui')).toBe(true);
      expect(bar.dataset.paperlightFor).toBe(card.id);
      expect(bar.querySelector('button')?.textContent).toBe(card.id);
      expect(card.root.getAttribute('data-paperlight-id')).toBe(card.id);
    }
  });

  it('is idempotent: a second (and third) pass adds nothing', () => {
    const file = 'hf-papers-date-2024-08-01.html';
    const doc = loadFixture(file, true);
    const kind = pageKind(fixtureEntry(file).url);
    const build = builder();
    annotate(doc, discover(doc, kind), build);
    const before = bars(doc);
    for (let pass = 0; pass < 2; pass++) {
      const again = annotate(doc, discover(doc, kind), build);
      expect(ids(again.cards)).toEqual(fixtureEntry(file).papers);
      expect(again.added).toEqual([]);
    }
    expect(build).toHaveBeenCalledTimes(13);
    expect(bars(doc)).toEqual(before);
    expect(doc.querySelectorAll('[data-paperlight-id]')).toHaveLength(13);
  });

  /** The 2026 day, annotated once; `card` is its second card (2407.21705). */
  function annotatedDay() {
    const doc = loadFixture('hf-papers-date-2024-08-01.html', true);
    const kind = pageKind(fixtureEntry('hf-papers-date-2024-08-01.html').url);
    const build = builder();
    const card = annotate(doc, discover(doc, kind), build).cards[1] as Card;
    return { doc, kind, build, card };
  }

  it('moves the bar when the site reuses a card for another paper', () => {
    const { doc, kind, build, card } = annotatedDay();
    const oldBar = card.title.nextElementSibling;
    for (const link of card.root.querySelectorAll('a[href^="/papers/2407.21705"]')) {
      link.setAttribute('href', link.getAttribute('href')?.replace('2407.21705', '2501.00001') ?? '');
    }
    const second = annotate(doc, discover(doc, kind), build);
    expect(ids(second.added)).toEqual(['2501.00001']);
    expect(oldBar?.isConnected).toBe(false);
    expect(card.root.getAttribute('data-paperlight-id')).toBe('2501.00001');
    const inCard = [...card.root.querySelectorAll<HTMLElement>('[data-paperlight="bar"]')];
    expect(inCard.map((bar) => bar.dataset.paperlightFor)).toEqual(['2501.00001']);
    expect(bars(doc)).toHaveLength(13);
  });

  it('a title link alone changing its href (mid re-render) leaves one bar for the new paper', () => {
    const { doc, kind, build, card } = annotatedDay();
    card.title.querySelector('a')?.setAttribute('href', '/papers/2501.00001');
    for (let pass = 0; pass < 2; pass++) annotate(doc, discover(doc, kind), build);
    const forNew = bars(doc).filter((bar) => bar.dataset.paperlightFor === '2501.00001');
    expect(forNew).toHaveLength(1);
    expect(card.title.nextElementSibling).toBe(forNew[0]);
    // No paper has two bars, and every bar sits with a root marked for its paper.
    const all = bars(doc).map((bar) => bar.dataset.paperlightFor);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(doc.querySelectorAll(`[data-paperlight-id="${id}"]`)).toHaveLength(1);
  });

  it('keeps its bars on a flat list, where a title is its own card root', () => {
    const doc = page(`<main><div id="list">
      <h3><a href="/papers/2407.21783">A</a></h3><p>one</p>
      <h3><a href="/papers/2407.21705">B</a></h3><p>two</p></div></main>`);
    const build = builder();
    const first = annotate(doc, findCards(doc), build);
    expect(first.added).toHaveLength(2);
    expect(bars(doc).map((bar) => bar.dataset.paperlightFor)).toEqual(['2407.21783', '2407.21705']);
    const second = annotate(doc, findCards(doc), build);
    expect(second.added).toEqual([]);
    expect(bars(doc)).toHaveLength(2);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('removes marks and bars of cards that are gone', () => {
    const doc = page(`<main>
      <article id="a"><h3><a href="/papers/2407.21783">A</a></h3></article>
      <article id="b"><h3><a href="/papers/2407.21705">B</a></h3></article></main>`);
    const build = builder();
    annotate(doc, findCards(doc), build);
    doc.getElementById('b')?.querySelector('h3 a')?.removeAttribute('href');
    const result = annotate(doc, findCards(doc), build);
    expect(ids(result.cards)).toEqual(['2407.21783']);
    expect(bars(doc).map((bar) => bar.dataset.paperlightFor)).toEqual(['2407.21783']);
    expect(doc.getElementById('b')?.hasAttribute('data-paperlight-id')).toBe(false);
  });

  it('annotates the title of a paper page', () => {
    const doc = loadFixture(PAPER_FIXTURE, true);
    const kind = pageKind(fixtureEntry(PAPER_FIXTURE).url);
    const cards = discover(doc, kind);
    expect(ids(cards)).toEqual(['2407.21783']);
    annotate(doc, cards, builder());
    const h1 = doc.querySelector('h1');
    expect(h1?.nextElementSibling?.getAttribute('data-paperlight-for')).toBe('2407.21783');
    expect(h1?.parentElement?.getAttribute('data-paperlight-id')).toBe('2407.21783');
    expect(bars(doc)).toHaveLength(1);
  });

  it('discovers nothing on pages that are not listings or papers', () => {
    const doc = loadFixture('hf-papers-2024-08-01.html');
    expect(discover(doc, { kind: 'other' })).toEqual([]);
    expect(ids(discover(doc, pageKind('https://huggingface.co/papers/week/2024-W31')))).toHaveLength(13);
  });

  it('unannotate removes every bar and mark', () => {
    const file = 'hf-papers-search-causal.html';
    const doc = loadFixture(file, true);
    annotate(doc, discover(doc, pageKind(fixtureEntry(file).url)), builder());
    expect(bars(doc)).toHaveLength(44);
    unannotate(doc);
    expect(bars(doc)).toHaveLength(0);
    expect(doc.querySelectorAll('[data-paperlight-id], [data-paperlight-ui]')).toHaveLength(0);
    // The page is as it was: a new pass finds the same cards again.
    expect(ids(findCards(doc))).toEqual(fixtureEntry(file).papers);
  });
});
