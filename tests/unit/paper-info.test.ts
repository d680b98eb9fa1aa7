import { describe, expect, it } from 'vitest';
import { findCards, findPaperTitle, type Card } from '@/lib/site/cards';
import { readPageData, type BlobPaper } from '@/lib/site/data-blob';
import { paperInfo } from '@/lib/site/paper-info';
import { PaperInput } from '@/lib/model/records';
import { PAPER_FIXTURE, fixtureEntry, loadFixture, parseHtml } from './fixtures';

const XSS = '<img src=x onerror=alert(1)>';

function cardOf(file: string, id: string): Card {
  const card = findCards(loadFixture(file)).find((c) => c.id === id);
  if (!card) throw new Error(`${id} is not a card of ${file}`);
  return card;
}

function blobOf(file: string, id: string): BlobPaper {
  const paper = readPageData(loadFixture(file)).papers.get(id);
  if (!paper) throw new Error(`${id} is not in the blob of ${file}`);
  return paper;
}

function blob(overrides: Partial<BlobPaper> = {}): BlobPaper {
  return {
    id: '2407.21783',
    title: 'From the blob',
    authors: ['Blob Author'],
    abstract: 'Blob abstract',
    publishedAt: '2024-07-31T17:54:27.000Z',
    organization: { name: 'meta-llama', fullname: 'Meta Llama' },
    upvotes: 94,
    keywords: [],
    ...overrides,
  };
}

function syntheticCard(body: string): Card {
  const doc = parseHtml(`<!doctype html><html><body><main>${body}</main></body></html>`);
  const [card] = findCards(doc);
  if (!card) throw new Error('no card in the snippet');
  return card;
}

const URL_2026 = fixtureEntry('hf-papers-date-2024-08-01.html').url;

describe('paperInfo: the blob wins', () => {
  it('on a listing, every field comes from the blob', () => {
    const file = 'hf-papers-date-2024-08-01.html';
    const info = paperInfo(cardOf(file, '2407.21783'), blobOf(file, '2407.21783'), URL_2026);
    expect(info).toMatchObject({
      id: '2407.21783',
      title: 'The Llama 3 Herd of Models',
      publishedAt: '2024-07-31T17:54:27.000Z',
      organization: null,
      upvotes: 94,
      sourceUrl: URL_2026,
    });
    expect(info.authors).toHaveLength(533);
    expect(info.authors[0]).toBe('Abhimanyu Dubey');
    expect(info.abstract).toMatch(/^Modern artificial intelligence/);
    expect(PaperInput.safeParse(info).success).toBe(true);
  });

  it('on a search page: blob abstract and organization, no upvotes', () => {
    const file = 'hf-papers-search-causal.html';
    const info = paperInfo(cardOf(file, '2605.12496'), blobOf(file, '2605.12496'), fixtureEntry(file).url);
    expect(info).toMatchObject({
      title: 'CausalCine: Real-Time Autoregressive Generation for Multi-Shot Video Narratives',
      organization: { name: 'antgroup', fullname: 'Ant Group' },
      upvotes: null,
      authors: [],
    });
    expect(info.abstract).toMatch(/^Autoregressive video generation/);
    expect(PaperInput.safeParse(info).success).toBe(true);
  });

  it('on the paper page', () => {
    const doc = loadFixture(PAPER_FIXTURE);
    const card = findPaperTitle(doc, '2407.21783');
    if (!card) throw new Error('no title');
    const info = paperInfo(card, readPageData(doc).papers.get('2407.21783'), fixtureEntry(PAPER_FIXTURE).url);
    expect(info.title).toBe('The Llama 3 Herd of Models');
    expect(info.authors).toHaveLength(533);
    expect(PaperInput.safeParse(info).success).toBe(true);
  });

  it('uses the blob even when the card says something else', () => {
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783">From the card</a></h3>
      <ul><li title="Card Author"></li></ul></article>`);
    expect(paperInfo(card, blob(), URL_2026)).toMatchObject({ title: 'From the blob', authors: ['Blob Author'] });
  });
});

describe('paperInfo: DOM fallback', () => {
  it('without a blob, reads title and avatar authors from the real 2024 card, in reading order', () => {
    const file = 'hf-papers-2024-08-01.html';
    const info = paperInfo(cardOf(file, '2407.21705'), undefined, fixtureEntry(file).url);
    expect(info).toEqual({
      id: '2407.21705',
      title: 'Tora: Trajectory-oriented Diffusion Transformer for Video Generation',
      // The site renders avatars reversed (flex-row-reverse); the blob order is the reading order.
      authors: ['zhenghao123', 'Le0jc', 'sculmh', 'Long Qin', 'Weizhi Wang'],
      abstract: null,
      publishedAt: null,
      organization: null,
      // The number in the card's upvote control (a login link when logged out).
      upvotes: 24,
      sourceUrl: fixtureEntry(file).url,
    });
    expect(PaperInput.safeParse(info).success).toBe(true);
  });

  it('every card of every listing yields a valid record without its blob', () => {
    for (const file of ['hf-papers-2024-08-01.html', 'hf-papers-date-2024-08-01.html', 'hf-papers-search-causal.html']) {
      for (const card of findCards(loadFixture(file))) {
        const info = paperInfo(card, undefined, fixtureEntry(file).url);
        expect(info.title.length, `${file} ${card.id}`).toBeGreaterThan(0);
        expect(PaperInput.safeParse(info).success, `${file} ${card.id}`).toBe(true);
      }
    }
  });

  it('on a search card, the abstract is the long paragraph', () => {
    const file = 'hf-papers-search-causal.html';
    const info = paperInfo(cardOf(file, '2510.07364'), undefined, fixtureEntry(file).url);
    expect(info.title).toBe('Base Models Know How to Reason, Thinking Models Learn When');
    expect(info.abstract).toBe(blobOf(file, '2510.07364').abstract?.replace(/\s+/g, ' '));
    expect([...info.authors].sort()).toEqual(['Author 1', 'Author 2', 'Author 3', 'Author 4', 'Author 5']);
  });

  it('a blob with no title or authors falls back to the card for those', () => {
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783">  The   Llama 3
      Herd </a></h3><ul class="flex-row-reverse"><li title="Second"></li><li title="First"></li>
      <li title="533 authors"></li><li title=" 1 author "></li><li title="  "></li></ul></article>`);
    const info = paperInfo(card, blob({ title: null, authors: [] }), URL_2026);
    expect(info.title).toBe('The Llama 3 Herd');
    expect(info.authors).toEqual(['First', 'Second']);
    expect(info.abstract).toBe('Blob abstract');
  });

  it('short paragraphs and paragraphs inside the title are not an abstract', () => {
    const long = 'x'.repeat(200);
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783"><p>${long}</p></a></h3>
      <p>May 11</p><p>${'y'.repeat(79)}</p></article>`);
    expect(paperInfo(card, undefined, URL_2026).abstract).toBeNull();
    const withAbstract = syntheticCard(`<article><h3><a href="/papers/2407.21783">T</a></h3>
      <p>short</p><p>  ${'word '.repeat(30)} </p></article>`);
    expect(paperInfo(withAbstract, undefined, URL_2026).abstract).toBe('word '.repeat(30).trim());
  });

  it('a card with no title text falls back to the id', () => {
    const doc = parseHtml('<article><h3> </h3></article>');
    const root = doc.querySelector('article') as HTMLElement;
    const card: Card = { id: '2407.21783', root, title: root.querySelector('h3') as HTMLElement };
    expect(paperInfo(card, undefined, URL_2026).title).toBe('2407.21783');
    expect(paperInfo(card, blob({ title: '' }), URL_2026).title).toBe('2407.21783');
  });

  it('clamps very long titles to what the store accepts', () => {
    const info = paperInfo(syntheticCard(`<article><h3><a href="/papers/2407.21783">t</a></h3></article>`), blob({ title: 'T'.repeat(5_000) }), URL_2026);
    expect(info.title).toHaveLength(1_000);
    expect(PaperInput.safeParse(info).success).toBe(true);
  });

  it('clamps every outsized field, so a save is shortened and never refused', () => {
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783">t</a></h3></article>`);
    const huge = blob({
      abstract: 'A'.repeat(30_000),
      authors: Array.from({ length: 6_000 }, (_, i) => `Author ${i} ${'x'.repeat(i === 0 ? 3_000 : 0)}`),
      publishedAt: '2024-07-31T17:54:27.000Z'.repeat(3),
      organization: { name: 'o'.repeat(3_000), fullname: 'O'.repeat(3_000) },
    });
    const info = paperInfo(card, huge, `https://huggingface.co/papers?q=${'q'.repeat(3_000)}`);
    expect(PaperInput.safeParse(info).success).toBe(true);
    expect(info.abstract).toHaveLength(20_000);
    expect(info.authors).toHaveLength(5_000);
    expect(info.sourceUrl).toBe('https://huggingface.co/papers');
  });

  it('reads upvotes from the card’s control (login link or label) when the blob has none', () => {
    const logged = (control: string) =>
      syntheticCard(`<article>${control}<h3><a href="/papers/2407.21783">t</a></h3></article>`);
    expect(paperInfo(logged('<label><input type="checkbox"><div>1,204</div></label>'), undefined, URL_2026).upvotes).toBe(1204);
    expect(paperInfo(logged('<a href="/login?next=%2Fpapers%2F2407.21783"><div> 7 </div></a>'), undefined, URL_2026).upvotes).toBe(7);
    expect(paperInfo(logged('<a href="/login?next=%2Fpapers%2F2407.21783"><div>-</div></a>'), undefined, URL_2026).upvotes).toBeNull();
    expect(paperInfo(logged(''), blob({ upvotes: null }), URL_2026).upvotes).toBeNull();
  });

  it('only keeps non-negative upvotes, as integers', () => {
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783">t</a></h3></article>`);
    expect(paperInfo(card, blob({ upvotes: -3 }), URL_2026).upvotes).toBeNull();
    expect(paperInfo(card, blob({ upvotes: 4.6 }), URL_2026).upvotes).toBe(5);
    expect(paperInfo(card, blob({ upvotes: 0 }), URL_2026).upvotes).toBe(0);
    expect(paperInfo(card, blob({ upvotes: null }), URL_2026).upvotes).toBeNull();
  });
});

describe('paperInfo: page text is never HTML', () => {
  it('an HTML-like blob title stays literal text', () => {
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783">t</a></h3></article>`);
    const info = paperInfo(card, blob({ title: XSS, authors: [XSS], abstract: XSS }), URL_2026);
    expect(info.title).toBe(XSS);
    expect(info.authors).toEqual([XSS]);
    expect(info.abstract).toBe(XSS);
    expect(PaperInput.parse(info).title).toBe(XSS);
  });

  it('an HTML-like heading stays literal text and creates no element', () => {
    const card = syntheticCard(`<article><h3><a href="/papers/2407.21783">&lt;img src=x onerror=alert(1)&gt;</a></h3>
      <ul><li title="&lt;script&gt;alert(1)&lt;/script&gt;"></li></ul></article>`);
    const info = paperInfo(card, undefined, URL_2026);
    expect(info.title).toBe(XSS);
    expect(info.authors).toEqual(['<script>alert(1)</script>']);
    expect(card.root.querySelector('img, script')).toBeNull();
  });

  it('HTML-like text in the real blob survives parsing untouched', () => {
    const doc = parseHtml('<main></main>');
    const el = doc.createElement('div');
    el.setAttribute('data-target', 'DailyPapers');
    el.setAttribute('data-props', JSON.stringify({ dailyPapers: [{ paper: { id: '2407.21783', title: XSS } }] }));
    doc.querySelector('main')?.append(el);
    expect(readPageData(doc).papers.get('2407.21783')?.title).toBe(XSS);
  });
});
