import { describe, expect, it } from 'vitest';
import { parseBibtex } from '@/lib/library/formats/bibtex';
import type { ImportedLibrary } from '@/lib/library/formats/imported';
import { exportJson, parseJson } from '@/lib/library/formats/json';
import { applyImport, planImport } from '@/lib/library/formats/plan';
import { NOTE_MAX, Settings, type Library } from '@/lib/model/library';
import { Rule } from '@/lib/model/rule';
import { NOW, libraryPaper } from './test-data';


const current: Library = {
  papers: [
    libraryPaper('2407.21783', { state: 'reading', note: 'mine', tags: ['llm'] }),
    libraryPaper('2401.00001', { state: 'done' }),
    libraryPaper('1706.03762', { tags: ['rl'] }),
  ],
  tags: [
    { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
    { key: 'rl', name: 'RL', color: '#dc2626', createdAt: 2 },
  ],
  rules: [Rule.parse({ id: 'r1', pattern: 'diffusion', createdAt: 1 }), Rule.parse({ id: 'r3', pattern: 'agents', createdAt: 1 })],
  settings: Settings.parse({ keyBindings: { next: 'j' } }),
};

/** A BibTeX file that knows paper 2407.21783 under a new title, and a new paper. */
function fromBibtex(): ImportedLibrary {
  const result = parseBibtex(
    String.raw`@misc{dubey2024llama,
  title = {The Llama 3 Herd of Models},
  author = {Ada Lovelace and Alan Turing},
  year = {2024}, month = jul,
  eprint = {2407.21783}, archivePrefix = {arXiv},
  keywords = {llm, Vision},
  note = {theirs},
  abstract = {An abstract.}
}
@misc{new2024, title = {A New Paper}, eprint = {2408.00001}, archivePrefix = {arXiv}, keywords = {Vision}}`,
    NOW + 1000,
  );
  if (!result.ok) throw new Error(result.error);
  return result.library;
}

describe('planImport: merge', () => {
  const plan = planImport(current, fromBibtex(), 'merge');

  it('adds new papers and updates only the fields the file carried', () => {
    expect(plan.papers.added.map((paper) => paper.id)).toEqual(['2408.00001']);
    // The date (2024-07) is a coarser form of ours; authors and abstract are the same.
    expect(plan.papers.updated).toEqual([{ id: '2407.21783', title: 'The Llama 3 Herd of Models', fields: ['title', 'note', 'tags'] }]);
    expect(plan.papers.unchanged).toEqual([]);
    expect(plan.papers.removed).toEqual([]);
  });

  it('keeps what the file could not say, joins notes and unites tags', () => {
    const paper = plan.library.papers.find((p) => p.id === '2407.21783')!;
    expect(paper).toMatchObject({
      state: 'reading',
      savedAt: NOW,
      publishedAt: '2024-07-31T17:54:27.000Z',
      upvotes: 3,
      note: 'mine\n\ntheirs',
      tags: ['llm', 'vision'],
    });
    expect(plan.library.papers.map((p) => p.id)).toEqual(['2407.21783', '2401.00001', '1706.03762', '2408.00001']);
  });

  it('adds new tags with a colour no tag uses yet, and never recolours from a file without colours', () => {
    expect(plan.tags.added).toEqual([{ key: 'vision', name: 'Vision', color: '#16a34a', createdAt: NOW + 1000 }]);
    expect(plan.tags.recoloured).toEqual([]);
    expect(plan.tags.removed).toEqual([]);
    expect(plan.library.tags.map((tag) => tag.key)).toEqual(['llm', 'rl', 'vision']);
    expect(plan.library.rules).toBe(current.rules);
    expect(plan.settings.changed).toEqual([]);
  });

  it('changes nothing when the same file comes again', () => {
    const again = planImport(plan.library, fromBibtex(), 'merge');
    expect(again.papers.added).toEqual([]);
    expect(again.papers.updated).toEqual([]);
    expect(again.papers.unchanged).toEqual(['2407.21783', '2408.00001']);
    expect(again.tags.added).toEqual([]);
    expect(applyImport(again)).toEqual(plan.library);
  });

  it('keeps our note when the joined one would be too long', () => {
    const long = { ...current, papers: [libraryPaper('2407.21783', { note: 'x'.repeat(NOTE_MAX - 3) })] };
    const result = planImport(long, fromBibtex(), 'merge');
    expect(result.library.papers[0]!.note).toBe('x'.repeat(NOTE_MAX - 3));
  });
});

describe('planImport: replace', () => {
  const plan = planImport(current, fromBibtex(), 'replace');

  it("makes the file's papers the library's, removing the others", () => {
    expect(plan.papers.removed.map((paper) => paper.id)).toEqual(['2401.00001', '1706.03762']);
    expect(plan.library.papers.map((paper) => paper.id)).toEqual(['2407.21783', '2408.00001']);
  });

  it("takes the file's note and tags, keeping what the file could not say", () => {
    expect(plan.library.papers[0]).toMatchObject({ note: 'theirs', tags: ['llm', 'vision'], state: 'reading', savedAt: NOW, upvotes: 3 });
  });

  it('removes tags no remaining paper has, keeping rules and settings the file lacks', () => {
    expect(plan.tags.removed.map((tag) => tag.key)).toEqual(['rl']);
    expect(plan.library.tags.map((tag) => [tag.key, tag.color])).toEqual([
      ['llm', '#2563eb'],
      ['vision', '#16a34a'],
    ]);
    expect(plan.library.rules).toBe(current.rules);
    expect(plan.library.settings).toBe(current.settings);
  });
});

describe('planImport from a JSON backup', () => {
  const backup: Library = {
    papers: [libraryPaper('2407.21783', { state: 'done', note: 'mine', tags: ['llm'] }), libraryPaper('2409.00001')],
    tags: [{ key: 'llm', name: 'Llm', color: '#9333ea', createdAt: 5 }],
    rules: [Rule.parse({ id: 'r1', pattern: 'diffusion models', createdAt: 1 }), Rule.parse({ id: 'r2', pattern: 'robots', createdAt: 2 })],
    settings: Settings.parse({ openMarksReading: false, keyBindings: { previous: 'k' } }),
  };
  const parsed = parseJson(exportJson(backup, NOW));
  if (!parsed.ok) throw new Error(parsed.error);
  const incoming = parsed.library;

  it('merge: every field counts, tags take the colours but keep our spelling, rules and settings merge', () => {
    const plan = planImport(current, incoming, 'merge');
    expect(plan.papers.updated).toEqual([{ id: '2407.21783', title: 'Paper 2407.21783', fields: ['state'] }]);
    expect(plan.papers.added.map((paper) => paper.id)).toEqual(['2409.00001']);
    expect(plan.tags.recoloured).toEqual([{ key: 'llm', from: '#2563eb', to: '#9333ea' }]);
    expect(plan.tags.renamed).toEqual([]);
    expect(plan.library.tags[0]).toEqual({ key: 'llm', name: 'LLM', color: '#9333ea', createdAt: 1 });
    expect(plan.rules.added.map((rule) => rule.id)).toEqual(['r2']);
    expect(plan.rules.updated.map((rule) => rule.pattern)).toEqual(['diffusion models']);
    expect(plan.rules.removed).toEqual([]);
    expect(plan.library.rules.map((rule) => rule.id)).toEqual(['r1', 'r3', 'r2']);
    expect(plan.settings.changed).toEqual(['openMarksReading', 'keyBindings']);
    expect(plan.library.settings.keyBindings).toEqual({ next: 'j', previous: 'k' });
  });

  it('replace: the library becomes the backup', () => {
    const plan = planImport(current, incoming, 'replace');
    expect(plan.library).toEqual(backup);
    expect(plan.tags.renamed).toEqual([{ key: 'llm', from: 'LLM', to: 'Llm' }]);
    expect(plan.tags.removed.map((tag) => tag.key)).toEqual(['rl']);
    expect(plan.rules.removed.map((rule) => rule.id)).toEqual(['r3']);
    expect(plan.papers.removed.map((paper) => paper.id)).toEqual(['2401.00001', '1706.03762']);
  });
});
