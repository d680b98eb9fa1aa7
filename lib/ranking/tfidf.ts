/**
 * TF-IDF for the trainer (background only): a vocabulary from the training papers, their sparse
 * rows, and a cache of each paper's term counts so retraining after one more save re-reads one
 * paper, not thousands. The values are features.ts's, which the page computes too.
 */
import { featureValue, normTerm, paperNorm, smoothIdf, type FeatureOptions } from './features';
import type { SparseMatrix } from './logistic';
import type { PaperText } from './page-model';
import { WordScan, termHash1, termHash2 } from './tokenize';

/**
 * Terms interned as small numbers (words and bigrams alike), so counting a paper's terms builds no
 * strings and every count, document frequency and column lookup is an array index. Words are found
 * by their two hashes (tokenize.ts's WordScan), bigrams by their two word ids, both in
 * open-addressing tables of integers: a Map keyed by strings or pairs would hash each time anew.
 */
export class TermDictionary {
  /** Id → the word, or "" for a bigram (whose words are in `firsts`/`seconds`). */
  private readonly words: string[] = [];
  private firsts = new Int32Array(1024);
  private seconds = new Int32Array(1024);
  /** Open addressing, 4 numbers a slot so that a probe reads one cache line: a word's two hashes
   * and its id + 1 (0: empty); a bigram's two word ids and its id + 1. */
  private wordTable = new Int32Array(4 << 15);
  private wordCount = 0;
  private pairTable = new Int32Array(4 << 18); // 4 MB: most libraries' bigrams without growing
  private pairCount = 0;
  /** A count per id, zero between papers: counting without a Map. */
  scratch = new Int32Array(1024);

  get size(): number {
    return this.words.length;
  }

  /** The id of a word (a term without a space). */
  word(word: string): number {
    return this.wordOf(termHash1(word), termHash2(word), word, null, 0);
  }

  /** The id of the word of hashes h1, h2; a new one's text is `word`, or else word `k` of `scan`. */
  wordOf(h1: number, h2: number, word: string | null, scan: WordScan | null, k: number): number {
    const table = this.wordTable;
    const mask = (table.length >> 2) - 1;
    let slot = (h1 ^ (h1 >>> 16)) & mask;
    for (;;) {
      const at = slot << 2;
      const id = table[at + 2]!;
      if (id === 0) break;
      if (table[at] === h1 && table[at + 1] === h2) return id - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.add(word ?? scan!.term(k), -1, -1);
    const at = slot << 2;
    table[at] = h1;
    table[at + 1] = h2;
    table[at + 2] = id + 1;
    if (++this.wordCount > MAX_LOAD * (mask + 1)) this.wordTable = rehash(table, (h1: number) => h1 ^ (h1 >>> 16));
    return id;
  }

  /** The id of the bigram of two word ids. */
  pair(first: number, second: number): number {
    const table = this.pairTable;
    const mask = (table.length >> 2) - 1;
    let slot = pairSlot(first, second) & mask;
    for (;;) {
      const at = slot << 2;
      const id = table[at + 2]!;
      if (id === 0) break;
      if (table[at] === first && table[at + 1] === second) return id - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.add('', first, second);
    const at = slot << 2;
    table[at] = first;
    table[at + 1] = second;
    table[at + 2] = id + 1;
    if (++this.pairCount > MAX_LOAD * (mask + 1)) this.pairTable = rehash(table, pairSlot);
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
      this.scratch = grow(this.scratch);
    }
    this.firsts[id] = first;
    this.seconds[id] = second;
    return id;
  }
}

/** Tables grow past this share of slots taken (linear probing stays short below it). */
const MAX_LOAD = 0.7;

const pairSlot = (first: number, second: number): number => Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77);

/** A table of 4-number slots twice the size, each entry placed again by `slotOf(its first number, its second)`. */
function rehash(table: Int32Array<ArrayBuffer>, slotOf: (a: number, b: number) => number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(table.length * 2);
  const mask = (bigger.length >> 2) - 1;
  for (let from = 0; from < table.length; from += 4) {
    if (table[from + 2] === 0) continue;
    let slot = slotOf(table[from]!, table[from + 1]!) & mask;
    while (bigger[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask;
    const to = slot << 2;
    bigger[to] = table[from]!;
    bigger[to + 1] = table[from + 1]!;
    bigger[to + 2] = table[from + 2]!;
  }
  return bigger;
}

function grow(array: Int32Array<ArrayBuffer>, size = array.length * 2): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

/** One paper's terms (dictionary ids: its words in order of first appearance, then its bigrams),
 * their counts, and its norm (features.ts). */
export interface DocumentTerms {
  ids: Int32Array;
  counts: Int32Array;
  norm: number;
}

/** Reused from paper to paper (the trainer reads one at a time). */
const scanners = { stem: new WordScan({ stem: true }), plain: new WordScan({ stem: false }) };
let seenIds = new Int32Array(4096);
let pairIds = new Int32Array(4096);
/** Numbers per block of papers' terms (a block lives while any paper in it is cached). */
const BLOCK = 1 << 16;
let block = new Int32Array(BLOCK);
let blockUsed = 0;

/** Counts every word and bigram of a paper (the trainer's view; the page counts only what it needs). */
export function documentTerms(text: PaperText, dictionary: TermDictionary, options: FeatureOptions = {}): DocumentTerms {
  const bigrams = options.bigrams ?? true;
  const scan = (options.stem ?? true) ? scanners.stem : scanners.plain;
  let seen = 0;
  let pairs = 0;
  const count = (field: string) => {
    const words = scan.scan(field);
    if (seen + words > seenIds.length) seenIds = grow(seenIds, Math.max(seenIds.length * 2, seen + words));
    if (pairs + words > pairIds.length) pairIds = grow(pairIds, Math.max(pairIds.length * 2, pairs + words));
    const { hash1, hash2, joins } = scan;
    let previous = -1;
    for (let k = 0; k < words; k++) {
      const id = dictionary.wordOf(hash1[k]!, hash2[k]!, null, scan, k);
      if (dictionary.scratch[id]!++ === 0) seenIds[seen++] = id;
      if (bigrams && joins[k] === 1 && previous >= 0) pairIds[pairs++] = dictionary.pair(previous, id);
      previous = id;
    }
  };
  count(text.title);
  if (text.abstract) count(text.abstract);
  if (text.keywords) for (const keyword of text.keywords) count(keyword);
  // Words first, bigrams after (their order of first appearance: the columns' order).
  const wordCount = seen;
  if (seen + pairs > seenIds.length) seenIds = grow(seenIds, seen + pairs);
  for (let k = 0; k < pairs; k++) {
    const id = pairIds[k]!;
    if (dictionary.scratch[id]!++ === 0) seenIds[seen++] = id;
  }
  const scratch = dictionary.scratch; // read after the last pair(): adding terms may replace it
  // Views into a shared block, not arrays of their own: thousands of small typed arrays would each
  // cost an allocation of their own memory and bring the garbage collector round sooner.
  if (blockUsed + 2 * seen > block.length) {
    block = new Int32Array(Math.max(BLOCK, 2 * seen));
    blockUsed = 0;
  }
  const ids = block.subarray(blockUsed, blockUsed + seen);
  const counts = block.subarray(blockUsed + seen, blockUsed + 2 * seen);
  blockUsed += 2 * seen;
  let sum = 0;
  for (let k = 0; k < seen; k++) {
    const id = seenIds[k]!;
    ids[k] = id;
    const c = scratch[id]!;
    counts[k] = c;
    scratch[id] = 0;
    // The norm counts words only (features.ts).
    if (k < wordCount) sum += normTerm(c);
  }
  return { ids, counts, norm: paperNorm(sum) };
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

function sameText(a: PaperText, b: PaperText): boolean {
  if (a.title !== b.title || (a.abstract ?? null) !== (b.abstract ?? null)) return false;
  const x = a.keywords ?? [];
  const y = b.keywords ?? [];
  return x.length === y.length && x.every((keyword, k) => keyword === y[k]);
}

/** FNV-1a over a paper's text: a fingerprint of it (the cache compares the texts themselves). */
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
 * Term counts by paper id, reused while the paper's text is the same. Papers no longer asked for
 * are dropped by `prune`, so the cache holds what the last training read and no more.
 */
export class TermCountCache {
  private readonly entries = new Map<string, { text: PaperText; terms: DocumentTerms }>();
  readonly dictionary = new TermDictionary();
  constructor(readonly options: FeatureOptions = {}) {}

  get(id: string, text: PaperText): DocumentTerms {
    const cached = this.entries.get(id);
    // The texts themselves are compared (the same strings compare at once): no hash of every
    // character of every paper, which would cost a cold cache a fair share of its reading.
    if (cached && sameText(cached.text, text)) return cached.terms;
    const terms = documentTerms(text, this.dictionary, this.options);
    this.entries.set(id, { text: { title: text.title, abstract: text.abstract, keywords: text.keywords?.slice() }, terms });
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
  for (const { ids } of documents) for (let k = 0; k < ids.length; k++) frequency[ids[k]!]!++;
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * documents.length));
  const minDf = Math.max(options.minDf, dfCutoff(frequency, options.minDf, maxDf, options.maxTerms));
  const terms: string[] = [];
  const idf: number[] = [];
  const column = new Int32Array(dictionary.size).fill(-1);
  for (const { ids } of documents) {
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
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
  const { column: columnOf, idf } = vocabulary;
  let at = 0;
  for (let row = 0; row < documents.length; row++) {
    const { ids, counts, norm } = documents[row]!;
    for (let k = 0; k < ids.length; k++) {
      const column = columnOf[ids[k]!] ?? -1;
      if (column < 0) continue;
      columns[at] = column;
      values[at] = featureValue(counts[k]!, idf[column]!, norm);
      at++;
    }
    rowStart[row + 1] = at;
  }
  return { rows: documents.length, columns: vocabulary.terms.length, rowStart, index: columns.subarray(0, at), value: values.subarray(0, at) };
}
