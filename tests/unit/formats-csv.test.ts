import { describe, expect, it } from 'vitest';
import { exportCsv, parseCsv } from '@/lib/library/formats/csv';
import { guardFormula, readCsv, unguardFormula } from '@/lib/library/formats/csv-syntax';
import { LibraryPaper } from '@/lib/model/library';
import type { Tag } from '@/lib/model/records';
import { NOW, libraryPaper } from './test-data';


const tags: Tag[] = [
  { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
  { key: 'to cite', name: 'To cite', color: '#dc2626', createdAt: 2 },
];

const papers = [
  libraryPaper('2407.21783', {
    title: 'Commas, "quotes" and\nline breaks',
    authors: ['Abhimanyu Dubey', 'Łukasz Kaiser'],
    note: 'Line one\r\nLine "two", with, commas\n\n=1+1 is not a formula',
    tags: ['llm', 'to cite'],
    state: 'reading',
    upvotes: 42,
    publishedAt: '2024-07-31T17:54:27.000Z',
  }),
  libraryPaper('2401.00001', {
    title: '=HYPERLINK("https://evil.example","click")',
    authors: ['-minus', '@at'],
    note: "'=already quoted",
    tags: [],
    state: 'done',
    upvotes: null,
    publishedAt: null,
    savedAt: NOW + 5_000,
  }),
  libraryPaper('1706.03762', { title: '+plus', note: '', tags: ['llm'], state: 'to-read' }),
];

/** What our CSV carries of a paper. */
const carried = (paper: LibraryPaper) => ({
  id: paper.id,
  title: paper.title,
  authors: paper.authors,
  publishedAt: paper.publishedAt,
  upvotes: paper.upvotes,
  note: paper.note,
  tags: paper.tags,
  state: paper.state,
  savedAt: paper.savedAt,
});

describe('CSV', () => {
  const csv = exportCsv(papers, tags);

  it("starts with Pocket's columns, then ours", () => {
    expect(csv.split('\r\n')[0]).toBe('title,url,time_added,tags,status,id,authors,published,upvotes,note,state,saved_at');
    const rows = readCsv(csv);
    expect(rows.ok).toBe(true);
    if (!rows.ok) return;
    expect(rows.rows[1]!.cells.slice(0, 5)).toEqual([
      'Commas, "quotes" and\nline breaks',
      'https://huggingface.co/papers/2407.21783',
      '1722470400',
      'LLM|To cite',
      'unread',
    ]);
    expect(rows.rows[2]!.cells[4]).toBe('archive');
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    const rows = readCsv(csv);
    if (!rows.ok) throw new Error(rows.error);
    const cells = rows.rows.slice(1).flatMap((row) => row.cells);
    expect(cells).toContain('\'=HYPERLINK("https://evil.example","click")');
    expect(cells).toContain("'-minus; @at");
    expect(cells).toContain("''=already quoted");
    expect(cells).toContain("'+plus");
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it.each(['=1', '+1', '-1', '@SUM', '\tx', "'=x", "''@x", "'plain", 'plain', ''])('guards %j reversibly', (value) => {
    expect(unguardFormula(guardFormula(value))).toBe(value);
  });

  it('round-trips papers, tags, notes and states (notes with quotes, commas, line breaks)', () => {
    const result = parseCsv(csv, NOW + 1);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.library.papers.map(carried)).toEqual(papers.map(carried));
    expect(result.library.tags?.map((tag) => [tag.key, tag.name])).toEqual([
      ['llm', 'LLM'],
      ['to cite', 'To cite'],
    ]);
  });

  it("reads Pocket's own export (links to arXiv or Hugging Face; no apostrophes taken off)", () => {
    const pocket = [
      'title,url,time_added,tags,status',
      'The Llama 3 Herd of Models,https://arxiv.org/abs/2407.21783v2,1722470400,llm|to read,unread',
      ',https://arxiv.org/pdf/1706.03762v7.pdf,1500000000,,archive',
      "'=not ours,https://huggingface.co/papers/2401.00001,1700000000,,unread",
      '',
    ].join('\n');
    const result = parseCsv(pocket, NOW);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.library.papers.map((paper) => [paper.id, paper.title, paper.savedAt, paper.tags, paper.state])).toEqual([
      ['2407.21783', 'The Llama 3 Herd of Models', 1_722_470_400_000, ['llm', 'to read'], 'to-read'],
      ['1706.03762', 'arXiv:1706.03762', 1_500_000_000_000, [], 'done'],
      ['2401.00001', "'=not ours", 1_700_000_000_000, [], 'to-read'],
    ]);
    // An empty title was made up, and "unread" does not say to-read from reading: neither is carried.
    expect(result.library.carried?.['1706.03762']).toEqual(['savedAt', 'tags', 'state']);
    expect(result.library.carried?.['2407.21783']).toEqual(['title', 'savedAt', 'tags']);
  });

  it.each([
    [
      'a row whose URL has no arXiv id, naming the row',
      'title,url,time_added,tags,status\nA,https://arxiv.org/abs/2407.21783,1,,unread\nB,https://example.com/blog,1,,unread\n',
      /Row 3 has no arXiv id in its URL \("https:\/\/example\.com\/blog"\)/,
    ],
    ['a file without a url column', 'name,link\nA,https://arxiv.org/abs/2407.21783\n', /no "url" column/],
    ['a cut-short quoted cell', 'title,url\n"Unfinished,https://arxiv.org/abs/2407.21783\n', /row 2: a quoted cell never ends/],
    ['a bad time', 'title,url,time_added\nA,https://arxiv.org/abs/2407.21783,yesterday\n', /Row 2 \(2407\.21783\): time_added: "yesterday"/],
    ['a bad state', 'title,url,state\nA,https://arxiv.org/abs/2407.21783,finished\n', /Row 2 \(2407\.21783\): state: expected one of/],
    ['the same paper twice', 'title,url\nA,https://arxiv.org/abs/2407.21783\nB,https://huggingface.co/papers/2407.21783\n', /Row 3 is arXiv 2407\.21783 again \(as row 2\)/],
    ['an empty file', '', /empty/],
    ['only a header', 'title,url\n', /no rows/],
  ])('refuses %s', (_, csv, message) => {
    const result = parseCsv(csv, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
