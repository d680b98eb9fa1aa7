/**
 * Runs an annotation pass in slices so that no pass blocks the page for more than a frame: cards
 * come from a CardSource (the ones in view first) and the rest follow in later tasks. A newer pass
 * (the view changed again) makes an unfinished one stop.
 */
import type { Card, CardSource } from '../site/cards';
import { annotateCard, sweep, type BarBuilder } from './annotate';

/** A slice's time budget: half a frame, leaving the page room for its own work. */
export const SLICE_MS = 8;
/** Cards every slice does whatever the clock says, so a screenful is always in the first one. */
export const MIN_CARDS_PER_SLICE = 24;
/** Cards taken from the source between two looks at the clock. */
const BATCH = 8;

export interface PassReport {
  cards: number;
  /** From the start of the pass to the end of its first slice: how long the page was blocked
   * before the cards in view had their stars. */
  firstSliceMs: number;
  annotatedInFirstSlice: number;
  slices: number;
  longestSliceMs: number;
  /** Time spent in all slices (not wall time: the yields to the page are left out). */
  totalMs: number;
}

export interface SlicedPassOptions {
  doc: Document;
  source: CardSource;
  build: BarBuilder;
  /** When the pass started. */
  start: number;
  /** False once a newer pass has begun. */
  isCurrent: () => boolean;
  /** Each batch of cards, straight after it is annotated: work whose time counts against the
   * slice's budget (the keyword rules). */
  onBatch?: (cards: Card[]) => void;
  /** Each slice's cards, as they are annotated. */
  onCards: (cards: Card[]) => void;
  /** Every card of the pass (the last word per id), once all are annotated. */
  onDone: (cards: Card[], report: PassReport) => void;
  yieldToPage?: (next: () => void) => void;
}

function takeSafely(source: CardSource): Card[] {
  try {
    return source.take(BATCH);
  } catch (error) {
    console.warn('[paperlight] card discovery failed', error);
    return [];
  }
}

export function runSlicedPass(options: SlicedPassOptions): void {
  const { doc, source, build, start, isCurrent, onBatch, onCards, onDone } = options;
  const yieldToPage = options.yieldToPage ?? ((next) => setTimeout(next, 0));
  const all = new Map<string, Card>();
  const report: PassReport = { cards: 0, firstSliceMs: 0, annotatedInFirstSlice: 0, slices: 0, longestSliceMs: 0, totalMs: 0 };

  let exhausted = false;

  const slice = (sliceStart: number) => {
    if (!isCurrent()) return;
    const deadline = sliceStart + SLICE_MS;
    const done: Card[] = [];
    while (!exhausted && (done.length < MIN_CARDS_PER_SLICE || performance.now() < deadline)) {
      const batch = takeSafely(source);
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      const annotated: Card[] = [];
      for (const card of batch) {
        // One card the site built oddly must not stop the others (nor leave the pass unfinished).
        try {
          annotateCard(doc, card, build);
          all.set(card.id, card);
          annotated.push(card);
        } catch (error) {
          console.warn('[paperlight] could not annotate', card.id, error);
        }
      }
      if (annotated.length > 0) onBatch?.(annotated);
      done.push(...annotated);
    }
    // The sweep reads the whole page: on a long list it gets a slice of its own; a view done in one
    // slice is swept at once.
    const swept = exhausted && (done.length === 0 || report.slices === 0);
    if (swept) sweep(doc, [...all.values()]);
    const took = performance.now() - sliceStart;
    report.slices++;
    report.totalMs += took;
    report.longestSliceMs = Math.max(report.longestSliceMs, took);
    if (report.slices === 1) {
      report.firstSliceMs = took;
      report.annotatedInFirstSlice = done.length;
    }
    if (done.length > 0) onCards(done);
    if (!swept) return yieldToPage(() => slice(performance.now()));
    report.cards = all.size;
    onDone([...all.values()], report);
  };
  slice(start);
}
