/**
 * Training the "For you" model (issue #17), in the background: one class-balanced logistic
 * regression over TF-IDF for the reader overall, one per tag with enough papers, cut to the terms
 * that weigh most and sent to pages as a PageModel (page-model.ts) of at most 100 KB.
 *
 * The choices (weak-negative weight, bigrams, stemming, λ) come from the evaluation in
 * docs/ranking.md (`npm run eval:ranking`).
 */
import type { FeatureOptions } from './features';
import { balancedWeights, fitLogistic, sigmoid, type LogisticFit, type SparseMatrix } from './logistic';
import {
  MIN_NEGATIVES,
  MIN_POSITIVES,
  MIN_TAG_EXAMPLES,
  type LinearModel,
  type PageModel,
  type PaperText,
  type RankSummary,
  type TagModel,
  type TermWeight,
} from './page-model';
import { DEFAULT_VOCABULARY, TermCountCache, buildVocabulary, vectorise, type Vocabulary, type VocabularyOptions } from './tfidf';

export interface TrainPaper {
  id: string;
  text: PaperText;
}

export interface TrainInput {
  /** Saved and tagged papers (the reader's library). */
  positives: readonly TrainPaper[];
  /** Dismissed and muted papers. */
  strongNegatives: readonly TrainPaper[];
  /** Papers seen and not kept. */
  weakNegatives: readonly TrainPaper[];
  /** Tag key → the ids of the positives that carry it. */
  tags: Readonly<Record<string, readonly string[]>>;
  /** Tag key → papers whose suggestion of it the reader rejected (negatives for that tag). */
  rejected: Readonly<Record<string, readonly TrainPaper[]>>;
  /** Stamped on the model (epoch ms). */
  trainedAt: number;
}

export interface TrainOptions {
  /** A seen-and-not-kept paper counts this much as a negative (a dismissal counts 1). */
  weakWeight: number;
  /** λ of logistic.ts. */
  l2: number;
  features: FeatureOptions;
  vocabulary: VocabularyOptions;
  /** The page model's JSON is cut to this many bytes. */
  maxBytes: number;
  /** A tag is suggested where its model was this precise on papers it did not train on. */
  tagPrecision: number;
  /** The solver stops when the gradient has shrunk by this factor: the ranking no longer moves
   * (docs/ranking.md: 2e-3 ranks as well as 1e-3 in 11 passes over the papers instead of 18), and
   * each further step costs a pass over every paper. */
  tolerance: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  weakWeight: 0.25,
  l2: 1e-4,
  features: { bigrams: true, stem: true },
  vocabulary: DEFAULT_VOCABULARY,
  maxBytes: 100_000,
  tagPrecision: 0.8,
  tolerance: 2e-3,
};

/** What the trainer knows of the summary; the background adds the rest (texts kept, timing, reset). */
export type TrainSummary = Pick<RankSummary, 'ready' | 'positives' | 'negatives' | 'modelBytes' | 'overall' | 'tags'>;

export interface TrainResult {
  /** Null until there are MIN_POSITIVES positives and MIN_NEGATIVES negatives (cold start). */
  model: PageModel | null;
  summary: TrainSummary;
}

/** Terms shown per list in the summary. */
const SUMMARY_TERMS = 12;
const CROSS_VALIDATION_FOLDS = 3;

export function train(input: TrainInput, cache?: TermCountCache, options: Partial<TrainOptions> = {}): TrainResult {
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  // A cache counts terms its own way (bigrams, stemming): one made for other features cannot serve.
  const sameFeatures = (a: FeatureOptions, b: FeatureOptions) => (a.bigrams ?? true) === (b.bigrams ?? true) && (a.stem ?? true) === (b.stem ?? true);
  const counts = cache && sameFeatures(cache.options, settings.features) ? cache : new TermCountCache(settings.features);

  // One role per paper: kept beats dismissed beats merely seen.
  const positiveIds = new Set(input.positives.map((paper) => paper.id));
  const strong = input.strongNegatives.filter((paper) => !positiveIds.has(paper.id));
  const strongIds = new Set(strong.map((paper) => paper.id));
  const weak = input.weakNegatives.filter((paper) => !positiveIds.has(paper.id) && !strongIds.has(paper.id));
  const summary: TrainSummary = {
    ready: false,
    positives: input.positives.length,
    negatives: { strong: strong.length, weak: weak.length },
    modelBytes: 0,
    overall: { up: [], down: [] },
    tags: [],
  };
  if (input.positives.length < MIN_POSITIVES || strong.length + weak.length < MIN_NEGATIVES) return { model: null, summary };

  const rejectedPapers = Object.values(input.rejected).flat();
  const everyPaper = new Map<string, TrainPaper>();
  for (const paper of [...input.positives, ...strong, ...weak, ...rejectedPapers]) everyPaper.set(paper.id, paper);
  const ids = [...everyPaper.keys()];
  const documents = ids.map((id) => counts.get(id, everyPaper.get(id)!.text));
  counts.prune(new Set(ids)); // what the next training will not ask for again
  const rowOf = new Map(ids.map((id, row) => [id, row]));
  const vocabulary = buildVocabulary(documents, counts.dictionary, settings.vocabulary);
  const matrix = vectorise(documents, vocabulary);

  const overallRows = [...input.positives, ...strong, ...weak].map((paper) => rowOf.get(paper.id)!);
  const overallLabels = overallRows.map((_, k) => k < input.positives.length);
  const overallWeights = overallRows.map((_, k) => (k < input.positives.length + strong.length ? 1 : settings.weakWeight));
  const overall = fitRows(matrix, overallRows, overallLabels, overallWeights, settings);

  const tagFits: { key: string; fit: LogisticFit; threshold: number; examples: number }[] = [];
  const tagged = Object.entries(input.tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, taggedIds]) => ({ key, ids: new Set(taggedIds.filter((id) => positiveIds.has(id))) }))
    .filter((tag) => tag.ids.size >= MIN_TAG_EXAMPLES);
  if (tagged.length > 0) {
    // Every tag model learns from the library (and its rejected suggestions): their rows once,
    // shared by every tag and fold (each fit then keeps only the columns its rows use).
    const libraryIds = [...input.positives.map((paper) => paper.id)];
    const libraryRow = new Map(libraryIds.map((id, row) => [id, row]));
    for (const tag of tagged) {
      for (const paper of input.rejected[tag.key] ?? []) {
        if (!libraryRow.has(paper.id)) {
          libraryRow.set(paper.id, libraryIds.length);
          libraryIds.push(paper.id);
        }
      }
    }
    const library = selectRows(matrix, libraryIds.map((id) => rowOf.get(id)!));
    for (const { key, ids: tagIds } of tagged) {
      const rows: number[] = [];
      const labels: boolean[] = [];
      for (let row = 0; row < input.positives.length; row++) {
        rows.push(row);
        labels.push(tagIds.has(input.positives[row]!.id));
      }
      for (const paper of input.rejected[key] ?? []) {
        if (positiveIds.has(paper.id)) continue; // in the library: already a negative, or tagged after all
        rows.push(libraryRow.get(paper.id)!);
        labels.push(false);
      }
      const weights = rows.map(() => 1);
      const fit = fitRows(library, rows, labels, weights, settings);
      const threshold = tagThreshold(library, rows, labels, settings);
      tagFits.push({ key, fit, threshold, examples: tagIds.size });
    }
  }

  const model = pageModel(vocabulary, overall, tagFits, input, settings.maxBytes);
  const modelBytes = JSON.stringify(model).length;
  summary.ready = true;
  summary.modelBytes = modelBytes;
  const overallTerms = termWeights(model, model.overall);
  summary.overall = {
    up: overallTerms.filter((t) => t.weight > 0).slice(0, SUMMARY_TERMS),
    down: overallTerms.filter((t) => t.weight < 0).slice(0, SUMMARY_TERMS),
  };
  summary.tags = model.tags.map((tag) => ({
    key: tag.key,
    examples: tagFits.find((t) => t.key === tag.key)!.examples,
    up: termWeights(model, tag)
      .filter((t) => t.weight > 0)
      .slice(0, SUMMARY_TERMS),
  }));
  return { model, summary };
}

/** A model's terms, heaviest first. */
function termWeights(model: PageModel, linear: LinearModel): TermWeight[] {
  const terms: TermWeight[] = [];
  for (let k = 0; k < linear.weights.length; k += 2) terms.push({ term: model.terms[linear.weights[k]!]!, weight: linear.weights[k + 1]! });
  return terms.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}

function fitRows(
  matrix: SparseMatrix,
  rows: readonly number[],
  labels: readonly boolean[],
  weights: readonly number[],
  settings: Pick<TrainOptions, 'l2' | 'tolerance'>,
): LogisticFit {
  const selected = selectRows(matrix, rows);
  const options = { l2: settings.l2, tolerance: settings.tolerance, maxIterations: 200 };
  if (selected.rows * 10 >= matrix.rows * 9) return fitLogistic(selected, labels, balancedWeights(labels, weights), options);
  // A part of the rows (a tag's library, a fold of it): fitted over the columns they use.
  const compact = compactColumns(selected);
  const fit = fitLogistic(compact.matrix, labels, balancedWeights(labels, weights), options);
  return { ...fit, weights: expand(fit.weights, compact.columns, matrix.columns) };
}

function selectRows(matrix: SparseMatrix, rows: readonly number[]): SparseMatrix {
  // The first rows in order (the overall model's, nearly always): a view, nothing copied.
  if (rows.every((row, k) => row === k)) {
    return { rows: rows.length, columns: matrix.columns, rowStart: matrix.rowStart.subarray(0, rows.length + 1), index: matrix.index, value: matrix.value };
  }
  let total = 0;
  for (const row of rows) total += matrix.rowStart[row + 1]! - matrix.rowStart[row]!;
  const rowStart = new Int32Array(rows.length + 1);
  const index = new Int32Array(total);
  const value = new Float64Array(total);
  let at = 0;
  for (let k = 0; k < rows.length; k++) {
    const from = matrix.rowStart[rows[k]!]!;
    const to = matrix.rowStart[rows[k]! + 1]!;
    index.set(matrix.index.subarray(from, to), at);
    value.set(matrix.value.subarray(from, to), at);
    at += to - from;
    rowStart[k + 1] = at;
  }
  return { rows: rows.length, columns: matrix.columns, rowStart, index, value };
}

/**
 * The matrix over only the columns its rows use, renumbered in their order; `columns[new]` is the
 * old number. A column no row uses would keep a zero weight throughout the fit (its gradient is its
 * penalty alone), so leaving it out changes no weight, only the length of every vector operation.
 */
function compactColumns(matrix: SparseMatrix): { matrix: SparseMatrix; columns: Int32Array } {
  const renumber = new Int32Array(matrix.columns).fill(-1);
  const end = matrix.rowStart[matrix.rows]!;
  for (let k = matrix.rowStart[0]!; k < end; k++) renumber[matrix.index[k]!] = 0;
  const columns: number[] = [];
  for (let column = 0; column < matrix.columns; column++) {
    if (renumber[column] === 0) {
      renumber[column] = columns.length;
      columns.push(column);
    }
  }
  const index = new Int32Array(end);
  for (let k = matrix.rowStart[0]!; k < end; k++) index[k] = renumber[matrix.index[k]!]!;
  return { matrix: { ...matrix, columns: columns.length, index }, columns: Int32Array.from(columns) };
}

/** Weights over compacted columns back over all of them (zero where a column was left out). */
function expand(weights: Float64Array, columns: Int32Array, size: number): Float64Array {
  const all = new Float64Array(size);
  for (let k = 0; k < columns.length; k++) all[columns[k]!] = weights[k]!;
  return all;
}

/**
 * The score above which a tag is suggested: the lowest at which the tag's model, trained on two
 * thirds of the library, was `tagPrecision` precise on the other third (pooled over three folds).
 * Training-set scores would flatter the model (it has seen those papers); a fixed 0.5 would suggest
 * far too often, since a class-balanced model's 0.5 means "as likely as not at equal odds" and a tag
 * is on a few papers in a hundred. Never below 0.5; above 1 (never suggest) if no cut is precise.
 */
function tagThreshold(matrix: SparseMatrix, rows: readonly number[], labels: readonly boolean[], settings: TrainOptions): number {
  const outOfFold = new Float64Array(rows.length);
  for (let fold = 0; fold < CROSS_VALIDATION_FOLDS; fold++) {
    const trainAt: number[] = [];
    const testAt: number[] = [];
    // Positives and negatives are dealt round-robin separately, so each fold holds its share of both.
    let positives = 0;
    let negatives = 0;
    rows.forEach((_, k) => {
      const turn = labels[k] ? positives++ : negatives++;
      (turn % CROSS_VALIDATION_FOLDS === fold ? testAt : trainAt).push(k);
    });
    const fit = fitRows(
      matrix,
      trainAt.map((k) => rows[k]!),
      trainAt.map((k) => labels[k]!),
      trainAt.map(() => 1),
      settings,
    );
    const test = selectRows(
      matrix,
      testAt.map((k) => rows[k]!),
    );
    testAt.forEach((k, t) => {
      let z = fit.bias;
      for (let e = test.rowStart[t]!; e < test.rowStart[t + 1]!; e++) z += fit.weights[test.index[e]!]! * test.value[e]!;
      outOfFold[k] = sigmoid(z);
    });
  }
  return thresholdForPrecision(outOfFold, labels, settings.tagPrecision);
}

/** The lowest score whose cut (everything at or above it) is at least `precision` precise; ≥ 0.5. */
export function thresholdForPrecision(scores: ArrayLike<number>, labels: readonly boolean[], precision: number): number {
  const order = Array.from({ length: labels.length }, (_, k) => k).sort((a, b) => scores[b]! - scores[a]!);
  let hits = 0;
  let best = Infinity;
  order.forEach((k, rank) => {
    if (labels[k]) hits++;
    // Only where a run of equal scores ends: a cut cannot split papers that score the same.
    const next = order[rank + 1];
    if (next !== undefined && scores[next] === scores[k]) return;
    if (labels[k] && hits / (rank + 1) >= precision) best = scores[k]!;
  });
  return best === Infinity ? 1.01 : Math.max(0.5, round(best));
}

const round = (value: number): number => Number(value.toPrecision(4));

/** The k-th largest of `values` (0 if fewer are positive), by selection: no sort of them all. */
function kthLargest(values: Float64Array, k: number): number {
  const positive = values.filter((value) => value > 0);
  if (positive.length <= k) return positive.length > 0 ? Math.min(...positive) : 0;
  // Hoare's selection for the element at ascending rank n − k.
  const target = positive.length - k;
  let low = 0;
  let high = positive.length - 1;
  while (low < high) {
    const pivot = positive[(low + high) >> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (positive[i]! < pivot) i++;
      while (positive[j]! > pivot) j--;
      if (i <= j) {
        const swap = positive[i]!;
        positive[i++] = positive[j]!;
        positive[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return positive[target]!;
}

/** Terms kept per model, before shrinking to the byte budget. */
const OVERALL_TERMS = 3_000;
const TAG_TERMS = 400;

function pageModel(
  vocabulary: Vocabulary,
  overall: LogisticFit,
  tags: readonly { key: string; fit: LogisticFit; threshold: number }[],
  input: TrainInput,
  maxBytes: number,
): PageModel {
  const rejected: Record<string, string[]> = {};
  for (const [key, papers] of Object.entries(input.rejected)) for (const paper of papers) (rejected[paper.id] ??= []).push(key);
  /** The `keep` heaviest columns, heaviest first (ties: lower column first). */
  const heaviest = (fit: LogisticFit, keep: number): number[] => {
    const { weights } = fit;
    const magnitudes = new Float64Array(weights.length);
    for (let column = 0; column < weights.length; column++) magnitudes[column] = Math.abs(weights[column]!);
    // Sorting every column by a comparator would cost more than the rest of this: only those at
    // least as heavy as the keep-th heaviest are sorted.
    const cut = kthLargest(magnitudes, keep);
    const order: number[] = [];
    for (let column = 0; column < weights.length; column++) if (weights[column] !== 0 && magnitudes[column]! >= cut) order.push(column);
    return order.sort((a, b) => magnitudes[b]! - magnitudes[a]! || a - b).slice(0, keep);
  };
  const overallOrder = heaviest(overall, OVERALL_TERMS);
  const tagOrders = tags.map((tag) => heaviest(tag.fit, TAG_TERMS));

  const build = (overallTerms: number, tagTerms: number): PageModel => {
    const terms: string[] = [];
    const idf: number[] = [];
    const slot = new Map<number, number>();
    const linear = (fit: LogisticFit, order: number[], keep: number): LinearModel => {
      const weights: number[] = [];
      for (const column of order.slice(0, keep)) {
        let at = slot.get(column);
        if (at === undefined) {
          at = terms.length;
          slot.set(column, at);
          terms.push(vocabulary.terms[column]!);
          idf.push(round(vocabulary.idf[column]!));
        }
        weights.push(at, round(fit.weights[column]!));
      }
      return { bias: round(fit.bias), weights };
    };
    const overallModel = linear(overall, overallOrder, overallTerms);
    const tagModels: TagModel[] = tags.map((tag, k) => ({ key: tag.key, threshold: tag.threshold, ...linear(tag.fit, tagOrders[k]!, tagTerms) }));
    return { v: 1, trainedAt: input.trainedAt, terms, idf, overall: overallModel, tags: tagModels, rejected };
  };

  // Shrink every model's share alike until the JSON fits: the lightest terms go first.
  let overallTerms = OVERALL_TERMS;
  let tagTerms = TAG_TERMS;
  let model = build(overallTerms, tagTerms);
  while (JSON.stringify(model).length > maxBytes && (overallTerms > 1 || tagTerms > 1)) {
    overallTerms = Math.max(1, Math.floor(overallTerms * 0.85));
    tagTerms = Math.max(1, Math.floor(tagTerms * 0.85));
    model = build(overallTerms, tagTerms);
  }
  return model;
}
