import { describe, expect, it } from 'vitest';
import { exportRis, parseRis } from '@/lib/library/formats/ris';
import { LibraryPaper } from '@/lib/model/library';
import type { Tag } from '@/lib/model/records';
import { NOW, libraryPaper } from './test-data';


const tags: Tag[] = [
  { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
  { key: 'deep rl', name: 'Deep RL', color: '#dc2626', createdAt: 2 },
];

const papers = [
  libraryPaper('2407.21783', {
    title: 'The Llama 3 Herd of Models: {x}, 50% & "quotes"',
    authors: ['Abhimanyu Dubey', 'Łukasz Kaiser', '王小明'],
    publishedAt: '2024-07-31',
    abstract: 'First line.\nSecond line.',
    note: 'Line one\nLine "two", with, commas\n\nER  - a line that looks like the end\nAU - and one like an author\n  indented',
    tags: ['llm', 'deep rl'],
    state: 'reading',
    savedAt: 1_722_470_400_123,
  }),
  libraryPaper('2401.00001', { title: 'Обучение 大模型', authors: [], abstract: null, publishedAt: null, note: '', tags: [], state: 'done' }),
  libraryPaper('1706.03762', { publishedAt: '2017-06', tags: ['llm'], note: 'short' }),
];

/** What RIS carries of a paper. */
const carried = (paper: LibraryPaper) => ({
  id: paper.id,
  title: paper.title,
  authors: paper.authors,
  publishedAt: paper.publishedAt,
  abstract: paper.abstract,
  note: paper.note,
  tags: paper.tags,
  state: paper.state,
  savedAt: paper.savedAt,
});

describe('RIS', () => {
  const ris = exportRis(papers, tags);

  it('writes standard tags, one AU and KW per value, CRLF line ends', () => {
    expect(ris.split('\r\n').slice(0, 10)).toEqual([
      'TY  - GEN',
      'TI  - The Llama 3 Herd of Models: {x}, 50% & "quotes"',
      'AU  - Abhimanyu Dubey',
      'AU  - Łukasz Kaiser',
      'AU  - 王小明',
      'PY  - 2024',
      'DA  - 2024/07/31/',
      'AB  - First line.',
      'Second line.',
      'KW  - LLM',
    ]);
    expect(ris).toContain('UR  - https://arxiv.org/abs/2407.21783\r\nDO  - 10.48550/arXiv.2407.21783\r\nAN  - arXiv:2407.21783\r\n');
    expect(ris).toContain('C1  - reading\r\nC2  - 2024-08-01T00:00:00.123Z\r\nER  - \r\n');
    expect(ris.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('round-trips papers, tags, notes and states', () => {
    const result = parseRis(ris, NOW + 1);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.library.papers.map(carried)).toEqual(papers.map(carried));
    expect(result.library.tags?.map((tag) => [tag.key, tag.name])).toEqual([
      ['llm', 'LLM'],
      ['deep rl', 'Deep RL'],
    ]);
    expect(result.library.carried?.['2401.00001']).toEqual(['title', 'note', 'tags', 'state', 'savedAt']);
  });

  it('reads LF and old-Mac CR line ends alike', () => {
    for (const eol of ['\n', '\r']) {
      const result = parseRis(ris.replace(/\r\n/g, eol), NOW);
      expect(result.ok && result.library.papers.map(carried)).toEqual(papers.map(carried));
    }
  });

  it('keeps only the day of a full timestamp', () => {
    const result = parseRis(exportRis([libraryPaper('2407.00001', { publishedAt: '2024-07-31T17:54:27.000Z' })], tags), NOW);
    expect(result.ok && result.library.papers[0]!.publishedAt).toBe('2024-07-31');
  });

  it('reads records from reference managers (names as "Last, First", LF line ends, id in a link)', () => {
    const zotero = [
      'TY  - UNPB',
      'TI  - Attention Is All You Need',
      'AU  - Vaswani, Ashish',
      'AU  - Shazeer, Noam',
      'PY  - 2017',
      'Y1  - 2017/06/12',
      'UR  - http://arxiv.org/abs/1706.03762v7',
      'KW  - Computer Science',
      'ER  -',
      '',
      'TY  - JOUR',
      'T1  - Second',
      'JO  - arXiv preprint arXiv:2401.12345',
      'N1  - one note',
      'N1  - another note',
      'ER  - ',
    ].join('\n');
    const result = parseRis(zotero, NOW);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.library.papers.map(carried)).toEqual([
      {
        id: '1706.03762',
        title: 'Attention Is All You Need',
        authors: ['Ashish Vaswani', 'Noam Shazeer'],
        publishedAt: '2017-06-12',
        abstract: null,
        note: '',
        tags: ['computer science'],
        state: 'to-read',
        savedAt: NOW,
      },
      {
        id: '2401.12345',
        title: 'Second',
        authors: [],
        publishedAt: null,
        abstract: null,
        note: 'one note\n\nanother note',
        tags: [],
        state: 'to-read',
        savedAt: NOW,
      },
    ]);
  });

  it('does not read custom fields that are not ours as a state or a time', () => {
    const result = parseRis('TY  - GEN\nTI  - T\nAN  - arXiv:2401.00001\nC1  - Custom text\nC2  - 12\nER  - \n', NOW);
    expect(result.ok && result.library.papers[0]).toMatchObject({ state: 'to-read', savedAt: NOW });
    expect(result.ok && result.library.carried?.['2401.00001']).toEqual(['title', 'note', 'tags']);
  });

  it.each([
    [
      'a record without an arXiv id, named by number and title',
      'TY  - GEN\nTI  - Fine\nAN  - arXiv:2401.00001\nER  - \n\nTY  - JOUR\nTI  - A Nature paper\nDO  - 10.1038/xyz\nER  - \n',
      /Record 2 \(line 6, "A Nature paper"\) has no arXiv id/,
    ],
    ['a cut-short file', 'TY  - GEN\nTI  - Cut\nAN  - arXiv:2401.00001\n', /record 1 \(line 1\) has no "ER" line: is the file cut short\?/],
    ['a record that runs into the next', 'TY  - GEN\nTI  - A\nTY  - GEN\nER  - \n', /record 1 \(line 1\) has no "ER" line before the next record/],
    ['a field outside a record', 'TI  - Orphan\n', /line 1: "TI" outside a record/],
    ['a record without a title', 'TY  - GEN\nAN  - arXiv:2401.00001\nER  - \n', /Record 1 \(line 1\) \(2401\.00001\): title: missing/],
    ['no records', '\n\n', /no records/],
  ])('refuses %s', (_, ris, message) => {
    const result = parseRis(ris, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});

describe('RIS keywords that cannot be tags as they are', () => {
  it('shortens one too long for a tag, skips one that cannot be a tag, and takes the file, saying so', () => {
    const long = 'y'.repeat(45);
    const result = parseRis(`TY  - GEN\nTI  - T\nAN  - arXiv:2401.00001\nKW  - ${long}\nKW  - a, b\nKW  - RL\nER  - \n`, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.library.papers[0]!.tags).toEqual(['y'.repeat(40), 'rl']);
    expect(result.library.adjusted).toEqual([
      `Record 1 (line 1, "T") (2401.00001): the keyword “${long}” is longer than a tag may be (40 characters): shortened to “${'y'.repeat(40)}”.`,
      'Record 1 (line 1, "T") (2401.00001): the keyword “a, b” was skipped: A comma separates tags, so a tag cannot contain one.',
    ]);
  });
});
