import { describe, expect, it } from 'vitest';
import { parseBlob, readPageData, type BlobData } from '@/lib/site/data-blob';
import { LISTING_FIXTURES, PAPER_FIXTURE, blobJson, fixtureEntry, loadFixture, parseHtml } from './fixtures';

function listing(json: unknown): BlobData {
  const blob = parseBlob('DailyPapers', JSON.stringify(json));
  if (!blob) throw new Error('expected a blob');
  return blob;
}

function paperItem(id: unknown, extra: Record<string, unknown> = {}) {
  return { paper: { id, title: `Paper ${String(id)}` }, ...extra };
}

/** A paper the blob says nothing usable about, beyond its id. */
const EMPTY_PAPER = {
  id: '2407.21783',
  title: null,
  authors: [],
  abstract: null,
  publishedAt: null,
  organization: null,
  upvotes: null,
  keywords: [],
};

describe('parseBlob on the recorded pages', () => {
  it.each(LISTING_FIXTURES)('%s: every listed paper, in page order, nothing rejected', (file) => {
    const blob = parseBlob('DailyPapers', blobJson(file, 'DailyPapers'));
    expect(blob).not.toBeNull();
    expect(blob?.target).toBe('DailyPapers');
    expect(blob?.rejected).toBe(0);
    expect([...(blob?.papers.keys() ?? [])]).toEqual(fixtureEntry(file).papers);
    for (const [id, paper] of blob?.papers ?? []) {
      expect(paper.id).toBe(id);
      expect(paper.title?.length).toBeGreaterThan(0);
      expect(paper.abstract?.length).toBeGreaterThan(80);
    }
  });

  it('2024 shape: 13 papers with titles, authors, dates and upvotes', () => {
    const blob = parseBlob('DailyPapers', blobJson('hf-papers-2024-08-01.html', 'DailyPapers'));
    expect(blob?.papers.size).toBe(13);
    const llama = blob?.papers.get('2407.21783');
    expect(llama).toMatchObject({
      id: '2407.21783',
      title: 'The Llama 3 Herd of Models',
      publishedAt: '2024-07-31T17:54:27.000Z',
      upvotes: 94,
      organization: null,
      keywords: [],
    });
    expect(llama?.authors).toHaveLength(533);
    expect(llama?.authors.slice(0, 3)).toEqual(['Abhimanyu Dubey', 'Abhinav Jauhri', 'Abhinav Pandey']);
    expect(llama?.abstract).toMatch(/^Modern artificial intelligence/);
    expect(blob?.papers.get('2407.21705')).toMatchObject({
      title: 'Tora: Trajectory-oriented Diffusion Transformer for Video Generation',
      upvotes: 24,
    });
    expect(blob?.papers.get('2407.21705')?.authors).toHaveLength(5);
    expect(blob?.papers.get('2404.01300')?.publishedAt).toBe('2024-04-01T17:59:55.000Z');
    for (const paper of blob?.papers.values() ?? []) {
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.authors.every((name) => name.length > 0 && name === name.trim())).toBe(true);
    }
  });

  it('2026 shape of the same day reads exactly like the 2024 shape', () => {
    const old = parseBlob('DailyPapers', blobJson('hf-papers-2024-08-01.html', 'DailyPapers'));
    const current = parseBlob('DailyPapers', blobJson('hf-papers-date-2024-08-01.html', 'DailyPapers'));
    expect(current?.papers).toEqual(old?.papers);
  });

  it('search shape: searchResults with upvotes null, empty authors and organizations', () => {
    const blob = parseBlob('DailyPapers', blobJson('hf-papers-search-causal.html', 'DailyPapers'));
    expect(blob?.papers.size).toBe(44);
    for (const paper of blob?.papers.values() ?? []) {
      expect(paper.upvotes).toBeNull();
      expect(paper.publishedAt).toBeNull();
    }
    expect(blob?.papers.get('2605.12496')).toMatchObject({
      title: 'CausalCine: Real-Time Autoregressive Generation for Multi-Shot Video Narratives',
      authors: [],
      organization: { name: 'antgroup', fullname: 'Ant Group' },
    });
    expect(blob?.papers.get('2510.07364')?.authors).toEqual(['Author 1', 'Author 2', 'Author 3', 'Author 4', 'Author 5']);
    expect(blob?.papers.get('2512.20605')?.organization).toEqual({ name: 'google', fullname: 'Google' });
  });

  it('PaperContent: the one paper with all its 533 authors', () => {
    const blob = parseBlob('PaperContent', blobJson(PAPER_FIXTURE, 'PaperContent'));
    expect(blob?.target).toBe('PaperContent');
    expect(blob?.rejected).toBe(0);
    expect([...(blob?.papers.keys() ?? [])]).toEqual(['2407.21783']);
    const paper = blob?.papers.get('2407.21783');
    expect(paper?.title).toBe('The Llama 3 Herd of Models');
    expect(paper?.authors.length).toBeGreaterThan(500);
    expect(paper?.authors).toHaveLength(533);
    expect(paper?.authors[0]).toBe('Abhimanyu Dubey');
    expect(paper?.upvotes).toBe(94);
  });
});

describe('parseBlob tolerance', () => {
  it('lets unknown fields pass at every level', () => {
    const blob = listing({
      periodType: 'day',
      somethingNew: { deeply: ['nested'] },
      dailyPapers: [
        {
          paper: {
            id: '2407.21783',
            title: 'Llama',
            authors: [{ name: 'A', _id: 'x', newField: 1 }],
            mediaUrls: ['https://example.com/x.png'],
            githubStars: 12,
            withdrawnAt: null,
          },
          isAuthorParticipating: true,
          submittedBy: { name: 'akhaliq' },
          newTopLevelItemField: [1, 2, 3],
        },
      ],
    });
    expect(blob.rejected).toBe(0);
    expect(blob.papers.get('2407.21783')).toMatchObject({ title: 'Llama', authors: ['A'] });
  });

  it('fills missing optional fields with null / empty', () => {
    const blob = listing({ dailyPapers: [{ paper: { id: '2407.21783' } }] });
    expect(blob.papers.get('2407.21783')).toEqual(EMPTY_PAPER);
  });

  it("takes the item's title and organization when the paper has none", () => {
    const blob = listing({
      dailyPapers: [
        {
          paper: { id: '2407.21783', title: '   ', organization: { name: 'paper-org' } },
          title: '  Item title ',
          organization: { name: 'meta-llama', fullname: 'Meta Llama' },
        },
      ],
    });
    expect(blob.papers.get('2407.21783')).toMatchObject({
      title: 'Item title',
      organization: { name: 'meta-llama', fullname: 'Meta Llama' },
    });
  });

  it('turns wrong-typed optional fields into null / empty instead of rejecting the paper', () => {
    const blob = listing({
      dailyPapers: [
        {
          paper: {
            id: '2407.21783',
            title: 42,
            summary: { text: 'no' },
            authors: 'Alice, Bob',
            publishedAt: 20240731,
            upvotes: '94',
            organization: 'meta',
            ai_keywords: [1, 2],
          },
          numComments: 'five',
        },
      ],
    });
    expect(blob.rejected).toBe(0);
    expect(blob.papers.get('2407.21783')).toEqual(EMPTY_PAPER);
  });

  it('reads author names from name, then user.fullname, then user.user; skips hidden and junk', () => {
    const blob = listing({
      dailyPapers: [
        {
          paper: {
            id: '2407.21783',
            authors: [
              { name: '  Ada Lovelace ' },
              { user: { fullname: 'Grace Hopper', user: 'ghopper' } },
              { user: { user: 'aturing' } },
              { name: 'Hidden Person', hidden: true },
              { name: 'Shown Person', hidden: false },
              'a bare string',
              null,
              42,
              { name: 7 },
              {},
              { name: '   ' },
            ],
          },
        },
      ],
    });
    expect(blob.papers.get('2407.21783')?.authors).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
      'aturing',
      'Shown Person',
    ]);
  });

  it('counts items with a broken id in `rejected` and still parses the others', () => {
    const blob = listing({
      dailyPapers: [
        paperItem('2407.21783'),
        paperItem('not-an-id'),
        paperItem(2407.21705),
        paperItem('2407.21705v2'),
        { title: 'no paper at all' },
        { paper: null },
        'junk',
        null,
        paperItem('2407.21770'),
      ],
    });
    expect([...blob.papers.keys()]).toEqual(['2407.21783', '2407.21770']);
    expect(blob.rejected).toBe(7);
  });

  it('reads searchResults before dailyPapers and keeps one entry per id', () => {
    const blob = listing({
      searchResults: [paperItem('2510.07364'), paperItem('2407.21783', { title: 'first' })],
      dailyPapers: [paperItem('2407.21783'), paperItem('2407.21705')],
    });
    expect([...blob.papers.keys()]).toEqual(['2510.07364', '2407.21783', '2407.21705']);
    expect(blob.papers.get('2407.21783')?.title).toBe('Paper 2407.21783');
  });

  it('an empty day is an empty, readable blob', () => {
    const blob = listing({ date: '2024-08-03', dailyPapers: [] });
    expect(blob.papers.size).toBe(0);
    expect(blob.rejected).toBe(0);
  });

  it.each(['', '{', '{"dailyPapers": [}', 'undefined', "{'single': 'quotes'}", '<div>'])(
    'malformed JSON %j → null',
    (json) => {
      expect(parseBlob('DailyPapers', json)).toBeNull();
      expect(parseBlob('PaperContent', json)).toBeNull();
    },
  );

  it.each(['null', '42', '"a string"', 'true', '[]', '[{"paper":{"id":"2407.21783"}}]'])(
    'non-object JSON %s → null',
    (json) => {
      expect(parseBlob('DailyPapers', json)).toBeNull();
      expect(parseBlob('PaperContent', json)).toBeNull();
    },
  );

  it('a listing blob without any list is unreadable (null), not an empty day', () => {
    expect(parseBlob('DailyPapers', '{}')).toBeNull();
    expect(parseBlob('DailyPapers', '{"papers": [{"paper": {"id": "2407.21783"}}]}')).toBeNull();
    expect(parseBlob('DailyPapers', '{"dailyPapers": {"0": {"paper": {"id": "2407.21783"}}}}')).toBeNull();
  });

  it('null attribute and unknown targets → null', () => {
    expect(parseBlob('DailyPapers', null)).toBeNull();
    expect(parseBlob('MainHeader', '{"dailyPapers": []}')).toBeNull();
  });

  it('PaperContent without a valid paper: nothing, one rejection', () => {
    for (const json of ['{}', '{"paper": {"id": "nope"}}', '{"paper": "2407.21783"}']) {
      const blob = parseBlob('PaperContent', json);
      expect(blob?.papers.size).toBe(0);
      expect(blob?.rejected).toBe(1);
    }
  });

  it("PaperContent takes the page's organization", () => {
    const blob = parseBlob(
      'PaperContent',
      JSON.stringify({ paper: { id: '2407.21783', title: 'x' }, organization: { name: 'meta-llama', fullname: 'Meta' } }),
    );
    expect(blob?.papers.get('2407.21783')?.organization).toEqual({ name: 'meta-llama', fullname: 'Meta' });
  });
});

function docWithBlobs(...blobs: [target: string, props: unknown][]): Document {
  const doc = parseHtml('<!doctype html><html><body><main></main></body></html>');
  for (const [target, props] of blobs) {
    const el = doc.createElement('div');
    el.className = 'SVELTE_HYDRATER contents';
    el.setAttribute('data-target', target);
    el.setAttribute('data-props', typeof props === 'string' ? props : JSON.stringify(props));
    doc.querySelector('main')?.append(el);
  }
  return doc;
}

describe('readPageData', () => {
  it('reads a paper once, when it is first asked for, and keeps it across reads of the page', () => {
    const file = 'hf-papers-search-causal.html';
    const doc = loadFixture(file);
    const ids = fixtureEntry(file).papers;
    const data = readPageData(doc);
    const first = data.papers.get(ids[0]!);
    expect(first?.id).toBe(ids[0]);
    // The same object each time: converted once, kept.
    expect(readPageData(doc).papers.get(ids[0]!)).toBe(first);
  });

  it.each(LISTING_FIXTURES)('%s: listed = number of papers on the page', (file) => {
    const data = readPageData(loadFixture(file));
    const ids = fixtureEntry(file).papers;
    expect(data.listed).toBe(ids.length);
    expect([...data.papers.keys()]).toEqual(ids);
  });

  it('paper page: the paper, and no listing (listed null)', () => {
    const data = readPageData(loadFixture(PAPER_FIXTURE));
    expect(data.listed).toBeNull();
    expect([...data.papers.keys()]).toEqual(['2407.21783']);
    // A paper the blob does not hold (its id drifted from the URL's) is simply unknown.
    expect(data.papers.get('2407.99999')).toBeUndefined();
    expect(readPageData(loadFixture('hf-papers-search-causal.html')).papers.get('2407.99999')).toBeUndefined();
  });

  it('no blob at all: nothing listed, null (cannot tell)', () => {
    const data = readPageData(docWithBlobs());
    expect(data.listed).toBeNull();
    expect(data.papers.keys()).toEqual([]);
  });

  it('an empty day: listed 0', () => {
    expect(readPageData(docWithBlobs(['DailyPapers', { dailyPapers: [] }])).listed).toBe(0);
  });

  it('unreadable listing blobs leave listed null', () => {
    expect(readPageData(docWithBlobs(['DailyPapers', '{not json'])).listed).toBeNull();
    expect(readPageData(docWithBlobs(['DailyPapers', { renamed: [] }])).listed).toBeNull();
  });

  it('rejected items still count as listed (the page shows them)', () => {
    const data = readPageData(
      docWithBlobs(['DailyPapers', { dailyPapers: [paperItem('2407.21783'), paperItem('broken'), paperItem('2407.21705')] }]),
    );
    expect(data.listed).toBe(3);
    expect([...data.papers.keys()]).toEqual(['2407.21783', '2407.21705']);
  });

  it('ignores other hydration targets and blobs without data-props', () => {
    const doc = docWithBlobs(['MainHeader', { dailyPapers: [paperItem('2407.21783')] }]);
    const bare = doc.createElement('div');
    bare.setAttribute('data-target', 'DailyPapers');
    doc.body.append(bare);
    const data = readPageData(doc);
    expect(data.listed).toBeNull();
    expect(data.papers.keys()).toEqual([]);
  });

  it('merges a listing and a paper blob; the first description of a paper wins', () => {
    const data = readPageData(
      docWithBlobs(
        ['DailyPapers', { dailyPapers: [paperItem('2407.21783'), paperItem('2407.21705')] }],
        ['PaperContent', { paper: { id: '2407.21783', title: 'From the paper blob' } }],
      ),
    );
    expect(data.listed).toBe(2);
    expect(data.papers.get('2407.21783')?.title).toBe('Paper 2407.21783');
  });

  it('re-reads the blob after a client-side navigation changes data-props', () => {
    const doc = docWithBlobs(['DailyPapers', { dailyPapers: [paperItem('2407.21783')] }]);
    expect([...readPageData(doc).papers.keys()]).toEqual(['2407.21783']);
    doc.querySelector('[data-target]')?.setAttribute('data-props', JSON.stringify({ dailyPapers: [paperItem('2407.21705'), paperItem('2407.21770')] }));
    const after = readPageData(doc);
    expect([...after.papers.keys()]).toEqual(['2407.21705', '2407.21770']);
    expect(after.listed).toBe(2);
    // And back (the cache must not return the other view's data).
    doc.querySelector('[data-target]')?.setAttribute('data-props', JSON.stringify({ dailyPapers: [paperItem('2407.21783')] }));
    expect([...readPageData(doc).papers.keys()]).toEqual(['2407.21783']);
  });

  it('the same JSON under another target is parsed for that target', () => {
    const json = JSON.stringify({ paper: { id: '2407.21783', title: 'x' }, dailyPapers: [paperItem('2407.21705')] });
    expect([...readPageData(docWithBlobs(['DailyPapers', json])).papers.keys()]).toEqual(['2407.21705']);
    expect([...readPageData(docWithBlobs(['PaperContent', json])).papers.keys()]).toEqual(['2407.21783']);
  });
});
