/**
 * The "For you" model (issue #17): a shared vocabulary with its idf, one linear model for the
 * reader overall, and one per tag with enough examples. Plain data (JSON-able, no zod: read back
 * from the database it is checked with `isPageModel`), kept under 100 KB by keeping only the terms
 * that carry a weight; it was shaped to travel to pages, which now get scores instead (the
 * background's `rank.score`). lib/ranking/train.ts makes it and lib/ranking/score.ts scores with it;
 * both tokenise with lib/ranking/tokenize.ts, so a score is the trainer's.
 */

/** What a paper says, as the model reads it (title and abstract; AI keywords where known). */
export interface PaperText {
  title: string;
  abstract: string | null;
  keywords?: string[];
}

/** A linear model over the vocabulary: `weights` is flat, [term index, weight, term index, weight, …]. */
export interface LinearModel {
  bias: number;
  weights: number[];
}

/** A tag's model: papers it scores at or above `threshold` (0–1) are suggested the tag. */
export interface TagModel extends LinearModel {
  /** The tag's key (lib/tags/tag-name.ts). */
  key: string;
  threshold: number;
}

export interface PageModel {
  v: 1;
  /** When it was trained (epoch ms): a page asks again when it moves. */
  trainedAt: number;
  /** The terms any model weighs, as tokenize() makes them (a bigram is two terms joined by a space). */
  terms: string[];
  /** Each term's idf, in the order of `terms`. */
  idf: number[];
  overall: LinearModel;
  tags: TagModel[];
  /** Suggestions the reader rejected: paper id → tag keys never to suggest on it again. */
  rejected: Record<string, string[]>;
}

/** Enough data to rank: at least this many positives and negatives (the cold start). */
export const MIN_POSITIVES = 5;
export const MIN_NEGATIVES = 3;
/** A tag gets a model (and suggestions) once this many papers carry it. */
export const MIN_TAG_EXAMPLES = 5;

/** What the background answers a page asking about the model: ready (trained at), or how far it
 * is from ready. Pages never get the model itself: the background scores their cards. */
export type RankState = { ready: false; positives: number; negatives: number } | { ready: true; trainedAt: number };

/** One card's score as the background works it out for a page (`rank.score`). */
export interface ScoredPaper {
  /** 0–1: how much it looks like what the reader keeps. */
  score: number;
  /** The terms that pushed it up most, and down. */
  up: TermWeight[];
  down: TermWeight[];
  /** Tag keys to suggest on it, best first (none it has, none refused on it). */
  suggested: string[];
}

/** The scores of a page's cards, by the model trained at `trainedAt`; null while there is none. */
export type RankScores = { trainedAt: number; scores: Record<string, ScoredPaper> } | null;

/** A term and how much it weighs (the options page's "what the model learned"). */
export interface TermWeight {
  term: string;
  weight: number;
}

/** What the options page shows of the model. */
export interface RankSummary {
  /** The model ranks pages (enough positives and negatives since the last reset). */
  ready: boolean;
  positives: number;
  /** Dismissed and muted papers, suggestions rejected (strong); seen and not kept (weak). */
  negatives: { strong: number; weak: number };
  /** Texts of papers seen kept for the weak negatives (bounded). */
  textsKept: number;
  trainedAt: number | null;
  /** How long the last training took in the background (ms). */
  trainMs: number | null;
  /** The model's size as sent to a page (bytes of JSON). */
  modelBytes: number;
  /** Learning starts from here (a reset); null: from the beginning. */
  resetAt: number | null;
  overall: { up: TermWeight[]; down: TermWeight[] };
  tags: { key: string; examples: number; up: TermWeight[] }[];
}
