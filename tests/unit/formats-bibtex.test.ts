import { parse as independentParse, type Creator } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { exportBibtex, parseBibtex, type BibtexPaper } from '@/lib/library/formats/bibtex';
import { escapeLatex, latexToText } from '@/lib/library/formats/latex';
import type { Tag } from '@/lib/model/records';
import { NOW, libraryPaper } from './test-data';


const tags: Tag[] = [
  { key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 },
  { key: 'to cite', name: 'To cite', color: '#dc2626', createdAt: 2 },
  { key: 'r&d_50%', name: 'R&D_50%', color: '#16a34a', createdAt: 3 },
];

const TRICKY_TITLES = [
  'Sets {x} and {y}: a {nested {group}}',
  'A lone } brace and a lone { brace',
  '100% of $5 & #1 with snake_case ^caret ~tilde \\backslash',
  'Über naïve Ångström façades: Łódź, Dvořák, Nguyễn',
  '大规模语言模型 — Обучение — Ελληνικά — 日本語のタイトル',
  'Quotes "inside" and an @ sign',
];

/** The independent parser's reading, with no title casing and no markup. */
function independent(bib: string) {
  const library = independentParse(bib, { english: false, caseProtection: false });
  expect(library.errors).toEqual([]);
  return library.entries;
}

const fullName = (creator: Creator) => creator.name ?? [creator.firstName, creator.lastName].filter(Boolean).join(' ');

describe('BibTeX export, read by an independent parser (@retorquere/bibtex-parser)', () => {
  const papers: BibtexPaper[] = TRICKY_TITLES.map((title, i) =>
    libraryPaper(`2407.2178${i}`, {
      title,
      authors: ['Łukasz Kaiser', 'Jürgen Müller', '王小明', 'Barnes and Noble Lab'],
      abstract: `Abstract of {${title}} with 50% & $ signs.`,
      note: 'Read § 3 — compare with {x}_1 & y^2 ~ 10%.',
      tags: ['llm', 'to cite'],
    }),
  );
  papers[0] = { ...papers[0]!, primaryClass: 'cs.CL' };
  const bib = exportBibtex(papers, tags);
  const entries = independent(bib);

  it('gives one entry per paper with unique keys', () => {
    expect(entries).toHaveLength(papers.length);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(papers.length);
    expect(entries.every((entry) => entry.type === 'misc')).toBe(true);
  });

  it.each(TRICKY_TITLES.map((title, i) => [title, i]))('keeps the title %j exactly', (title, i) => {
    expect(entries[i as number]!.fields.title).toBe(title);
  });

  it('writes authors, date, arXiv fields, url, keywords, note and abstract', () => {
    const { fields } = entries[0]!;
    expect(fields.author?.map(fullName)).toEqual(['Łukasz Kaiser', 'Jürgen Müller', '王小明', 'Barnes and Noble Lab']);
    expect(fields.year).toBe('2024');
    expect(fields.month).toBe('7');
    expect(fields.eprint).toBe('2407.21780');
    expect(fields.archiveprefix).toBe('arXiv');
    expect(fields.primaryclass).toBe('cs.CL');
    expect(fields.url).toBe('https://arxiv.org/abs/2407.21780');
    expect(fields.keywords).toEqual(['LLM', 'To cite']);
    expect(fields.note).toBe('Read § 3 — compare with {x}_1 & y^2 ~ 10%.');
    expect(fields.abstract).toBe(`Abstract of {${TRICKY_TITLES[0]}} with 50% & $ signs.`);
    expect(entries[1]!.fields.primaryclass).toBeUndefined();
  });

  it('leaves out what a paper does not have, and dates it by its id when it has no date', () => {
    const bare = libraryPaper('2312.00042', { authors: [], abstract: null, publishedAt: null, note: '', tags: [] });
    const [entry] = independent(exportBibtex([bare], tags));
    expect(entry!.fields).toEqual({
      title: 'Paper 2312.00042',
      year: '2023',
      month: '12',
      eprint: '2312.00042',
      archiveprefix: 'arXiv',
      url: 'https://arxiv.org/abs/2312.00042',
    });
  });

  it('keeps every brace balanced, whatever the text', () => {
    const nasty = libraryPaper('2401.00001', { title: '}}}{{{ }{', note: '{', abstract: '}', tags: [] });
    const bib = exportBibtex([nasty], tags);
    let depth = 0;
    for (const c of bib) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const [entry] = independent(bib);
    expect(entry!.fields.title).toBe('}}}{{{ }{');
  });
});

describe('BibTeX round trip through our own parser', () => {
  it('gives back titles, authors, tags, notes and abstracts', () => {
    const papers = TRICKY_TITLES.map((title, i) =>
      libraryPaper(`2407.2178${i}`, {
        title,
        authors: ['Łukasz Kaiser', 'Barnes and Noble Lab'],
        note: 'Line one\nLine "two", with, commas & 50%\n\n  indented {x}',
        tags: i % 2 ? ['llm', 'r&d_50%'] : [],
        publishedAt: '2024-07-31',
      }),
    );
    const result = parseBibtex(exportBibtex(papers, tags), NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { library } = result;
    expect(library.papers.map((paper) => [paper.id, paper.title, paper.authors, paper.note, paper.abstract, paper.tags])).toEqual(
      papers.map((paper) => [paper.id, paper.title, paper.authors, paper.note, paper.abstract, paper.tags]),
    );
    // The date, to the day (biblatex's `date`; BibTeX's year and month are for citing).
    expect(library.papers[0]!.publishedAt).toBe('2024-07-31');
    expect(library.tags?.map((tag) => [tag.key, tag.name])).toEqual([
      ['llm', 'LLM'],
      ['r&d_50%', 'R&D_50%'],
    ]);
    expect(library.tagColours).toBe('picked');
    // State, save time and page metadata are not in BibTeX, so a merge must not take them.
    expect(library.carried?.['2407.21781']).toEqual(['title', 'authors', 'publishedAt', 'abstract', 'note', 'tags']);
  });
});

describe('BibTeX from other tools', () => {
  it('reads arXiv, Google Scholar, Zotero and bare-link entries', () => {
    const bib = String.raw`
This text outside entries is a comment, as is the e-mail someone@example.org.
@misc{dubey2024llama3herdmodels,
      title={The Llama 3 Herd of Models},
      author={Abhimanyu Dubey and Abhinav Jauhri and others},
      year={2024},
      eprint={2407.21783},
      archivePrefix={arXiv},
      primaryClass={cs.AI},
      url={https://arxiv.org/abs/2407.21783},
}

@article{vaswani2017attention,
  title={Attention is all you need},
  author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},
  journal={arXiv preprint arXiv:1706.03762},
  year={2017}
}

@online{kingma2014adam,
  title = {Adam: {{A Method}} for {{Stochastic Optimization}}},
  author = {Kingma, Diederik P. and Ba, Jimmy},
  date = {2014-12-22},
  eprint = {1412.6980v9},
  eprinttype = {arxiv},
  doi = {10.48550/arXiv.1412.6980},
  keywords = {Optimization,To read ,},
  abstract = {We introduce Adam,
    an algorithm.},
}

@inproceedings{he2016,
  title = "Deep Residual Learning",
  author = "He, Kaiming and Zhang, Xiangyu",
  url = "https://arxiv.org/pdf/1512.03385v1.pdf",
  month = dec, year = 2015
}

@misc(doi2023,
  title = {Found by its DOI},
  doi = {https://doi.org/10.48550/arXiv.2310.06825}
)`;
    const result = parseBibtex(bib, NOW);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const papers = result.library.papers;
    expect(papers.map((paper) => paper.id)).toEqual(['2407.21783', '1706.03762', '1412.6980', '1512.03385', '2310.06825']);
    expect(papers[0]).toMatchObject({
      title: 'The Llama 3 Herd of Models',
      authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
      publishedAt: '2024',
      sourceUrl: 'https://huggingface.co/papers/2407.21783',
      savedAt: NOW,
      state: 'to-read',
      abstract: null,
      upvotes: null,
      organization: null,
      note: '',
      tags: [],
    });
    expect(papers[1]!.authors).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
    expect(papers[2]).toMatchObject({
      title: 'Adam: A Method for Stochastic Optimization',
      authors: ['Diederik P. Kingma', 'Jimmy Ba'],
      publishedAt: '2014-12-22',
      abstract: 'We introduce Adam,\n    an algorithm.',
      tags: ['optimization', 'to read'],
    });
    expect(papers[3]).toMatchObject({ title: 'Deep Residual Learning', publishedAt: '2015-12' });
    expect(result.library.tags?.map((tag) => tag.name)).toEqual(['Optimization', 'To read']);
  });

  it('skips @comment and @preamble, expands @string macros and # concatenation', () => {
    const bib = String.raw`
@preamble{ "\newcommand{\noopsort}[1]{} " # "\newcommand{\x}{}" }
@comment{ @misc{not, title = {an entry}} }
@string{ arxiv = "arXiv preprint arXiv:" }
@STRING(first = {The {Curious}})
@misc{concat,
  title = first # " Case of " # {\emph{Benjamin}} # " Button",
  journal = arxiv # "2401.12345",
  note = "A {"}quoted{"} word, and {braces}",
  month = "Jul",
  year = 2024,
}`;
    const result = parseBibtex(bib, NOW);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.library.papers).toHaveLength(1);
    expect(result.library.papers[0]).toMatchObject({
      id: '2401.12345',
      title: 'The Curious Case of Benjamin Button',
      note: 'A "quoted" word, and braces',
      publishedAt: '2024-07',
    });
  });

  it('turns LaTeX accents and escapes into text', () => {
    const bib = String.raw`@misc{accents,
  title = {G{\"o}del, Escher, \'{E}tienne, Fran\c{c}ois, na\"{\i}ve, Stra\ss e, {\L}{\'o}d{\'z}, \v{S}koda, Ha\v cek, 50\% \& \$1 \_x\_ \#2 \{set\} \textasciitilde\ \textbackslash{}},
  author = {M{\"u}ller, J{\"u}rgen and {\L}ukasz Kaiser and {\AA}ngstr{\"o}m, Anders and {Barnes and Noble}},
  eprint = {2401.00001}, archiveprefix = {arXiv}
}`;
    const result = parseBibtex(bib, NOW);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.library.papers[0]!.title).toBe('Gödel, Escher, Étienne, François, naïve, Straße, Łódź, Škoda, Haček, 50% & $1 _x_ #2 {set} ~ \\');
    expect(result.library.papers[0]!.authors).toEqual(['Jürgen Müller', 'Łukasz Kaiser', 'Anders Ångström', 'Barnes and Noble']);
  });

  it('refuses the whole file when one entry has no arXiv id, naming the entry', () => {
    const bib = `@misc{ok2024, title = {Fine}, eprint = {2401.00001}, archivePrefix = {arXiv}}
@article{smith2024foo, title = {A journal paper}, journal = {Nature}, doi = {10.1038/s41586-024-00001-1}}`;
    const result = parseBibtex(bib, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/Entry 2 "smith2024foo" \(line 2\) has no arXiv id/);
  });

  it('does not take an eprint from another archive for an arXiv id', () => {
    const result = parseBibtex('@misc{pm, title = {T}, eprint = {2401.00001}, eprinttype = {pubmed}}', NOW);
    expect(!result.ok && result.error).toMatch(/"pm".*no arXiv id/);
  });

  it.each([
    ['a cut-short file', '@misc{a, title = {The Llama', /line 1: entry 1 \("a"\): a "\{" is never closed/],
    ['an entry that never ends', '@misc{a, title = {T}, eprint = {2401.00001}', /entry 1 \("a"\) never ends/],
    ['a missing =', '@misc{a,\n title {T}}', /line 2: entry 1 \("a"\): expected "=" after title/],
    ['no entries', 'just some text', /no entries/],
    ['the same paper twice', '@misc{a, eprint={2401.00001}, title={T}}\n@misc{b, url={https://arxiv.org/abs/2401.00001v2}, title={T}}', /Entry 2 "b".*again.*"a"/],
    ['an entry without a title', '@misc{a, eprint={2401.00001}}', /Entry 1 "a".*2401\.00001.*title: missing/],
  ])('refuses %s with a message', (_, bib, message) => {
    const result = parseBibtex(bib, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});

describe('BibTeX keywords that cannot be tags as they are', () => {
  it('shortens one too long for a tag and takes the file, saying so', () => {
    const long = `Reinforcement learning from human feedback ${'x'.repeat(20)}`;
    const result = parseBibtex(`@misc{a, eprint={2401.00001}, title={T}, keywords={${long}, LLM}}`, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const shortened = [...long].slice(0, 40).join('').trim();
    expect(result.library.tags?.map((tag) => tag.name)).toEqual([shortened, 'LLM']);
    expect(result.library.papers[0]!.tags).toEqual([shortened.toLowerCase(), 'llm']);
    expect(result.library.adjusted).toEqual([`Entry 1 "a" (2401.00001): the keyword “${long}” is longer than a tag may be (40 characters): shortened to “${shortened}”.`]);
  });

  it('still refuses a malformed entry', () => {
    const result = parseBibtex(`@misc{a, eprint={2401.00001}, title={T}, keywords={${'x'.repeat(41)}}\n@misc{b, title = {T`, NOW);
    expect(result.ok).toBe(false);
  });
});

describe('LaTeX text', () => {
  it.each(['plain', '{}', '\\', '$x$ & 100%', '~^_#', 'a { b } c } d {', 'Ünïcode 王'])('escapes %j reversibly', (text) => {
    expect(latexToText(escapeLatex(text))).toBe(text);
  });

  it('keeps unknown commands rather than losing them', () => {
    expect(latexToText('The $\\alpha$-{Net} of \\emph{Things}')).toBe('The \\alpha-Net of Things');
  });
});
