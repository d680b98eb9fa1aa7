import { describe, expect, it } from 'vitest';
import { exportJson, parseJson } from '@/lib/library/formats/json';
import { Settings, type Library } from '@/lib/model/library';
import { Rule } from '@/lib/model/rule';
import { NOW, libraryPaper } from './test-data';


const library: Library = {
  papers: [
    libraryPaper('2407.21783', { note: 'Line one\n"quoted" {x} \\ 王', tags: ['llm', 'rl'], state: 'reading' }),
    libraryPaper('2401.00001', { organization: { name: 'meta-llama', fullname: 'Meta Llama' }, upvotes: null, abstract: null }),
    libraryPaper('1706.03762', { publishedAt: null, state: 'done', tags: ['rl'] }),
  ],
  tags: [
    { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
    { key: 'rl', name: 'RL', color: '#dc2626', createdAt: 2 },
  ],
  rules: [Rule.parse({ id: 'r1', pattern: 'diffusion', action: 'auto-tag', tag: 'LLM', createdAt: 3 })],
  settings: Settings.parse({ openMarksReading: false, keyBindings: { next: 'j' } }),
};

/** The export as an object, to damage before parsing. */
const exported = () => JSON.parse(exportJson(library, NOW)) as { papers: Record<string, unknown>[]; [key: string]: unknown };

describe('JSON export', () => {
  it('is versioned, with one record to a line', () => {
    const text = exportJson(library, NOW);
    expect(text.startsWith('{\n  "format": "paperlight",\n  "version": 1,\n  "exportedAt": "2024-08-01T00:00:00.000Z",\n  "papers": [\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'exportedAt', 'papers', 'tags', 'rules', 'settings']);
    const lines = text.split('\n');
    for (const paper of library.papers) expect(lines).toContain(`    ${JSON.stringify(paper)}${paper === library.papers.at(-1) ? '' : ','}`);
    expect(exportJson({ ...library, papers: [], rules: [] }, NOW)).toContain('  "papers": [],\n  "tags": [\n');
  });

  it('round-trips the library exactly', () => {
    const result = parseJson(exportJson(library, NOW));
    expect(result).toEqual({ ok: true, library });
  });

  it('takes an export without rules or settings, leaving them out', () => {
    const file = exported();
    delete file.rules;
    delete file.settings;
    const result = parseJson(JSON.stringify(file));
    expect(result.ok && Object.keys(result.library)).toEqual(['papers', 'tags']);
  });

  it('says a file cut short anywhere ends early', () => {
    const text = exportJson(library, NOW).trimEnd();
    for (let end = 1; end < text.length; end++) {
      const result = parseJson(text.slice(0, end));
      expect(!result.ok && result.error).toBe('The file is not valid JSON: it ends early (is it cut short?).');
    }
  });

  it.each([
    ['text that is not JSON', () => 'title,url\n', /not valid JSON/],
    ['JSON that is not ours', () => '{"papers": []}', /not a Paperlight export/],
    ['a newer version', () => JSON.stringify({ ...exported(), version: 2 }), /version 2, from a newer Paperlight/],
    ['papers that are not a list', () => JSON.stringify({ ...exported(), papers: {} }), /damaged: papers: expected array/],
    [
      'a wrong type',
      () => {
        const file = exported();
        file.papers[2]!.title = 42;
        return JSON.stringify(file);
      },
      /^Record 3 \(1706\.03762\): title: expected string, received number$/,
    ],
    [
      'a record without an id',
      () => {
        const file = exported();
        delete file.papers[1]!.id;
        return JSON.stringify(file);
      },
      /^Record 2: id: missing \(expected string\)$/,
    ],
    [
      'an id that is not arXiv',
      () => {
        const file = exported();
        file.papers[0]!.id = 'hep-th/9901001';
        return JSON.stringify(file);
      },
      /^Record 1 \(hep-th\/9901001\): id: not an arXiv id/,
    ],
    [
      'a bad state',
      () => {
        const file = exported();
        file.papers[0]!.state = 'finished';
        return JSON.stringify(file);
      },
      /^Record 1 \(2407\.21783\): state: expected one of "to-read"\|"reading"\|"done"$/,
    ],
    [
      'a tag the file does not define',
      () => {
        const file = exported();
        file.papers[1]!.tags = ['ghost'];
        return JSON.stringify(file);
      },
      /^Record 2 \(2401\.00001\): tags: "ghost" is not among the file's tags/,
    ],
    [
      'the same paper twice',
      () => {
        const file = exported();
        file.papers.push(file.papers[0]!);
        return JSON.stringify(file);
      },
      /^Records 1 and 4 are both 2407\.21783/,
    ],
    ['a bad tag colour', () => JSON.stringify({ ...exported(), tags: [{ key: 'llm', name: 'LLM', color: 'blue', createdAt: 1 }] }), /^Tag 1 \(llm\): color: not a #rrggbb colour/],
    ['a bad rule', () => JSON.stringify({ ...exported(), rules: [{ id: 'r1', pattern: ' ', createdAt: 1 }] }), /^Rule 1 \(r1\): pattern: A rule needs a pattern/],
    ['bad settings', () => JSON.stringify({ ...exported(), settings: { openMarksReading: 'yes' } }), /^Settings: openMarksReading: expected boolean/],
    // The checks the UI and the store make, made on an import too (issue #12 §5).
    ['a rule that does not compile', () => JSON.stringify({ ...exported(), rules: [{ id: 'r1', pattern: '(unclosed', kind: 'regex', createdAt: 1 }] }), /^Rule 1 \(r1\): pattern: .*(unterminated|Unterminated)/],
    ['a rule that nests repetition', () => JSON.stringify({ ...exported(), rules: [{ id: 'r1', pattern: '(a+)+$', kind: 'regex', createdAt: 1 }] }), /^Rule 1 \(r1\): pattern: This pattern nests repetition/],
    ['an auto-tag rule whose tag has a comma', () => JSON.stringify({ ...exported(), rules: [{ id: 'r1', pattern: 'x', action: 'auto-tag', tag: 'a, b', createdAt: 1 }] }), /^Rule 1 \(r1\): tag: A comma separates tags/],
    [
      'the same rule twice',
      () => JSON.stringify({ ...exported(), rules: [{ id: 'r1', pattern: 'Diffusion', createdAt: 1 }, { id: 'r2', pattern: 'diffusion', createdAt: 2 }] }),
      /^Rule 2 \(r2\): there is already a highlight rule for “Diffusion” \(rule 1\)/,
    ],
    ['a tag name with a comma', () => JSON.stringify({ ...exported(), tags: [{ key: 'a, b', name: 'a, b', color: '#2563eb', createdAt: 1 }], papers: [] }), /^Tag 1 \(a, b\): name: A comma separates tags/],
    ['a tag name of 120 characters', () => JSON.stringify({ ...exported(), tags: [{ key: 'x'.repeat(120), name: 'x'.repeat(120), color: '#2563eb', createdAt: 1 }], papers: [] }), /^Tag 1 \(x+\): name: A tag can have at most 40 characters \(this one has 120\)/],
    ['a tag whose key is not its name', () => JSON.stringify({ ...exported(), tags: [{ key: 'llm', name: 'RL', color: '#2563eb', createdAt: 1 }], papers: [] }), /^Tag 1 \(llm\): key: the key of “RL” is “rl”/],
    [
      'a paper tag that cannot be a tag, in a file without tags',
      () => {
        const file = exported();
        delete file.tags;
        file.papers[0]!.tags = ['a, b'];
        return JSON.stringify(file);
      },
      /^Record 1 \(2407\.21783\): tags: "a, b": A comma separates tags/,
    ],
    ['a key taken by another action', () => JSON.stringify({ ...exported(), settings: { keyBindings: { star: 'j' } } }), /^Settings: keyBindings: “j” is both “Next paper” and “Star \/ unstar”/],
    ['a key that cannot be bound', () => JSON.stringify({ ...exported(), settings: { keyBindings: { star: 'Ctrl+S' } } }), /^Settings: keyBindings: “Ctrl\+S” cannot be bound/],
    ['an action that does not exist', () => JSON.stringify({ ...exported(), settings: { keyBindings: { fly: 'f' } } }), /^Settings: keyBindings: there is no action “fly”/],
  ])('refuses %s, saying where', (_, text, message) => {
    const result = parseJson(text());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
