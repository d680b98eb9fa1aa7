import { describe, expect, it } from 'vitest';
import { escapeMarkdown, exportMarkdown } from '@/lib/library/formats/markdown';
import type { Tag } from '@/lib/model/records';
import { libraryPaper as saved } from './test-data';

const libraryPaper = (id: string, overrides: Parameters<typeof saved>[1] = {}) => saved(id, { savedAt: 0, ...overrides });

const tags: Tag[] = [
  { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
  { key: 'to_cite', name: 'To_cite', color: '#dc2626', createdAt: 2 },
];

describe('Markdown export', () => {
  it('lists papers with authors, tags and the note as a quote', () => {
    const md = exportMarkdown(
      [
        libraryPaper('2407.21783', {
          title: 'The Llama 3 Herd of Models',
          authors: ['A One', 'B Two', 'C Three', 'D Four'],
          tags: ['llm', 'to_cite'],
          note: 'First line\n\n- not a list\n1. not a list either',
        }),
        libraryPaper('2401.00001', { title: 'Bare', authors: [], tags: [], note: '' }),
      ],
      tags,
    );
    expect(md).toBe(
      [
        '- [The Llama 3 Herd of Models](https://huggingface.co/papers/2407.21783) — A One, B Two, C Three et al. · tags: LLM, To\\_cite',
        '  > First line',
        '  >',
        '  > \\- not a list',
        '  > 1\\. not a list either',
        '- [Bare](https://huggingface.co/papers/2401.00001)',
        '',
      ].join('\n'),
    );
  });

  it('escapes what Markdown would read as links, emphasis, code or HTML', () => {
    expect(escapeMarkdown('[x](javascript:alert(1)) *a* _b_ `c` \\ <img src=x onerror=alert(1)>')).toBe(
      '\\[x\\]\\(javascript:alert\\(1\\)\\) \\*a\\* \\_b\\_ \\`c\\` \\\\ \\<img src=x onerror=alert\\(1\\)\\>',
    );
    const md = exportMarkdown([libraryPaper('2407.21783', { title: 'A [bracketed] (title)\nwith a line break', note: '> *quote*' })], tags);
    expect(md).toBe(
      '- [A \\[bracketed\\] \\(title\\) with a line break](https://huggingface.co/papers/2407.21783) — Ada Lovelace, Alan Turing\n  > \\> \\*quote\\*\n',
    );
  });
});
