import { describe, expect, it } from 'vitest';
import { WordScan, findTerms, hashesOf, pairHash1, pairHash2, stemWord, tokenize } from '@/lib/ranking/tokenize';
import { rankingPapers } from './ranking-data';

const terms = (text: string, options?: Parameters<typeof tokenize>[1]) => tokenize(text, options).map((token) => token.term);

describe('tokenize', () => {
  it('keeps words, drops stop words, numbers and one-letter words, stems plurals, adds bigrams', () => {
    expect(terms('Diffusion Models for Video Generation')).toEqual([
      'diffusion',
      'model',
      'diffusion model',
      'video',
      'model video', // a stop word does not break a phrase…
      'generation',
      'video generation',
    ]);
    // …a number does, and so does sentence punctuation.
    expect(terms('We train a 7B model on 1000 GPUs. Studies, classes')).toEqual(['train', '7b', 'train 7b', 'model', '7b model', 'gpus', 'study', 'classe']);
    // (The S-stemmer leaves "-us" alone and strips only the s of "-es": consistent, if not pretty.)
    expect(terms('graphs', { stem: false, bigrams: false })).toEqual(['graphs']);
  });

  it('reads letters of any script: accents, ligatures, full-width, decomposed accents', () => {
    expect(terms('Über café naïve', { bigrams: false })).toEqual(['über', 'café', 'naïve']);
    expect(terms('ﬁne ＧＰＴ cafe\u0301', { bigrams: false })).toEqual(['fine', 'gpt', 'café']);
    expect(terms('Модели диффузии', { bigrams: false })).toEqual(['модели', 'диффузии']);
  });

  it('splits Han, kana and Hangul runs into overlapping pairs of characters', () => {
    expect(terms('深度学习模型', { bigrams: false })).toEqual(['深度', '度学', '学习', '习模', '模型']);
    expect(terms('한국어 모델', { bigrams: false })).toEqual(['한국', '국어', '모델']);
  });

  it('reads LaTeX: formatting commands give the words inside, others their name, math symbols nothing', () => {
    expect(terms('$\\mathcal{O}(n^2)$ \\textbf{sparse} \\emph{attention} with $\\alpha$-entmax', { bigrams: false })).toEqual([
      'sparse',
      'attention',
      'alpha',
      'entmax',
    ]);
    expect(terms('\\textbf{sparse attention}')).toEqual(['sparse', 'attention', 'sparse attention']);
  });

  it('gives a hyphenated compound its parts and their bigram, as if written with a space', () => {
    expect(terms('vision-language models')).toEqual(terms('vision language models'));
    expect(terms('vision-language models')).toEqual(['vision', 'language', 'vision language', 'model', 'language model']);
    expect(terms('text-to-image')).toEqual(['text', 'image', 'text image']);
  });

  it('maps every term back to its text: a word to itself, a bigram from its first word to its second', () => {
    const text = 'PanGu-$π$: Über-efficient ﬁne-tuning of Vision-Language Models (VLMs) 深度学习';
    for (const token of tokenize(text)) {
      const source = text.slice(token.start, token.end);
      if (token.term.includes(' ')) {
        const [first, second] = token.term.split(' ');
        expect(terms(source, { bigrams: false })).toEqual([first, second]);
      } else {
        expect(terms(source, { bigrams: false })).toEqual([token.term]);
      }
    }
    expect(findTerms(text, new Set(['language model'])).map((t) => text.slice(t.start, t.end))).toEqual(['Language Models']);
  });

  it('offsets hold on real abstracts', () => {
    for (const paper of rankingPapers().slice(0, 200)) {
      for (const token of tokenize(paper.abstract ?? '', { bigrams: false })) {
        const source = paper.abstract!.slice(token.start, token.end);
        expect(stemWord(source.normalize('NFKC').toLowerCase())).toBe(token.term);
      }
    }
  });

  it('stems plurals only', () => {
    expect(['models', 'studies', 'series', 'analysis', 'class', 'corpus', 'gas', 'bias'].map(stemWord)).toEqual([
      'model',
      'study',
      'sery', // the S-stemmer's own rule (ies → y): consistent, if not pretty
      'analysis',
      'class',
      'corpus',
      'gas',
      'bia',
    ]);
  });
});

describe('WordScan: words by hash, as the trainer and the page count them', () => {
  const texts = [
    'PanGu-$π$: Über-efficient ﬁne-tuning of Vision-Language Models (VLMs) 深度学习 with \\alpha-Entmax',
    'Diffusion Models for Video Generation. Studies, classes, SERIES and Queries; GPUs 7B',
    ...rankingPapers()
      .slice(0, 300)
      .flatMap((paper) => [paper.title, paper.abstract ?? '']),
  ];

  it('gives the words tokenize gives, each with the hashes of its term', () => {
    for (const stem of [true, false]) {
      const scan = new WordScan({ stem });
      for (const text of texts) {
        const words = tokenize(text, { stem, bigrams: false });
        const count = scan.scan(text);
        const scanned = Array.from({ length: count }, (_, k) => ({ term: scan.term(k), start: scan.start[k], end: scan.end[k] }));
        expect(scanned).toEqual(words);
        const hashes = Array.from({ length: count }, (_, k) => [scan.hash1[k], scan.hash2[k]]);
        expect(hashes).toEqual(words.map((word) => hashesOf(word.term)));
      }
    }
  });

  it('a bigram’s hashes from its words’, as the page looks it up', () => {
    const scan = new WordScan();
    const text = 'Sparse graph transformers';
    scan.scan(text);
    expect(hashesOf('graph transformer')).toEqual([pairHash1(scan.hash1[1]!, scan.hash1[2]!), pairHash2(scan.hash2[1]!, scan.hash2[2]!)]);
    expect([...scan.joins.subarray(0, 3)]).toEqual([0, 1, 1]);
  });

  it('no two distinct terms of the data share their hashes', () => {
    const terms = new Set<string>();
    for (const paper of rankingPapers()) for (const token of tokenize(`${paper.title}. ${paper.abstract ?? ''}`)) terms.add(token.term);
    const keys = new Set([...terms].map((term) => hashesOf(term).join(',')));
    expect(terms.size).toBeGreaterThan(100_000);
    expect(keys.size).toBe(terms.size);
  });
});
