/**
 * Scoring on the page (issue #17): a PageModel's score for a paper, the terms that made it, and
 * the tags its tag models suggest. Same tokeniser and feature values as the trainer
 * (features.ts), so the page's score of a paper is the background's. Small and dependency-free: it
 * runs inside the content script's annotation budget (about 20 µs an abstract).
 */
import { featureValue, paperFields, sublinearTf, type FeatureOptions } from './features';
import type { LinearModel, PageModel, PaperText, TermWeight } from './page-model';
import { forEachWord } from './tokenize';

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

export function scorer(model: PageModel, options: FeatureOptions = {}): Scorer {
  const index = new Map<string, number>();
  model.terms.forEach((term, i) => index.set(term, i));
  // Bigrams are looked up only after a word that starts one the model knows: no string building
  // for the hundreds of word pairs that cannot matter.
  const bigramHeads = new Set<string>();
  for (const term of model.terms) {
    const space = term.indexOf(' ');
    if (space > 0) bigramHeads.add(term.slice(0, space));
  }
  const dense = (linear: LinearModel): Float64Array => {
    const weights = new Float64Array(model.terms.length);
    for (let k = 0; k < linear.weights.length; k += 2) weights[linear.weights[k]!] = linear.weights[k + 1]!;
    return weights;
  };
  const overall = dense(model.overall);
  const tags = model.tags.map((tag) => ({ key: tag.key, threshold: tag.threshold, bias: tag.bias, weights: dense(tag) }));
  // One tokenising per paper, shared by score() and suggest() on the same text object.
  const featuresOf = new WeakMap<PaperText, Features>();

  const features = (text: PaperText): Features => {
    const known = featuresOf.get(text);
    if (known) return known;
    const counts = new Map<number, number>();
    const words = new Map<string, number>();
    for (const field of paperFields(text)) {
      let previous = '';
      forEachWord(
        field,
        (term, _start, _end, joinsPrevious) => {
          words.set(term, (words.get(term) ?? 0) + 1);
          const column = index.get(term);
          if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
          if (joinsPrevious && bigramHeads.has(previous)) {
            const bigram = index.get(`${previous} ${term}`);
            if (bigram !== undefined) counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
          }
          previous = term;
        },
        options,
      );
    }
    let sum = 0;
    for (const count of words.values()) sum += sublinearTf(count) ** 2;
    const norm = sum > 0 ? Math.sqrt(sum) : 1;
    const result: Features = { columns: [], values: [] };
    for (const [column, count] of counts) {
      result.columns.push(column);
      result.values.push(featureValue(count, model.idf[column]!, norm));
    }
    featuresOf.set(text, result);
    return result;
  };

  const logit = (bias: number, weights: Float64Array, { columns, values }: Features): number => {
    let z = bias;
    for (let k = 0; k < columns.length; k++) z += weights[columns[k]!]! * values[k]!;
    return z;
  };

  return {
    score(text) {
      const found = features(text);
      const contributions: TermWeight[] = [];
      for (let k = 0; k < found.columns.length; k++) {
        const weight = overall[found.columns[k]!]! * found.values[k]!;
        if (weight !== 0) contributions.push({ term: model.terms[found.columns[k]!]!, weight });
      }
      contributions.sort((a, b) => b.weight - a.weight);
      const up = contributions.filter((c) => c.weight > 0).slice(0, REASON_TERMS);
      const down = contributions
        .filter((c) => c.weight < 0)
        .reverse()
        .slice(0, REASON_TERMS);
      return { score: sigmoid(logit(model.overall.bias, overall, found)), up, down };
    },
    suggest(id, text, paperTags) {
      const skip = new Set([...paperTags, ...(model.rejected[id] ?? [])]);
      const suggestions: TagSuggestion[] = [];
      for (const tag of tags) {
        if (skip.has(tag.key)) continue;
        const score = sigmoid(logit(tag.bias, tag.weights, features(text)));
        if (score >= tag.threshold) suggestions.push({ key: tag.key, score });
      }
      return suggestions.sort((a, b) => b.score - a.score);
    },
  };
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
