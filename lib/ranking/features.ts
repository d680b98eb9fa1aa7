/**
 * The feature values both sides compute, the background's trainer (tfidf.ts) and the page's scorer
 * (score.ts): one formula here so they cannot drift apart.
 *
 * value(term, paper) = (1 + ln count) · idf(term) / norm(paper), with
 * norm(paper) = √Σ (1 + ln count)² over the paper's words (unigrams only, no idf).
 *
 * The usual TF-IDF divides by the L2 norm of the idf-weighted vector over the whole vocabulary, but
 * the page gets only the terms that carry a weight (the model is cut to 100 KB), so it could not
 * know that norm. This norm needs nothing but the paper's own words, so the page computes exactly
 * the trainer's value; it still makes a long abstract and a short one comparable. Bigrams are left
 * out of it so the page need not form every bigram, only those the model knows.
 */
import type { PaperText } from './page-model';
import type { TokenizeOptions } from './tokenize';

export interface FeatureOptions extends TokenizeOptions {
  /** Bigrams beside words (default on: the evaluation in docs/ranking.md). */
  bigrams?: boolean;
}

const logTf = (count: number): number => 1 + Math.log(count);
// Counts are small integers: their 1 + ln c from a table (the same values, without a logarithm each).
const TF = Float64Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : logTf(count)));

export const sublinearTf = (count: number): number => (count < 256 ? TF[count]! : logTf(count));

/** A word's share of its paper's squared norm: (1 + ln count)². */
export const normTerm = (count: number): number => {
  const tf = sublinearTf(count);
  return tf * tf;
};

/** The norm from the sum of `normTerm` over a paper's words, in their order of first appearance. */
export const paperNorm = (sum: number): number => (sum > 0 ? Math.sqrt(sum) : 1);

/** Smoothed idf (as if one more document held every term): never zero, never infinite. */
export const smoothIdf = (documentFrequency: number, documents: number): number =>
  Math.log((1 + documents) / (1 + documentFrequency)) + 1;

export const featureValue = (count: number, idf: number, norm: number): number => (sublinearTf(count) * idf) / norm;

/** The fields a paper is read from: bigrams never run from one into the next. */
export function paperFields(text: PaperText): string[] {
  const fields = [text.title];
  if (text.abstract) fields.push(text.abstract);
  if (text.keywords) fields.push(...text.keywords);
  return fields;
}
