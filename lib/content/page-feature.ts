/**
 * The contract between the page controller (page-controller.ts) and the features it runs (a star,
 * tags, notes, keyword rules, the keyboard, …). The controller owns the passes and the view; a
 * feature only says what it does at each step. Every hook is optional, and hooks run in the order
 * of the feature list (entrypoints/content/features.ts), which is also the order of their controls
 * in a card's bar.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { UndoStack } from '../keyboard/undo';
import type { Settings } from '../model/library';
import type { PaperInput } from '../model/records';
import type { Card } from '../site/cards';
import type { BlobLookup } from '../site/data-blob';
import type { PageKind } from '../site/page-kind';
import type { Signals } from './signals';

export interface PageFeature {
  /** Named in warnings when one of its hooks throws (the others still run). */
  readonly name: string;
  /** The controls this feature adds to a new card's Paperlight bar. */
  build?(card: Card): Node[];
  /** Cards just annotated, in the same slice: before the browser paints them, on the slice's
   * clock (what must never show for a frame, such as a mute). */
  annotated?(cards: Card[]): void;
  /** Cards a slice annotated. What it returns settles once the feature shows the right state on
   * them; the view is `ready` once every feature's answers are in. */
  cardsFound?(ids: string[]): Promise<unknown> | void;
  /** A pass finished, with every card of the view (none on a page without cards). */
  passDone?(cards: Card[]): void;
  /** The URL changed: a new view, before its first pass. */
  viewChanged?(): void;
  /** What is known about papers may be stale (an import replaced the library, or the page came
   * back from the back/forward cache): a pass follows, asking again. */
  forget?(): void;
  /** A new background worker started: a broadcast may have died with the old one. The view's
   * cards, by id. */
  backgroundStarted?(ids: string[]): void;
  /** The extension is gone (updated, reloaded): take everything off the page. */
  stop?(): void;
}

/** What features signal to one another without knowing each other. */
export interface PageSignals {
  /** What the filter bar summarises changed (papers highlighted or muted, a rule turned off). */
  summaryChanged: undefined;
  /** The tags keyword rules give these papers changed: their chips are painted again. */
  autoTagsChanged: ReadonlySet<string>;
}

/** The page as the controller knows it, given to every feature when it starts. */
export interface Page {
  readonly doc: Document;
  readonly ctx: ContentScriptContext;
  /** The view's kind (a day, a week, a paper's page, …) as of the last URL change. */
  kind(): PageKind;
  /** The view's cards: the last finished pass's and what a running pass has found so far. */
  cards(): Card[];
  /** What the page says about paper `id` now (its blob may have changed since the pass); null once
   * the paper left the page. */
  paperFor(id: string): PaperInput | null;
  /** The paper's title as the page shows it, else its id: for labels ("star on “…”"). */
  titleOf(id: string): string;
  /** The papers of the page's data blob: read once per pass while one runs, afresh otherwise. */
  blobPapers(): BlobLookup;
  /** The settings as the background has them: asked once for every feature that reads them at
   * start (each then follows `settings.changed`); a failed read is asked again by the next caller. */
  settings(): Promise<Settings>;
  /** After the background failed to answer: a pass soon asks again. */
  retryLater(): void;
  /** What the user did here that `u` takes back. */
  readonly undo: UndoStack;
  readonly signals: Signals<PageSignals>;
}
