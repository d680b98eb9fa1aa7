import { describe, expect, it } from 'vitest';
import { citationKeys, familyName, foldToAscii } from '@/lib/library/formats/citation-key';

type Keyed = { id: string; title: string; authors: string[]; publishedAt: string | null };
const paper = (id: string, authors: string[], title: string, publishedAt: string | null = '2024-07-31'): Keyed => ({
  id,
  title,
  authors,
  publishedAt,
});

describe('citation keys', () => {
  it('are family name, year and first significant title word', () => {
    const keys = citationKeys([
      paper('2407.21783', ['Abhimanyu Dubey', 'Abhinav Jauhri'], 'The Llama 3 Herd of Models'),
      paper('1706.03762', ['Ashish Vaswani'], 'Attention Is All You Need', '2017-06-12'),
      paper('2401.00001', ['Ada Lovelace'], 'On the Theory of an Analytical Engine'),
      paper('2312.00002', ['Grace Hopper'], 'A Compiler', null),
    ]);
    expect(Object.fromEntries(keys)).toEqual({
      '2407.21783': 'dubey2024llama',
      '1706.03762': 'vaswani2017attention',
      '2401.00001': 'lovelace2024theory',
      // No date: the year the arXiv id encodes.
      '2312.00002': 'hopper2023compiler',
    });
  });

  it('fold names and titles to ASCII, with "anon" when nothing Latin is left', () => {
    const keys = citationKeys([
      paper('2401.00001', ['Łukasz Kaiser'], 'Ünïcode Överload'),
      paper('2401.00002', ['Łukasz'], 'Straße'),
      paper('2401.00003', ['Jürgen Müller'], 'Ça marche'),
      paper('2401.00004', ['王小明'], '大模型 Scaling'),
      paper('2401.00005', ['王小明'], '大模型'),
      paper('2401.00006', ['Søren Kierkegaard-Ødegård Jr.'], 'Æther'),
    ]);
    expect(Object.fromEntries(keys)).toEqual({
      '2401.00001': 'kaiser2024unicode',
      '2401.00002': 'lukasz2024strasse',
      '2401.00003': 'muller2024ca',
      '2401.00004': 'anon2024scaling',
      '2401.00005': 'anon2024',
      '2401.00006': 'kierkegaardodegard2024aether',
    });
    for (const key of keys.values()) expect(key).toMatch(/^[a-z0-9]+$/);
  });

  it('fold as expected', () => {
    expect(foldToAscii('Łukasz Müller Dvořák Nguyễn Ørsted Þór 王')).toBe('Lukasz Muller Dvorak Nguyen Orsted Thor ');
    expect(familyName('Dubey, Abhimanyu')).toBe('dubey');
    expect(familyName('Martin Luther King Jr.')).toBe('king');
    expect(familyName("Conan O'Brien")).toBe('obrien');
  });

  it('are unique: the earliest id keeps the plain key, later ones get a, b, …', () => {
    const same = ['2407.00003', '2407.00001', '2407.00002'].map((id) => paper(id, ['Jane Smith'], 'Foo bars'));
    expect(Object.fromEntries(citationKeys(same))).toEqual({
      '2407.00001': 'smith2024foo',
      '2407.00002': 'smith2024fooa',
      '2407.00003': 'smith2024foob',
    });
  });

  it('never hand out a suffixed key that another paper has as its plain key', () => {
    const keys = citationKeys([
      paper('2407.00001', ['Jane Smith'], 'Foo'),
      paper('2407.00002', ['Jane Smith'], 'Foo'),
      paper('2407.00003', ['Jane Smith'], 'Fooa'),
    ]);
    expect(Object.fromEntries(keys)).toEqual({ '2407.00001': 'smith2024foo', '2407.00002': 'smith2024foob', '2407.00003': 'smith2024fooa' });
  });

  it('run past z to aa, ab, …', () => {
    const many = Array.from({ length: 30 }, (_, i) => paper(`2407.${String(i + 1).padStart(5, '0')}`, ['Jane Smith'], 'Foo'));
    const keys = [...citationKeys(many).values()];
    expect(new Set(keys).size).toBe(30);
    expect(keys.slice(0, 3)).toEqual(['smith2024foo', 'smith2024fooa', 'smith2024foob']);
    expect(keys.slice(26)).toEqual(['smith2024fooz', 'smith2024fooaa', 'smith2024fooab', 'smith2024fooac']);
  });

  it('are the same whatever order the papers come in', () => {
    const papers = [
      paper('2407.00005', ['Jane Smith'], 'Foo'),
      paper('2407.00001', ['Jane Smith'], 'Foo'),
      paper('2407.00009', ['Jane Smith'], 'Foo'),
      paper('2407.00002', ['John Smith'], 'Foo'),
      paper('2407.00004', ['A. Other'], 'Bar'),
    ];
    const expected = Object.fromEntries(citationKeys(papers));
    for (let shift = 1; shift < papers.length; shift++) {
      const rotated = [...papers.slice(shift), ...papers.slice(0, shift)];
      expect(Object.fromEntries(citationKeys(rotated))).toEqual(expected);
      expect(Object.fromEntries(citationKeys([...rotated].reverse()))).toEqual(expected);
    }
  });
});
