/**
 * Scoring on the page (issue #17): a PageModel's score for a paper, the terms that made it, and
 * the tags its tag models suggest. Same tokeniser and feature values as the trainer
 * (features.ts), so the page's score of a paper is the background's. Small and dependency-free: it
 * runs inside the content script's annotation budget (about 20 µs a paper, scan included).
 *
 * Words are known by their hashes (tokenize.ts's WordScan), as the trainer knows them: the model's
 * terms are hashed once when the scorer is made, and a paper is counted without a string per word.
 * Strings appear only in the reasons, taken from the model's `terms`.
 */
import { featureValue, normTerm, paperNorm, type FeatureOptions } from './features';
import type { LinearModel, PageModel, PaperText, TermWeight } from './page-model';
import { WordScan, pairHash1, pairHash2, termHash1, termHash2 } from './tokenize';

export interface PaperScore {
  /** 0–1: how much this looks like what the reader keeps. */
  score: number;
  /** The terms that pushed the score up most (contribution = weight × feature value), largest first. */
  up: TermWeight[];
  /** …and down, most negative first. */
  down: TermWeight[];
}

export interface TagSuggestion {
  key: string;
  score: number;
}

export interface Scorer {
  score(text: PaperText): PaperScore;
  /** Tags to suggest, best first: at or above each tag's threshold, not already on the paper, never rejected for it. */
  suggest(id: string, text: PaperText, tags: readonly string[]): TagSuggestion[];
}

/** Reasons shown per direction. */
export const REASON_TERMS = 4;

/** A paper's non-zero features over the model's terms. */
interface Features {
  columns: number[];
  values: number[];
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

// The page's table of words, by their two hashes (tokenize.ts), 8 numbers a slot (two a cache line):
const H1 = 0;
const H2 = 1;
const USED = 2; // 1 where the slot is taken
const COLUMN = 3; // the word's term index in the model, −1 if none
const HEAD = 4; // 1 if the word begins one of the model's bigrams
const PAPER = 5; // the paper that last counted it…
const COUNT = 6; // …and how many times it holds the word
const STRIDE = 8;
const SHIFT = 3; // log2(STRIDE)

const slotOf = (h1: number, mask: number): number => (h1 ^ (h1 >>> 16)) & mask;

/**
 * The table of every word the page has met (the model's words first), so that one probe per word
 * gives its column, whether a bigram may start with it, and its count in the paper at hand (stamped
 * with the paper's number: nothing to clear between papers). Bigrams sit in a table of their own,
 * looked up only after a word that begins one.
 */
class WordTable {
  slots: Int32Array<ArrayBuffer>;
  used = 0;
  constructor(entries: number) {
    let size = 256;
    while (size < entries * 2) size *= 2;
    this.slots = new Int32Array(size * STRIDE);
  }

  /** The slot (its first number's place) of h1, h2, added (column −1) if new. */
  add(h1: number, h2: number): number {
    const slots = this.slots;
    const mask = (slots.length >> SHIFT) - 1;
    let slot = slotOf(h1, mask);
    for (;;) {
      const at = slot << SHIFT;
      if (slots[at + USED] === 0) {
        slots[at + H1] = h1;
        slots[at + H2] = h2;
        slots[at + USED] = 1;
        slots[at + COLUMN] = -1;
        this.used++;
        return at;
      }
      if (slots[at + H1] === h1 && slots[at + H2] === h2) return at;
      slot = (slot + 1) & mask;
    }
  }

  /** Room for `more` new words at most half full (between papers only: slots move). */
  reserve(more: number): void {
    if ((this.used + more) * 2 <= this.slots.length >> SHIFT) return;
    const old = this.slots;
    let size = this.slots.length >> SHIFT;
    while ((this.used + more) * 2 > size) size *= 2;
    this.slots = new Int32Array(size * STRIDE);
    this.used = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + USED] === 0) continue;
      const to = this.add(old[at + H1]!, old[at + H2]!);
      this.slots.set(old.subarray(at + COLUMN, at + STRIDE), to + COLUMN);
    }
  }
}

export function scorer(model: PageModel, options: FeatureOptions = {}): Scorer {
  const termCount = model.terms.length;
  // The model's terms by their hashes, computed once: a paper's words are looked up without
  // building a string, a bigram from its two words' hashes.
  const words = new WordTable(termCount + 4096);
  const bigramTable = new Int32Array(Math.max(64, 2 ** Math.ceil(Math.log2(termCount * 2 + 1))) * 4);
  const bigramMask = bigramTable.length / 4 - 1;
  let anyBigram = false;
  model.terms.forEach((term, column) => {
    const space = term.indexOf(' ');
    if (space < 0) {
      words.slots[words.add(termHash1(term), termHash2(term)) + COLUMN] = column;
      return;
    }
    anyBigram = true;
    const first = term.slice(0, space);
    const second = term.slice(space + 1);
    const head = termHash1(first);
    const head2 = termHash2(first);
    words.slots[words.add(head, head2) + HEAD] = 1;
    const h1 = pairHash1(head, termHash1(second));
    const h2 = pairHash2(head2, termHash2(second));
    let slot = slotOf(h1, bigramMask);
    while (bigramTable[slot * 4 + 2] !== 0) slot = (slot + 1) & bigramMask;
    bigramTable.set([h1, h2, column + 1], slot * 4);
  });
  const bigrams = anyBigram && (options.bigrams ?? true);
  const bigramColumn = (h1: number, h2: number): number => {
    for (let slot = slotOf(h1, bigramMask); ; slot = (slot + 1) & bigramMask) {
      const at = slot * 4;
      const id = bigramTable[at + 2]!;
      if (id === 0) return -1;
      if (bigramTable[at] === h1 && bigramTable[at + 1] === h2) return id - 1;
    }
  };

  const overall = new Float64Array(termCount);
  for (let k = 0; k < model.overall.weights.length; k += 2) overall[model.overall.weights[k]!] = model.overall.weights[k + 1]!;
  // Tag weights by term: each term's few (tag, weight) pairs, so a paper's features give every
  // tag's logit in one pass that touches only weights that are there.
  const tagCount = model.tags.length;
  const tagStart = new Int32Array(termCount + 1);
  for (const tag of model.tags) for (let k = 0; k < tag.weights.length; k += 2) tagStart[tag.weights[k]! + 1]!++;
  for (let column = 0; column < termCount; column++) tagStart[column + 1]! += tagStart[column]!;
  const tagOf = new Int32Array(tagStart[termCount]!);
  const tagWeight = new Float64Array(tagStart[termCount]!);
  const filled = tagStart.slice(0, termCount);
  model.tags.forEach((tag, t) => {
    for (let k = 0; k < tag.weights.length; k += 2) {
      const at = filled[tag.weights[k]!]!++;
      tagOf[at] = t;
      tagWeight[at] = tag.weights[k + 1]!;
    }
  });
  const logits = new Float64Array(tagCount);

  // Per paper, reused: its words in order of first appearance, its counts per model term.
  const scan = new WordScan(options);
  let wordOrder = new Int32Array(1024);
  const termCounts = new Int32Array(termCount);
  let found = new Int32Array(256);
  let paper = 0;

  // One tokenising per paper, shared by score() and suggest() on the same text object (the page
  // calls them one after the other; a WeakMap of every text would only slow the collector).
  let lastText: PaperText | null = null;
  let lastFeatures: Features = { columns: [], values: [] };

  const features = (text: PaperText): Features => {
    if (text === lastText) return lastFeatures;
    if (++paper > 0x3fffffff) {
      // Stamps would wrap: start again from a clean table.
      paper = 1;
      for (let at = 0; at < words.slots.length; at += STRIDE) words.slots[at + PAPER] = 0;
    }
    let characters = text.title.length + (text.abstract?.length ?? 0);
    for (const keyword of text.keywords ?? []) characters += keyword.length;
    // Room for every word this text can add (a Latin word takes two letters and a separator, a Han
    // pair one character more: at most one new word a character, within the table's margin).
    words.reserve((characters >> 1) + 1);
    if (characters > wordOrder.length) wordOrder = new Int32Array(characters);
    if (2 * characters > found.length) found = new Int32Array(2 * characters); // words and bigrams
    const slots = words.slots;
    const mask = (slots.length >> SHIFT) - 1;
    let distinct = 0;
    let columns = 0;
    const count = (field: string) => {
      const n = scan.scan(field);
      const { hash1, hash2, joins } = scan;
      let previous = -1;
      for (let k = 0; k < n; k++) {
        const h1 = hash1[k]!;
        const h2 = hash2[k]!;
        // words.add(h1, h2), inline: the hottest lookup of the page.
        let at = slotOf(h1, mask) << SHIFT;
        while (slots[at + USED] !== 0 && (slots[at + H1] !== h1 || slots[at + H2] !== h2)) at = (at + STRIDE) & (slots.length - 1);
        if (slots[at + USED] === 0) {
          slots[at + H1] = h1;
          slots[at + H2] = h2;
          slots[at + USED] = 1;
          slots[at + COLUMN] = -1;
          words.used++;
        }
        if (slots[at + PAPER] !== paper) {
          slots[at + PAPER] = paper;
          slots[at + COUNT] = 1;
          wordOrder[distinct++] = at;
        } else slots[at + COUNT]!++;
        const column = slots[at + COLUMN]!;
        if (column >= 0 && termCounts[column]!++ === 0) found[columns++] = column;
        if (bigrams && joins[k] === 1 && slots[previous + HEAD] === 1) {
          const bigram = bigramColumn(pairHash1(slots[previous + H1]!, h1), pairHash2(slots[previous + H2]!, h2));
          if (bigram >= 0 && termCounts[bigram]!++ === 0) found[columns++] = bigram;
        }
        previous = at;
      }
    };
    count(text.title);
    if (text.abstract) count(text.abstract);
    if (text.keywords) for (const keyword of text.keywords) count(keyword);
    // The norm over the paper's words in their order of first appearance, as the trainer sums it.
    let sum = 0;
    for (let k = 0; k < distinct; k++) sum += normTerm(slots[wordOrder[k]! + COUNT]!);
    const norm = paperNorm(sum);
    const result: Features = { columns: [], values: [] };
    for (let k = 0; k < columns; k++) {
      const column = found[k]!;
      result.columns.push(column);
      result.values.push(featureValue(termCounts[column]!, model.idf[column]!, norm));
      termCounts[column] = 0;
    }
    lastText = text;
    lastFeatures = result;
    return result;
  };

  const upFirst = (a: number, b: number) => a > b;
  const downFirst = (a: number, b: number) => a <= b;

  return {
    score(text) {
      const { columns, values } = features(text);
      let z = model.overall.bias;
      // The strongest few each way, kept in order as they come (no list of every contribution).
      const upColumns: number[] = [];
      const upWeights: number[] = [];
      const downColumns: number[] = [];
      const downWeights: number[] = [];
      for (let k = 0; k < columns.length; k++) {
        const weight = overall[columns[k]!]! * values[k]!;
        z += weight;
        if (weight > 0) insertRanked(upColumns, upWeights, columns[k]!, weight, upFirst);
        else if (weight < 0) insertRanked(downColumns, downWeights, columns[k]!, weight, downFirst);
      }
      const reasons = (at: number[], weights: number[]): TermWeight[] => at.map((column, k) => ({ term: model.terms[column]!, weight: weights[k]! }));
      return { score: sigmoid(z), up: reasons(upColumns, upWeights), down: reasons(downColumns, downWeights) };
    },
    suggest(id, text, paperTags) {
      if (tagCount === 0) return [];
      const { columns, values } = features(text);
      for (let t = 0; t < tagCount; t++) logits[t] = model.tags[t]!.bias;
      for (let k = 0; k < columns.length; k++) {
        const value = values[k]!;
        for (let at = tagStart[columns[k]!]!, end = tagStart[columns[k]! + 1]!; at < end; at++) logits[tagOf[at]!]! += tagWeight[at]! * value;
      }
      const rejected = model.rejected[id];
      const suggestions: TagSuggestion[] = [];
      for (let t = 0; t < tagCount; t++) {
        const tag = model.tags[t]!;
        const score = sigmoid(logits[t]!);
        if (score < tag.threshold || paperTags.includes(tag.key) || rejected?.includes(tag.key)) continue;
        suggestions.push({ key: tag.key, score });
      }
      return suggestions.length > 1 ? suggestions.sort((a, b) => b.score - a.score) : suggestions;
    },
  };
}

/** Puts (column, weight) into the best-first lists if it ranks among the first REASON_TERMS;
 * `before(a, b)`: a goes before b (ties: as a stable sort of every contribution would place them). */
function insertRanked(columns: number[], weights: number[], column: number, weight: number, before: (a: number, b: number) => boolean): void {
  let at = weights.length;
  while (at > 0 && before(weight, weights[at - 1]!)) at--;
  if (at >= REASON_TERMS) return;
  const last = Math.min(weights.length, REASON_TERMS - 1);
  for (let k = last; k > at; k--) {
    columns[k] = columns[k - 1]!;
    weights[k] = weights[k - 1]!;
  }
  columns[at] = column;
  weights[at] = weight;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isLinearModel(value: unknown, terms: number): value is LinearModel {
  if (!isRecord(value) || !isNumber(value.bias) || !Array.isArray(value.weights) || value.weights.length % 2 !== 0) return false;
  const weights = value.weights as unknown[];
  for (let k = 0; k < weights.length; k += 2) {
    const at = weights[k];
    if (!Number.isInteger(at) || (at as number) < 0 || (at as number) >= terms || !isNumber(weights[k + 1])) return false;
  }
  return true;
}

/** A structural check of a model from a message (the page has no zod). */
export function isPageModel(value: unknown): value is PageModel {
  if (!isRecord(value) || value.v !== 1 || !isNumber(value.trainedAt)) return false;
  const { terms, idf, overall, tags, rejected } = value;
  if (!Array.isArray(terms) || !terms.every((term) => typeof term === 'string')) return false;
  if (!Array.isArray(idf) || idf.length !== terms.length || !idf.every(isNumber)) return false;
  if (!isLinearModel(overall, terms.length) || !Array.isArray(tags)) return false;
  for (const tag of tags as unknown[]) {
    if (!isLinearModel(tag, terms.length) || !isRecord(tag) || typeof tag.key !== 'string' || !isNumber(tag.threshold)) return false;
  }
  if (!isRecord(rejected)) return false;
  return Object.values(rejected).every((keys) => Array.isArray(keys) && keys.every((key) => typeof key === 'string'));
}
