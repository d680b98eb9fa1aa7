import { describe, expect, it } from 'vitest';
import { LibraryPaper } from '@/lib/model/library';
import { parseQuery, type QueryTerm } from '@/lib/library/query';
import { SearchIndex, type SearchOptions, type SortKey } from '@/lib/library/search-index';
import { foldText } from '@/lib/library/text-fold';
import { ARXIV_ID } from '@/lib/model/arxiv-id';
import { Tag } from '@/lib/model/records';
import { generateLibrary } from '../support/generate-library';

const term = (field: QueryTerm['field'], value: string, extra: Partial<QueryTerm> = {}): QueryTerm =>
  ({ field, value, negated: false, phrase: false, ...extra }) as QueryTerm;
const terms = (text: string) => parseQuery(text).terms;
const codes = (text: string) => parseQuery(text).problems.map((problem) => problem.code);

describe('parseQuery', () => {
  it('reads free words, each a term of its own', () => {
    expect(parseQuery('diffusion model')).toEqual({ terms: [term('any', 'diffusion'), term('any', 'model')], problems: [] });
  });

  it('reads a quoted phrase as one term, whitespace inside collapsed', () => {
    expect(terms('"diffusion   model"')).toEqual([term('any', 'diffusion model', { phrase: true })]);
    expect(terms('  " diffusion model "  x')).toEqual([term('any', 'diffusion model', { phrase: true }), term('any', 'x')]);
    expect(terms('“deep rl”')).toEqual([term('any', 'deep rl', { phrase: true })]);
  });

  it('reads every field prefix, case-insensitively and in the plural', () => {
    expect(terms('title:attention author:smith abstract:tokens note:later id:2407.21783 tag:rl')).toEqual([
      term('title', 'attention'),
      term('author', 'smith'),
      term('abstract', 'tokens'),
      term('note', 'later'),
      term('id', '2407.21783'),
      term('tag', 'rl'),
    ]);
    expect(terms('TITLE:Attention Authors:Smith tags:RL notes:x')).toEqual([
      term('title', 'Attention'),
      term('author', 'Smith'),
      term('tag', 'RL'),
      term('note', 'x'),
    ]);
  });

  it('reads every spelling of the reading states', () => {
    const states = (text: string) => terms(text).map((t) => t.value);
    expect(states('state:to-read state:toread state:to_read state:"to read" state:TO-READ')).toEqual(Array(5).fill('to-read'));
    expect(states('state:reading state:done state:Done')).toEqual(['reading', 'done', 'done']);
  });

  it('takes quoted field values whole', () => {
    expect(terms('tag:"deep rl" author:"van der Berg"')).toEqual([
      term('tag', 'deep rl', { phrase: true }),
      term('author', 'van der Berg', { phrase: true }),
    ]);
  });

  it('negates a word, a phrase or a field with a leading minus', () => {
    expect(terms('-tag:survey -diffusion -"world model" -state:done')).toEqual([
      term('tag', 'survey', { negated: true }),
      term('any', 'diffusion', { negated: true }),
      term('any', 'world model', { negated: true, phrase: true }),
      term('state', 'done', { negated: true }),
    ]);
  });

  it('keeps inner hyphens, drops a lone minus and negates only the first', () => {
    expect(terms('state-of-the-art self-supervised')).toEqual([term('any', 'state-of-the-art'), term('any', 'self-supervised')]);
    expect(terms('rl - x -')).toEqual([term('any', 'rl'), term('any', 'x')]);
    expect(terms('--x')).toEqual([term('any', '-x', { negated: true })]);
    expect(terms('tag:-x')).toEqual([term('tag', '-x')]);
  });

  it('lets an unterminated quote take the rest of the input, and says so', () => {
    expect(parseQuery('rl "diffusion model  tag:x')).toEqual({
      terms: [term('any', 'rl'), term('any', 'diffusion model tag:x', { phrase: true })],
      problems: [{ code: 'unterminated-quote', message: expect.any(String), start: 3, end: 26 }],
    });
    expect(terms('tag:"deep rl')).toEqual([term('tag', 'deep rl', { phrase: true })]);
    expect(codes('-"')).toEqual(['unterminated-quote']);
    expect(terms('-"')).toEqual([]);
  });

  it('treats unknown prefixes (and the prototype’s names) as plain text', () => {
    expect(terms('foo:bar https://arxiv.org/abs/2407.21783 constructor:x __proto__:y toString:z')).toEqual([
      term('any', 'foo:bar'),
      term('any', 'https://arxiv.org/abs/2407.21783'),
      term('any', 'constructor:x'),
      term('any', '__proto__:y'),
      term('any', 'toString:z'),
    ]);
    expect(terms('foo:"bar baz"')).toEqual([term('any', 'foo:bar baz', { phrase: true })]);
    expect(terms('"tag:rl"')).toEqual([term('any', 'tag:rl', { phrase: true })]);
    expect(codes('foo:bar')).toEqual([]);
  });

  it('hints at a prefix without a value, and reads what follows as its own term', () => {
    const query = parseQuery('title: attention tag:""');
    expect(query.terms).toEqual([term('any', 'attention')]);
    expect(query.problems.map(({ code, start, end }) => ({ code, start, end }))).toEqual([
      { code: 'empty-value', start: 0, end: 6 },
      { code: 'empty-value', start: 17, end: 23 },
    ]);
    expect(query.problems[0]?.message).toContain('title:');
  });

  it('hints at an unknown state and ignores the term', () => {
    const query = parseQuery('state:finished rl');
    expect(query.terms).toEqual([term('any', 'rl')]);
    expect(query.problems).toEqual([
      { code: 'unknown-state', message: expect.stringContaining('to-read'), start: 0, end: 14 },
    ]);
    expect(codes('state:read')).toEqual(['unknown-state']);
  });

  it('splits at any whitespace and ignores it at the ends', () => {
    expect(parseQuery('')).toEqual({ terms: [], problems: [] });
    expect(parseQuery(' \t\n ')).toEqual({ terms: [], problems: [] });
    expect(terms('\ta\nb\u00a0c\u3000d  ')).toEqual(['a', 'b', 'c', 'd'].map((v) => term('any', v)));
  });

  it('keeps Unicode as typed (matching folds it)', () => {
    expect(terms('Müller author:Łukasz 🤖 "naïve Bayes"')).toEqual([
      term('any', 'Müller'),
      term('author', 'Łukasz'),
      term('any', '🤖'),
      term('any', 'naïve Bayes', { phrase: true }),
    ]);
  });

  it('never throws, and every term it returns asks for something', () => {
    const alphabet = ['a', 'b', ' ', '-', '"', '“', ':', 'tag', 'state', 'title', 'done', '\t', 'é', '\u0301', '🤖', '\\'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2_000; n++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const query = parseQuery(text);
      for (const t of query.terms) expect(t.value.trim()).not.toBe('');
      for (const p of query.problems) expect(0 <= p.start && p.start <= p.end && p.end <= text.length).toBe(true);
    }
  });
});

describe('foldText', () => {
  it('folds case, accents, compatibility forms, typography and whitespace', () => {
    expect(foldText('  Müller   ÉCOLE\n\tnaïve  ')).toBe('muller ecole naive');
    expect(foldText('Mu\u0308ller')).toBe('muller');
    expect(foldText('Łukasz Straße Søren Æsir')).toBe('lukasz strasse soren aesir');
    expect(foldText('ﬁne-tuning — “it’s” Ⅻ')).toBe("fine-tuning - “it's” xii");
    expect(foldText('zero\u200bwidth non\u00a0breaking')).toBe('zerowidth non breaking');
    expect(foldText('İstanbul')).toBe('istanbul');
    expect(foldText('数据 🤖')).toBe('数据 🤖');
  });
});

const BASE: LibraryPaper = {
  id: '2401.00001',
  title: 'Untitled',
  authors: ['Ada Lovelace', 'Alan Turing'],
  abstract: 'Nothing to see.',
  publishedAt: '2024-01-01T00:00:00.000Z',
  organization: null,
  upvotes: 1,
  sourceUrl: 'https://huggingface.co/papers/2401.00001',
  savedAt: 1_000,
  state: 'to-read',
  note: '',
  tags: [],
};
const paper = (id: string, fields: Partial<LibraryPaper> = {}): LibraryPaper => ({ ...BASE, id, sourceUrl: `https://huggingface.co/papers/${id}`, ...fields });
const tag = (name: string, key = name.toLowerCase()): Tag => ({ key, name, color: '#2563eb', createdAt: 0 });

const TAGS = [tag('RL'), tag('Deep RL'), tag('Survey'), tag('Large language models', 'llm'), tag('Müller lab')];
const PAPERS = [
  paper('2401.00001', {
    title: 'Diffusion Models Beat GANs',
    authors: ['Jürgen Müller', 'Łukasz Kaiser'],
    abstract: 'We show that a diffusion   model\ncan beat GANs.',
    note: 'Read the appendix.',
    tags: ['rl', 'survey'],
    state: 'done',
    savedAt: 5_000,
    upvotes: 40,
    publishedAt: '2024-01-05T00:00:00.000Z',
  }),
  paper('2401.00002', {
    title: 'A Model of Everything',
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: 'A model, and then diffusion.',
    note: 'Compare with diffusion models.',
    tags: ['deep rl'],
    state: 'reading',
    savedAt: 3_000,
    upvotes: null,
    publishedAt: null,
  }),
  paper('2402.00003', {
    title: 'Attention Is All You Need',
    authors: ['Noam Shazeer'],
    abstract: null,
    tags: ['llm', 'rl'],
    state: 'to-read',
    savedAt: 4_000,
    upvotes: 40,
    publishedAt: '2024-02-01T00:00:00.000Z',
    organization: { name: 'google', fullname: 'Google Research' },
  }),
  paper('2402.00004', {
    title: 'attention sinks',
    authors: ['Grace Hopper'],
    abstract: 'Streaming attention with sinks.',
    note: 'müller said so',
    tags: ['müller lab', 'orphan'],
    state: 'to-read',
    savedAt: 1_000,
    upvotes: 2,
    publishedAt: 'not a date',
  }),
];

const ALL: SearchOptions = { sort: 'saved', direction: 'asc' };
const find = (index: SearchIndex, text: string, options: Partial<SearchOptions> = {}) =>
  index.search(parseQuery(text), { ...ALL, ...options }).ids;
const fresh = () => new SearchIndex(PAPERS, TAGS);

describe('SearchIndex: matching', () => {
  it('finds everything for an empty query', () => {
    expect(find(fresh(), '')).toEqual(['2402.00004', '2401.00002', '2402.00003', '2401.00001']);
  });

  it('matches free words anywhere: title, authors, abstract, note, id, organization, tag names', () => {
    const index = fresh();
    expect(find(index, 'GANs')).toEqual(['2401.00001']);
    expect(find(index, 'hopper')).toEqual(['2402.00004']);
    expect(find(index, 'streaming')).toEqual(['2402.00004']);
    expect(find(index, 'appendix')).toEqual(['2401.00001']);
    expect(find(index, '2402.')).toEqual(['2402.00004', '2402.00003']);
    expect(find(index, 'research')).toEqual(['2402.00003']);
    expect(find(index, 'language')).toEqual(['2402.00003']);
    expect(find(index, 'atten sink')).toEqual(['2402.00004']);
  });

  it('limits a prefixed term to its field', () => {
    const index = fresh();
    expect(find(index, 'diffusion')).toEqual(['2401.00002', '2401.00001']);
    expect(find(index, 'title:diffusion')).toEqual(['2401.00001']);
    expect(find(index, 'abstract:diffusion')).toEqual(['2401.00002', '2401.00001']);
    expect(find(index, 'note:diffusion')).toEqual(['2401.00002']);
    expect(find(index, 'author:turing')).toEqual(['2401.00002']);
    expect(find(index, 'author:diffusion')).toEqual([]);
    expect(find(index, 'id:00003')).toEqual(['2402.00003']);
    expect(find(index, 'title:00003')).toEqual([]);
  });

  it('ignores case and accents on either side', () => {
    const index = fresh();
    expect(find(index, 'muller')).toEqual(['2402.00004', '2401.00001']);
    expect(find(index, 'author:MÜLLER')).toEqual(['2401.00001']);
    expect(find(index, 'author:Mu\u0308ller')).toEqual(['2401.00001']);
    expect(find(index, 'author:lukasz')).toEqual(['2401.00001']);
    expect(find(index, 'ATTENTION')).toEqual(['2402.00004', '2402.00003']);
  });

  it('tells a phrase from words, and no phrase runs across fields or authors', () => {
    const index = fresh();
    expect(find(index, 'diffusion model')).toEqual(['2401.00002', '2401.00001']);
    // The abstract's "diffusion   model\n" counts: whitespace is collapsed.
    expect(find(index, '"diffusion model"')).toEqual(['2401.00002', '2401.00001']);
    expect(find(index, 'abstract:"diffusion model"')).toEqual(['2401.00001']);
    expect(find(index, '"model diffusion"')).toEqual([]);
    expect(find(index, 'author:"lovelace alan"')).toEqual([]);
    expect(find(index, '"gans jurgen"')).toEqual([]);
  });

  it('matches tags by name or key, as a prefix, including keys without a definition', () => {
    const index = fresh();
    expect(find(index, 'tag:rl')).toEqual(['2402.00003', '2401.00001']);
    expect(find(index, 'tag:deep')).toEqual(['2401.00002']);
    expect(find(index, 'tag:"deep rl"')).toEqual(['2401.00002']);
    expect(find(index, 'tag:large')).toEqual(['2402.00003']);
    expect(find(index, 'tag:llm')).toEqual(['2402.00003']);
    expect(find(index, 'tag:muller')).toEqual(['2402.00004']);
    expect(find(index, 'tag:orph')).toEqual(['2402.00004']);
    expect(find(index, 'tag:lab')).toEqual([]);
  });

  it('negates words, phrases, fields and tags', () => {
    const index = fresh();
    expect(find(index, '-diffusion')).toEqual(['2402.00004', '2402.00003']);
    expect(find(index, '-"diffusion model"')).toEqual(['2402.00004', '2402.00003']);
    expect(find(index, 'attention -tag:llm')).toEqual(['2402.00004']);
    expect(find(index, '-state:to-read -title:model')).toEqual([]);
    expect(find(index, '-survey')).toEqual(['2402.00004', '2401.00002', '2402.00003']);
  });

  it('filters by state, counting each state for the tabs whatever is picked', () => {
    const index = fresh();
    const all = index.search(parseQuery('a'), { sort: 'saved' });
    expect(all.counts).toEqual({ all: 4, 'to-read': 2, reading: 1, done: 1 });
    const toRead = index.search(parseQuery('a'), { sort: 'saved', state: 'to-read' });
    expect(toRead).toEqual({ ids: ['2402.00003', '2402.00004'], counts: all.counts });
    expect(index.search(parseQuery('diffusion'), { sort: 'saved', state: 'reading' })).toEqual({
      ids: ['2401.00002'],
      counts: { all: 2, 'to-read': 0, reading: 1, done: 1 },
    });
    expect(find(index, 'state:done')).toEqual(['2401.00001']);
    expect(find(index, 'state:done', { state: 'to-read' })).toEqual([]);
  });

  it('requires every tag of the tag filter, and counts within it', () => {
    const index = fresh();
    expect(find(index, '', { tags: ['rl'] })).toEqual(['2402.00003', '2401.00001']);
    expect(find(index, '', { tags: ['rl', 'survey'] })).toEqual(['2401.00001']);
    expect(find(index, '', { tags: ['rl', 'deep rl'] })).toEqual([]);
    expect(find(index, '', { tags: ['nope'] })).toEqual([]);
    expect(index.search(parseQuery('attention'), { sort: 'saved', tags: ['rl'] }).counts).toEqual({
      all: 1,
      'to-read': 1,
      reading: 0,
      done: 0,
    });
  });

  it('ignores terms that fold to nothing', () => {
    expect(find(fresh(), '\u0301 attention')).toEqual(['2402.00004', '2402.00003']);
  });
});

describe('SearchIndex: sorting', () => {
  // Ties on purpose: upvotes 40 twice, savedAt 7000 twice, one missing date, one unparsable date.
  const SORTABLE = [
    paper('2403.00010', { title: 'GPT-10', savedAt: 7_000, upvotes: 40, publishedAt: '2024-03-02T00:00:00Z' }),
    paper('2403.00002', { title: 'gpt-2', savedAt: 7_000, upvotes: 40, publishedAt: '2024-03-01T00:00:00Z' }),
    paper('2403.00003', { title: 'Banana', savedAt: 9_000, upvotes: null, publishedAt: null }),
    paper('2403.00004', { title: 'apple', savedAt: 1_000, upvotes: 3, publishedAt: 'soon' }),
    paper('2403.00005', { title: 'Apple', savedAt: 2_000, upvotes: 0, publishedAt: '2024-01-01T00:00:00Z' }),
  ];
  const sorted = (sort: SortKey, direction?: 'asc' | 'desc') =>
    new SearchIndex(SORTABLE).search(parseQuery(''), { sort, ...(direction ? { direction } : {}) }).ids;

  it('sorts by saving time, newest first by default, ties by id', () => {
    expect(sorted('saved')).toEqual(['2403.00003', '2403.00010', '2403.00002', '2403.00005', '2403.00004']);
    expect(sorted('saved', 'desc')).toEqual(sorted('saved'));
    expect(sorted('saved', 'asc')).toEqual(['2403.00004', '2403.00005', '2403.00002', '2403.00010', '2403.00003']);
  });

  it('sorts by publication date, newest first by default, missing or garbled dates last', () => {
    expect(sorted('published')).toEqual(['2403.00010', '2403.00002', '2403.00005', '2403.00004', '2403.00003']);
    expect(sorted('published', 'asc')).toEqual(['2403.00005', '2403.00002', '2403.00010', '2403.00003', '2403.00004']);
  });

  it('sorts by upvotes, most first by default, missing last', () => {
    expect(sorted('upvotes')).toEqual(['2403.00010', '2403.00002', '2403.00004', '2403.00005', '2403.00003']);
    expect(sorted('upvotes', 'asc')).toEqual(['2403.00005', '2403.00004', '2403.00002', '2403.00010', '2403.00003']);
  });

  it('sorts titles A→Z by default, ignoring case, numbers by value, ties by id', () => {
    expect(sorted('title')).toEqual(['2403.00004', '2403.00005', '2403.00003', '2403.00002', '2403.00010']);
    expect(sorted('title', 'desc')).toEqual(['2403.00010', '2403.00002', '2403.00003', '2403.00005', '2403.00004']);
  });

  it('sorts the matches and the state tab alike', () => {
    const index = new SearchIndex(SORTABLE.map((p, i) => ({ ...p, state: i % 2 ? 'done' : 'to-read' })));
    expect(index.search(parseQuery('gpt'), { sort: 'title' }).ids).toEqual(['2403.00002', '2403.00010']);
    expect(index.search(parseQuery(''), { sort: 'title', state: 'done' }).ids).toEqual(['2403.00004', '2403.00002']);
  });
});

describe('SearchIndex: changes', () => {
  it('adds, replaces and removes papers, keeping every order and count right', () => {
    const index = fresh();
    expect(find(index, 'attention', { sort: 'title' })).toEqual(['2402.00003', '2402.00004']);
    index.upsert(paper('2405.00001', { title: 'Attention again', savedAt: 2_000, upvotes: 99 }));
    expect(index.size).toBe(5);
    expect(find(index, 'attention', { sort: 'title' })).toEqual(['2405.00001', '2402.00003', '2402.00004']);
    expect(find(index, '', { sort: 'upvotes', direction: 'desc' }).slice(0, 2)).toEqual(['2405.00001', '2402.00003']);

    const [first] = PAPERS;
    index.upsert({ ...(first as LibraryPaper), title: 'Zebra attention', state: 'reading', upvotes: null, savedAt: 0 });
    expect(index.size).toBe(5);
    expect(find(index, 'attention', { sort: 'title' })).toEqual(['2405.00001', '2402.00003', '2402.00004', '2401.00001']);
    expect(find(index, 'GANs')).toEqual(['2401.00001']);
    expect(find(index, 'title:diffusion')).toEqual([]);
    expect(find(index, '', { sort: 'upvotes', direction: 'asc' }).slice(-2)).toEqual(['2401.00001', '2401.00002']);
    expect(find(index, '').at(0)).toBe('2401.00001');
    expect(index.search(parseQuery('attention'), ALL).counts).toEqual({ all: 4, 'to-read': 3, reading: 1, done: 0 });

    expect(index.remove('2402.00004')).toBe(true);
    expect(index.remove('2402.00004')).toBe(false);
    expect(index.has('2402.00004')).toBe(false);
    expect(find(index, 'attention', { sort: 'title' })).toEqual(['2405.00001', '2402.00003', '2401.00001']);
    // The freed slot is reused.
    index.upsert(paper('2406.00001', { title: 'Attention at last', savedAt: 10 }));
    for (const sort of ['saved', 'published', 'title', 'upvotes'] as const) {
      expect(find(index, 'attention', { sort }).sort()).toEqual(['2401.00001', '2402.00003', '2405.00001', '2406.00001']);
    }
  });

  it('follows tag renames and new definitions without a rebuild', () => {
    const index = fresh();
    expect(find(index, 'tag:large')).toEqual(['2402.00003']);
    index.setTags([tag('LLMs', 'llm'), tag('Orphan no more', 'orphan')]);
    expect(find(index, 'tag:large')).toEqual([]);
    expect(find(index, 'tag:llms')).toEqual(['2402.00003']);
    expect(find(index, 'more')).toEqual(['2402.00004']);
    // Keys whose definitions went away still match by key.
    expect(find(index, 'tag:deep')).toEqual(['2401.00002']);
    expect(find(index, 'tag:muller')).toEqual(['2402.00004']);
  });

  it('answers the same from the previous keystroke’s results as from scratch', () => {
    const { papers, tags } = generateLibrary(300, 3);
    const index = new SearchIndex(papers, tags);
    const typed = ['diffusion model', 'tag:rl', '"scaling laws"', 'diffusion -mode', 'author:müll', 'title:to -tag:su', 'state:done rl'];
    const keystrokes: string[] = [];
    for (const text of typed) {
      for (let i = 1; i <= text.length; i++) keystrokes.push(text.slice(0, i));
      for (let i = text.length - 1; i > 0; i -= 3) keystrokes.push(text.slice(0, i));
    }
    // Searching for nothing in between leaves the reference nothing to build on: it scans afresh.
    const reference = new SearchIndex(papers, tags);
    const options: SearchOptions = { sort: 'title', tags: [] };
    let found = 0;
    for (const [n, text] of keystrokes.entries()) {
      const query = parseQuery(text);
      const withTags = n % 5 === 0 ? { ...options, tags: ['rl'] } : options;
      reference.search(parseQuery(''), options);
      const result = index.search(query, withTags);
      expect(result, text).toEqual(reference.search(query, withTags));
      if (result.ids.length > 0) found++;
    }
    expect(found).toBeGreaterThan(keystrokes.length * 0.6);
  });

  it('folds text a slice at a time when asked, and answers the same before, during and after', () => {
    const { papers, tags } = generateLibrary(200, 5);
    const folded = new SearchIndex(papers, tags);
    expect(folded.foldSome(() => false)).toBe(true);
    const lazy = new SearchIndex(papers, tags);
    const queries = ['diffusion', 'author:müll', '"scaling laws"', 'title:to -tag:su', 'state:done rl'];
    const sorts: SortKey[] = ['title', 'saved', 'upvotes', 'published'];
    let budget = 0;
    // Ten papers a slice, a search between slices.
    while (!lazy.foldSome(() => ++budget % 11 === 0)) {
      const text = queries[budget % queries.length]!;
      const options = { sort: sorts[budget % sorts.length]! };
      expect(lazy.search(parseQuery(text), options), text).toEqual(folded.search(parseQuery(text), options));
    }
    expect(budget).toBeGreaterThan(10);
    for (const text of queries) expect(lazy.search(parseQuery(text), ALL)).toEqual(folded.search(parseQuery(text), ALL));
    // Changes before an order was ever sorted are in it once it is.
    const late = new SearchIndex(papers, tags);
    late.upsert({ ...papers[0]!, title: 'Aaaa first of all', upvotes: 9_999 });
    late.remove(papers[1]!.id);
    folded.upsert({ ...papers[0]!, title: 'Aaaa first of all', upvotes: 9_999 });
    folded.remove(papers[1]!.id);
    for (const sort of sorts) expect(late.search(parseQuery(''), { sort })).toEqual(folded.search(parseQuery(''), { sort }));
  });

  it('forgets the previous results when a paper changes', () => {
    const index = fresh();
    expect(find(index, 'sin')).toEqual(['2402.00004']);
    index.upsert(paper('2407.00001', { abstract: 'Sines and cosines.' }));
    expect(find(index, 'sine')).toEqual(['2407.00001']);
    expect(find(index, 'sin')).toEqual(['2402.00004', '2407.00001']);
  });
});

describe('generateLibrary', () => {
  it('is deterministic per seed', () => {
    expect(generateLibrary(50, 9)).toEqual(generateLibrary(50, 9));
    expect(generateLibrary(50, 9).papers).not.toEqual(generateLibrary(50, 10).papers);
  });

  it('makes valid, unique papers of realistic size, with 30 tags', () => {
    const { papers, tags } = generateLibrary(1_200);
    expect(new Set(papers.map((p) => p.id)).size).toBe(1_200);
    for (const p of papers) expect(p.id).toMatch(ARXIV_ID);
    for (const p of papers.slice(0, 100)) expect(LibraryPaper.parse(p)).toEqual(p);
    expect(tags).toHaveLength(30);
    for (const t of tags) expect(Tag.parse(t)).toEqual(t);
    const keys = new Set(tags.map((t) => t.key));
    expect(papers.every((p) => p.tags.length === 3 && p.tags.every((key) => keys.has(key)))).toBe(true);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(papers.map((p) => p.title.length))).toBeGreaterThan(70);
    expect(mean(papers.map((p) => p.title.length))).toBeLessThan(95);
    expect(mean(papers.map((p) => p.abstract?.length ?? 1_500))).toBeGreaterThan(1_400);
    expect(mean(papers.map((p) => p.abstract?.length ?? 1_500))).toBeLessThan(1_700);
    expect(mean(papers.map((p) => p.authors.length))).toBeCloseTo(5, 0);
  });
});
