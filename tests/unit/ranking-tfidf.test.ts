import { describe, expect, it } from 'vitest';
import { featureValue, smoothIdf } from '@/lib/ranking/features';
import { TermCountCache, TermDictionary, buildVocabulary, documentTerms, textHash, vectorise } from '@/lib/ranking/tfidf';

const paper = (title: string, abstract: string | null = null) => ({ title, abstract });

describe('TF-IDF', () => {
  const dictionary = new TermDictionary();
  const corpus = [paper('graph networks', 'Graph networks on graphs.'), paper('sparse transformers'), paper('graph transformers')].map((text) =>
    documentTerms(text, dictionary, { bigrams: false }),
  );
  const vocabulary = buildVocabulary(corpus, dictionary, { minDf: 1, maxDfRatio: 1, maxTerms: 100 });
  const matrix = vectorise(corpus, vocabulary);
  const row = (r: number) => {
    const values: Record<string, number> = {};
    for (let k = matrix.rowStart[r]!; k < matrix.rowStart[r + 1]!; k++) values[vocabulary.terms[matrix.index[k]!]!] = matrix.value[k]!;
    return values;
  };

  it('smooth idf: ln((1 + n) / (1 + df)) + 1', () => {
    expect(vocabulary.terms).toEqual(['graph', 'network', 'sparse', 'transformer']);
    expect([...vocabulary.idf]).toEqual([Math.log(4 / 3) + 1, Math.log(4 / 2) + 1, Math.log(4 / 2) + 1, Math.log(4 / 3) + 1]);
  });

  it('sublinear tf × idf, over the norm of the paper’s own sublinear word counts', () => {
    // Paper 0: graph × 3, network × 2 (title and abstract together).
    const norm = Math.hypot(1 + Math.log(3), 1 + Math.log(2));
    expect(row(0).graph).toBeCloseTo(((1 + Math.log(3)) * (Math.log(4 / 3) + 1)) / norm, 12);
    expect(row(0).network).toBeCloseTo(featureValue(2, smoothIdf(1, 3), norm), 12);
    expect(row(1)).toEqual({ sparse: smoothIdf(1, 3) / Math.SQRT2, transformer: smoothIdf(2, 3) / Math.SQRT2 });
  });

  it('min and max document frequency, the vocabulary cap', () => {
    expect(buildVocabulary(corpus, dictionary, { minDf: 2, maxDfRatio: 1, maxTerms: 100 }).terms).toEqual(['graph', 'transformer']);
    expect(buildVocabulary(corpus, dictionary, { minDf: 1, maxDfRatio: 0.5, maxTerms: 100 }).terms).toEqual(['network', 'sparse']);
    // At most 3 terms: df ≥ 2 keeps 2, df ≥ 1 would keep 4, so the cut is at 2.
    expect(buildVocabulary(corpus, dictionary, { minDf: 1, maxDfRatio: 1, maxTerms: 3 }).terms).toEqual(['graph', 'transformer']);
  });

  it('bigrams are terms of their own, not part of the norm', () => {
    const withBigrams = new TermDictionary();
    const document = documentTerms(paper('sparse graph transformers'), withBigrams);
    expect([...document.ids].map((id) => withBigrams.term(id))).toEqual(['sparse', 'graph', 'transformer', 'sparse graph', 'graph transformer']);
    expect(document.norm).toBeCloseTo(Math.sqrt(3), 12);
  });
});

describe('TermCountCache', () => {
  it('reads a paper once, again only when its text changes, and forgets what it is not asked for', () => {
    const cache = new TermCountCache();
    const first = cache.get('a', paper('graph transformers'));
    expect(cache.get('a', paper('graph transformers'))).toBe(first);
    expect(cache.get('a', paper('graph transformers', 'now with an abstract'))).not.toBe(first);
    cache.get('b', paper('other'));
    cache.prune(new Set(['b']));
    expect(cache.size).toBe(1);
    expect(textHash(paper('x', 'y'))).not.toBe(textHash(paper('xy')));
  });
});
