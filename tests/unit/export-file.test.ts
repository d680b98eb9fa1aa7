import { describe, expect, it } from 'vitest';
import { exportFile } from '@/lib/library/export-file';
import { exportBibtex } from '@/lib/library/formats/bibtex';
import { exportJson, exportJsonParts, parseJson } from '@/lib/library/formats/json';
import { Settings, type Library } from '@/lib/model/library';
import { Rule } from '@/lib/model/rule';
import { NOW, libraryPaper } from './test-data';

/** `count` papers, some with text that makes a string two-byte, and one with every kind of escape. */
function libraryOf(count: number): Library {
  const papers = Array.from({ length: count }, (_, n) =>
    libraryPaper(`2407.${String(10_000 + n)}`, {
      note: n % 3 === 0 ? 'Line one\n"quoted" {x} \\ 王 \u0000 \u2028' : '',
      abstract: n % 2 === 0 ? 'A herd of models — at ≥ 2× the speed.' : null,
      tags: n % 5 === 0 ? ['llm'] : [],
    }),
  );
  return {
    papers,
    tags: [{ key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 }],
    // A rule whose pattern is the very marker the pieces are cut at, and another array after the papers.
    rules: [Rule.parse({ id: 'r1', pattern: '\u0000papers', action: 'highlight', createdAt: 3 })],
    settings: Settings.parse({ openMarksReading: false }),
  };
}

describe('the JSON export in pieces (exportJsonParts)', () => {
  it.each([0, 1, 31, 32, 33, 100])('joins to exportJson’s text, byte for byte, with %i papers', (count) => {
    const library = libraryOf(count);
    expect(exportJsonParts(library, NOW).join('')).toBe(exportJson(library, NOW));
  });

  it('keeps every piece small', () => {
    const parts = exportJsonParts(libraryOf(100), NOW);
    expect(parts.length).toBeGreaterThan(4);
    const longest = Math.max(...parts.map((part) => part.length));
    expect(longest).toBeLessThan(exportJson(libraryOf(40), NOW).length);
  });
});

describe('exportFile', () => {
  it('a whole-library JSON file reads back as the same library', () => {
    const library = libraryOf(70);
    const file = exportFile('json', library, library.papers, NOW);
    expect(file).toMatchObject({ name: 'paperlight-2024-08-01.json', mime: 'application/json' });
    expect(parseJson(file.parts.join(''))).toEqual({ ok: true, library });
  });

  it('a selection carries only its own tags; other formats are one piece of their text', () => {
    const library = libraryOf(3);
    const chosen = library.papers.slice(1, 2);
    const json = exportFile('json', library, chosen, NOW);
    expect(json.name).toBe('paperlight-2024-08-01-1.json');
    expect(JSON.parse(json.parts.join(''))).toMatchObject({ tags: [] });
    expect(exportFile('bibtex', library, chosen, NOW).parts).toEqual([exportBibtex(chosen, library.tags)]);
  });
});
