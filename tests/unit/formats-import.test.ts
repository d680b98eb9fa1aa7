import { describe, expect, it } from 'vitest';
import { exportBibtex } from '@/lib/library/formats/bibtex';
import { exportCsv } from '@/lib/library/formats/csv';
import { parseImport } from '@/lib/library/formats/import';
import { exportJson } from '@/lib/library/formats/json';
import { exportRis } from '@/lib/library/formats/ris';
import { Settings, type Library } from '@/lib/model/library';
import { NOW, libraryPaper } from './test-data';


const library: Library = {
  papers: [libraryPaper('2407.21783', { tags: ['llm'], note: 'Note' }), libraryPaper('2401.00001', { state: 'done' })],
  tags: [{ key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 }],
  rules: [],
  settings: Settings.parse({}),
};

const files = {
  json: exportJson(library, NOW),
  bibtex: exportBibtex(library.papers, library.tags),
  ris: exportRis(library.papers, library.tags),
  csv: exportCsv(library.papers, library.tags),
};

describe('parseImport', () => {
  it.each(Object.entries(files))('tells %s by the file name and by the text', (format, text) => {
    const names = { json: 'paperlight.json', bibtex: 'refs.bib', ris: 'refs.RIS', csv: 'pocket.csv' };
    for (const name of [names[format as keyof typeof names], undefined, 'export.txt']) {
      const result = parseImport(text, name, NOW);
      expect(result).toMatchObject({ ok: true, format });
      expect(result.ok && result.library.papers.map((paper) => paper.id)).toEqual(['2407.21783', '2401.00001']);
      expect(result.ok && result.library.papers[0]!.tags).toEqual(['llm']);
    }
  });

  it('takes a byte-order mark and Windows line ends', () => {
    const result = parseImport(`\uFEFF${files.bibtex.replace(/\n/g, '\r\n')}`, undefined, NOW);
    expect(result).toMatchObject({ ok: true, format: 'bibtex' });
  });

  it('fills what a format lacks with defaults', () => {
    const result = parseImport(files.bibtex, 'refs.bib', NOW);
    expect(result.ok && result.library.papers[1]).toMatchObject({
      sourceUrl: 'https://huggingface.co/papers/2401.00001',
      savedAt: NOW,
      abstract: 'An abstract.',
      upvotes: null,
      organization: null,
      state: 'to-read',
    });
  });

  it.each([
    ['truncated JSON', files.json.slice(0, files.json.length / 2), 'backup.json', /not valid JSON: it ends early/],
    ['JSON with a wrong type', files.json.replace('"title":"Paper 2401.00001"', '"title":null'), 'backup.json', /^Record 2 \(2401\.00001\): title: expected string, received null$/],
    ['a JSON record without an id', files.json.replace('"id":"2401.00001",', ''), undefined, /^Record 2: id: missing/],
    [
      'a BibTeX entry without an arXiv id',
      `${files.bibtex}\n@article{smith2024foo, title = {Elsewhere}, journal = {Nature}}`,
      'refs.bib',
      /^Entry 3 "smith2024foo" \(line \d+\) has no arXiv id/,
    ],
    ['a RIS record without an id', `${files.ris}TY  - JOUR\r\nTI  - Elsewhere\r\nER  - \r\n`, 'refs.ris', /^Record 3 \(line \d+, "Elsewhere"\) has no arXiv id/],
    ['a CSV row without an arXiv URL', `${files.csv}Elsewhere,https://example.com/post,1,,unread,,,,,,\r\n`, 'pocket.csv', /^Row 4 has no arXiv id in its URL/],
    ['an empty file', '  \n', 'x.json', /empty/],
    ['a Markdown export', '- [T](https://huggingface.co/papers/2407.21783)\n', 'list.md', /Markdown exports are for reading/],
    ['text in no known format', 'Dear diary,\ntoday I read papers.', 'notes.txt', /Could not tell the format/],
  ])('refuses %s with a message naming the record', (_, text, name, message) => {
    const result = parseImport(text, name, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
