/**
 * "For you" (issue #17): every listing ranked by what this reader keeps, privately. The background
 * trains the reader's model and scores cards with it (lib/background/ranking-service.ts); a page
 * asks whether it is ready, and then loads the ranking chunk (for-you-cards.ts) that has its cards
 * scored, shows why, suggests tags and sorts the view. Until then the filter bar says how many more saves it needs. This file is
 * what every page carries: the model's state, the bar's control and the cards' empty slots.
 */
import { rankingChunk } from '../content/load-on-demand';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Page, PageFeature } from '../content/page-feature';
import type { ViewTexts } from '../content/paper-text';
import { MIN_NEGATIVES, MIN_POSITIVES } from '../ranking/page-model';
import type { CardsRanking } from './for-you-cards';
import { request } from '../protocol/messaging';
import { listingScope, textRegions, type Card } from '../site/cards';
import { isListing } from '../site/page-kind';
import { plural } from '../text/plural';
import type { TagsFeature } from './tags';
import { showToast } from './toast';
import { uiElement } from './ui-element';

/** What the filter bar shows of "For you". */
export type ForYouStatus = { ready: false; needs: string } | { ready: true; sorted: boolean };

export interface ForYouControl {
  /** Null where there is nothing to rank (a paper's page, an unread model). */
  status(): ForYouStatus | null;
  toggleSort(): void;
}

export interface ForYouFeature extends PageFeature, ForYouControl {
  /** The paper's place on screen while the view is sorted For you (j/k follow it). */
  orderOf(id: string): number | undefined;
  /** The view's best papers for this reader, best first (the keyboard's "top 10"). */
  top(count: number): string[];
  /** The tag the model suggests on the paper (the tag editor offers it first). */
  suggestionFor(id: string): string | null;
}

/** "3 more saves and 1 more paper passed over". */
function needs(positives: number, negatives: number): string {
  const parts: string[] = [];
  if (positives < MIN_POSITIVES) parts.push(plural(MIN_POSITIVES - positives, 'more save'));
  if (negatives < MIN_NEGATIVES) parts.push(`${plural(MIN_NEGATIVES - negatives, 'more paper')} passed over`);
  return parts.join(' and ');
}

export function forYouFeature(page: Page, tags: TagsFeature, texts: ViewTexts): ForYouFeature {
  const { doc } = page;
  let status: ForYouStatus | null = null;
  let trainedAt: number | null = null;
  let ranking: CardsRanking | null = null;
  /** Sorted For you: kept across this tab's views until the reader turns it off. */
  let sorted = false;
  let stopped = false;

  const listingCards = () => (isListing(page.kind()) ? page.cards() : []);
  /** Taking the view's texts during the pass, the page's part of scoring. */
  const takeTexts = (ids: readonly string[]) => {
    if (!isListing(page.kind())) return;
    const start = performance.now();
    texts.take(ids);
    performance.measure('paperlight:for-you-score', { start, detail: { texts: ids.length } });
  };
  const start = async (model: number) => {
    const chunk = await rankingChunk();
    if (stopped) return;
    if (ranking) {
      ranking.setModel(model);
      return;
    }
    ranking = chunk.cardsRanking(
      {
        doc,
        texts: () => texts.get,
        score: (papers) => request({ type: 'rank.score', papers }),
        modelGone: () => void readSoon(),
        tagsOf: (id) => tags.tagsOf(id) ?? [],
        tagName: (key) => tags.tagName(key),
        addTag: (id, name) => tags.addTag(id, name),
        reject: (id, tag, text) =>
          void request({ type: 'rank.reject', id, tag, text }).catch((error: unknown) => showToast(doc, `Paperlight could not remember that: ${String(error)}`)),
        regionsOf: (card: Card) => {
          const regions = textRegions(card, doc, page.kind().kind === 'paper');
          return [regions.title, regions.abstract];
        },
        scope: () => listingScope(doc),
      },
      model,
    );
    ranking.update(listingCards());
    ranking.sort(sorted);
    page.signals.emit('summaryChanged');
  };

  const read = async () => {
    try {
      const state = await request({ type: 'rank.model' });
      if (stopped) return;
      if (!state.ready) {
        trainedAt = null;
        status = { ready: false, needs: needs(state.positives, state.negatives) };
        ranking?.stop();
        ranking = null;
        page.signals.emit('summaryChanged');
        return;
      }
      trainedAt = state.trainedAt;
      status = { ready: true, sorted };
      await start(state.trainedAt);
    } catch (error) {
      console.warn('[paperlight] could not read the For you model', error);
    }
  };
  let reading: Promise<void> | null = null;
  const readSoon = () => (reading ??= read().finally(() => (reading = null)));
  const stopChanged = onPageBroadcast('rank.changed', (change) => {
    if (change.trainedAt === null || change.trainedAt !== trainedAt) void readSoon();
  });
  // A tag given or taken away is no longer (or again) one to suggest on that paper.
  const stopTags = onPageBroadcast('tags.changed', (change) => ranking?.retag(change.papers.map((paper) => paper.id)));

  const toggleSort = () => {
    if (!status?.ready) return;
    sorted = !sorted;
    status = { ready: true, sorted };
    ranking?.sort(sorted);
    page.signals.emit('summaryChanged');
  };

  return {
    name: 'for-you',
    build: () => [uiElement(doc, 'span', 'for-you', { hidden: '' })],
    cardsFound: (ids) => {
      takeTexts(ids);
      return status === null ? readSoon() : undefined;
    },
    passDone: () => ranking?.update(listingCards()),
    viewChanged: () => {
      texts.clear();
      ranking?.viewChanged();
    },
    forget: () => texts.clear(),
    backgroundStarted: () => void readSoon(),
    stop: () => {
      stopped = true;
      stopChanged();
      stopTags();
      ranking?.stop();
      ranking = null;
    },
    status: () => (isListing(page.kind()) ? status : null),
    toggleSort,
    orderOf: (id) => ranking?.orderOf(id),
    top: (count) => ranking?.top(count, listingCards()) ?? [],
    suggestionFor: (id) => ranking?.suggestionFor(id) ?? null,
  };
}
