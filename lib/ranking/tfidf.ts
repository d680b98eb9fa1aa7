/**
 * TF-IDF for the trainer (background only): a vocabulary from the training papers, their sparse
 * rows, and a cache of each paper's term counts so retraining after one more save re-reads one
 * paper, not thousands. The values are features.ts's, which the page computes too.
 */
import { featureValue, paperFields, smoothIdf, sublinearTf, type FeatureOptions } from './features';
import type { SparseMatrix } from './logistic';
import type { PaperText } from './page-model';
import { forEachWord } from './tokenize';

/**
 * Terms interned as small numbers (words and bigrams alike), so counting a paper's terms builds no
 * strings and every count, document frequency and column lookup is an array index. Bigrams sit in
 * an open-addressing table of integers: a Map keyed by pairs would hash doubles, several times slower.
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  /** Id → the word, or "" for a bigram (whose words are in `firsts`/`seconds`). */
  private readonly words: string[] = [];
  private firsts = new Int32Array(1024);
  private seconds = new Int32Array(1024);
  private slots = new Int32Array(1 << 16).fill(-1);
  private pairCount = 0;
  /** A count per id, zero between papers: counting without a Map. */
  scratch = new Float64Array(1024);

  get size(): number {
    return this.words.length;
  }

  word(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.add(word, -1, -1);
      this.ids.set(word, id);
    }
    return id;
  }

  /** The id of the bigram of two word ids. */
  pair(first: number, second: number): number {
    const mask = this.slots.length - 1;
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77)) & mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id === -1) break;
      if (this.firsts[id] === first && this.seconds[id] === second) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.add('', first, second);
    this.slots[slot] = id;
    if (++this.pairCount * 2 > this.slots.length) this.rehash();
    return id;
  }

  term(id: number): string {
    const word = this.words[id]!;
    return word !== '' ? word : `${this.words[this.firsts[id]!]!} ${this.words[this.seconds[id]!]!}`;
  }

  private add(word: string, first: number, second: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id === this.firsts.length) {
      this.firsts = grow(this.firsts);
      this.seconds = grow(this.seconds);
      const scratch = new Float64Array(id * 2);
      scratch.set(this.scratch);
      this.scratch = scratch;
    }
    this.firsts[id] = first;
    this.seconds[id] = second;
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      if (this.words[id] !== '') continue;
      let slot = (Math.imul(this.firsts[id]!, 0x9e3779b1) ^ Math.imul(this.seconds[id]!, 0x85ebca77)) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** One paper's terms (dictionary ids), their counts, and its norm (features.ts). */
export interface DocumentTerms {
  ids: Int32Array;
  counts: Float64Array;
  norm: number;
}

/** Counts every word and bigram of a paper (the trainer's view; the page counts only what it needs). */
export function documentTerms(text: PaperText, dictionary: TermDictionary, options: FeatureOptions = {}): DocumentTerms {
  const bigrams = options.bigrams ?? true;
  const seen: number[] = [];
  // Words come first in `seen`, bigrams after.
  const bigramIds: number[] = [];
  for (const field of paperFields(text)) {
    let previous = -1;
    forEachWord(
      field,
      (term, _start, _end, joinsPrevious) => {
        const id = dictionary.word(term);
        if (dictionary.scratch[id]!++ === 0) seen.push(id);
        if (bigrams && joinsPrevious && previous >= 0) bigramIds.push(dictionary.pair(previous, id));
        previous = id;
      },
      options,
    );
  }
  const wordCount = seen.length;
  for (const id of bigramIds) if (dictionary.scratch[id]!++ === 0) seen.push(id);
  const scratch = dictionary.scratch; // read after the last pair(): adding terms may replace it
  const ids = Int32Array.from(seen);
  const counts = new Float64Array(ids.length);
  let sum = 0;
  for (let k = 0; k < ids.length; k++) {
    const count = scratch[ids[k]!]!;
    counts[k] = count;
    scratch[ids[k]!] = 0;
    // The norm counts words only (features.ts).
    if (k < wordCount) sum += sublinearTf(count) ** 2;
  }
  return { ids, counts, norm: sum > 0 ? Math.sqrt(sum) : 1 };
}

export interface VocabularyOptions {
  /** A term must occur in at least this many training papers (rarer ones cannot generalise). */
  minDf: number;
  /** …and in at most this share of them (a term in every other paper tells nothing apart). */
  maxDfRatio: number;
  /** At most this many columns, the most frequent kept (as arxiv-sanity does): the solver's cost
   * per step grows with the columns, and the page keeps a few thousand terms anyway. */
  maxTerms: number;
}

export const DEFAULT_VOCABULARY: VocabularyOptions = { minDf: 2, maxDfRatio: 0.5, maxTerms: 30_000 };

export interface Vocabulary {
  terms: string[];
  idf: Float64Array;
  /** Dictionary id → column, −1 where the term is no column. */
  column: Int32Array;
}

/** FNV-1a over a paper's text: a changed title or abstract is re-read, an unchanged one is not. */
export function textHash(text: PaperText): number {
  let hash = 0x811c9dc5;
  const mix = (value: string) => {
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  };
  mix(text.title);
  mix(text.abstract ?? '');
  for (const keyword of text.keywords ?? []) mix(keyword);
  return hash >>> 0;
}

/**
 * Term counts by paper id and text hash. Papers no longer asked for are dropped by `prune`, so the
 * cache holds what the last training read and no more.
 */
export class TermCountCache {
  private readonly entries = new Map<string, { hash: number; terms: DocumentTerms }>();
  readonly dictionary = new TermDictionary();
  constructor(readonly options: FeatureOptions = {}) {}

  get(id: string, text: PaperText): DocumentTerms {
    const hash = textHash(text);
    const cached = this.entries.get(id);
    if (cached && cached.hash === hash) return cached.terms;
    const terms = documentTerms(text, this.dictionary, this.options);
    this.entries.set(id, { hash, terms });
    return terms;
  }

  /** Forgets every paper not in `keep`. */
  prune(keep: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!keep.has(id)) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The columns: terms in enough papers and not in too many, numbered in order of first appearance (so
 * the same papers in the same order give the same columns, whatever the cache held before). */
export function buildVocabulary(
  documents: readonly DocumentTerms[],
  dictionary: TermDictionary,
  options: VocabularyOptions = DEFAULT_VOCABULARY,
): Vocabulary {
  const frequency = new Int32Array(dictionary.size);
  for (const document of documents) for (const id of document.ids) frequency[id]!++;
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * documents.length));
  const minDf = Math.max(options.minDf, dfCutoff(frequency, options.minDf, maxDf, options.maxTerms));
  const terms: string[] = [];
  const idf: number[] = [];
  const column = new Int32Array(dictionary.size).fill(-1);
  for (const document of documents) {
    for (const id of document.ids) {
      const df = frequency[id]!;
      if (df < minDf || df > maxDf || column[id] !== -1) continue;
      column[id] = terms.length;
      terms.push(dictionary.term(id));
      idf.push(smoothIdf(df, documents.length));
    }
  }
  return { terms, idf: Float64Array.from(idf), column };
}

/** The lowest document frequency that keeps at most `maxTerms` terms (whole frequencies only, so
 * the cut does not depend on the order of the papers). */
function dfCutoff(frequency: Int32Array, minDf: number, maxDf: number, maxTerms: number): number {
  const histogram = new Int32Array(maxDf + 2);
  for (const df of frequency) if (df >= minDf && df <= maxDf) histogram[df]!++;
  let kept = 0;
  for (let df = maxDf; df >= minDf; df--) {
    if (kept + histogram[df]! > maxTerms) return df + 1;
    kept += histogram[df]!;
  }
  return minDf;
}

/** The papers' TF-IDF rows over the vocabulary (terms outside it are left out). */
export function vectorise(documents: readonly DocumentTerms[], vocabulary: Vocabulary): SparseMatrix {
  const rowStart = new Int32Array(documents.length + 1);
  let total = 0;
  for (const document of documents) total += document.ids.length;
  const columns = new Int32Array(total);
  const values = new Float64Array(total);
  let at = 0;
  documents.forEach((document, row) => {
    for (let k = 0; k < document.ids.length; k++) {
      const column = vocabulary.column[document.ids[k]!] ?? -1;
      if (column < 0) continue;
      columns[at] = column;
      values[at] = featureValue(document.counts[k]!, vocabulary.idf[column]!, document.norm);
      at++;
    }
    rowStart[row + 1] = at;
  });
  return { rows: documents.length, columns: vocabulary.terms.length, rowStart, index: columns.subarray(0, at), value: values.subarray(0, at) };
}
