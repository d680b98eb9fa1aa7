/**
 * "For you" on the cards (issue #17), in the ranking chunk (lib/chunks/ranking.ts): each card's
 * score (worked out by the background, which keeps the model: `rank.score`) as five dots with its reason, the reason's terms lit in the title and abstract while it is
 * shown, the tags the model suggests, and the view sorted by score with CSS `order` (the site's
 * nodes never move, so its own re-renders and links are untouched, and turning it off is the
 * site's order again).
 */
import type { PaperText, RankScores, ScoredPaper as Scored } from '../ranking/page-model';
import { findTerms } from '../ranking/tokenize';
import type { Card } from '../site/cards';
import { cellOf } from './filter-bar';
import { rangeIn, textOf } from './highlights';
import { uiElement } from './ui-element';

export const SCORE = 'data-paperlight-score';
const SORTED = 'data-paperlight-sorted';
const ORDER = '--paperlight-order';
const WHY_UP = 'paperlight-why-up';
const WHY_DOWN = 'paperlight-why-down';
const DOTS = 5;
/** Cards per question to the background: a message of about 75 KB. */
const BATCH = 50;

export interface ForYouDeps {
  doc: Document;
  /** The papers' texts as the page shows them (a lookup). */
  texts(): (id: string) => PaperText | undefined;
  /** The paper's tags (keys), and a tag's name. */
  tagsOf(id: string): readonly string[];
  tagName(key: string): string | undefined;
  /** Adds tag `name` to the paper; a message when it could not. */
  addTag(id: string, name: string): Promise<string | null>;
  /** The background's scores for these papers (their text, and the tags they have). */
  score(papers: Record<string, { text: PaperText; tags: string[] }>): Promise<RankScores>;
  /** The background has no model any more (a reset): the page asks how things stand. */
  modelGone(): void;
  /** The reader rejected suggestion `key` on the paper. */
  reject(id: string, key: string, text: PaperText): void;
  /** Where the card shows its title and abstract (for lighting up the reason's terms). */
  regionsOf(card: Card): (HTMLElement | null)[];
  /** The grid that holds the cards, for their cells. */
  scope(): ParentNode;
}

export interface CardsRanking {
  /** Scores the cards not scored yet and paints them (the view's cards: a pass finished). */
  update(cards: readonly Card[]): void;
  /** A new model (trained at `trainedAt`): every card is scored again. */
  setModel(trainedAt: number): void;
  /** These papers' tags changed: what is suggested on them is worked out again. */
  retag(ids: readonly string[]): void;
  /** Sorts the view by score, or puts the site's order back. */
  sort(on: boolean): void;
  /** The paper's place on screen while sorted (0 is the best), else undefined. */
  orderOf(id: string): number | undefined;
  /** The view's papers with the best scores, best first. */
  top(count: number, among: readonly Card[]): string[];
  /** The tag the model suggests first on the paper (its name), if any. */
  suggestionFor(id: string): string | null;
  /** A new view: scores are worked out again for its cards. */
  viewChanged(): void;
  stop(): void;
}

const dots = (score: number) => Math.min(DOTS, Math.max(1, Math.ceil(score * DOTS)));

function reasonText(scored: Scored): string {
  const terms = (list: Scored['up']) => list.map((reason) => reason.term).join(', ');
  const parts = [`For you: ${dots(scored.score)} of ${DOTS} (${Math.round(scored.score * 100)}%).`];
  if (scored.up.length > 0) parts.push(`More like what you keep: ${terms(scored.up)}.`);
  if (scored.down.length > 0) parts.push(`Less: ${terms(scored.down)}.`);
  return parts.join(' ');
}

export function cardsRanking(deps: ForYouDeps, initialTrainedAt: number): CardsRanking {
  const { doc } = deps;
  let trainedAt = initialTrainedAt;
  /** Suggestions refused here since the model was trained (the next model knows them). */
  const rejected = new Map<string, Set<string>>();
  const scores = new Map<string, Scored>();
  const suggestions = new Map<string, string[]>();
  let cards: readonly Card[] = [];
  let sorted = false;
  let order = new Map<string, number>();
  const highlightsOn = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

  const slotOf = (id: string) => doc.querySelector<HTMLElement>(`[data-paperlight="bar"][data-paperlight-for="${CSS.escape(id)}"] [data-paperlight="for-you"]`);

  const paintCard = (card: Card) => {
    const scored = scores.get(card.id);
    const slot = slotOf(card.id);
    if (!scored) {
      card.root.removeAttribute(SCORE);
      slot?.replaceChildren();
      if (slot) slot.hidden = true;
      return;
    }
    const value = scored.score.toFixed(3);
    if (card.root.getAttribute(SCORE) !== value) card.root.setAttribute(SCORE, value);
    if (!slot) return;
    const whyId = `paperlight-why-${card.id}`;
    const filled = dots(scored.score);
    const score = uiElement(doc, 'span', 'score', {
      tabindex: '0',
      role: 'img',
      'aria-label': `For you: ${filled} of ${DOTS}`,
      'aria-describedby': whyId,
      'data-paperlight-dots': String(filled),
    });
    score.textContent = '●'.repeat(filled) + '○'.repeat(DOTS - filled);
    const why = uiElement(doc, 'span', 'score-why', { id: whyId, role: 'tooltip' });
    why.textContent = reasonText(scored);
    const chips = (suggestions.get(card.id) ?? []).map((key) => {
      const name = deps.tagName(key) ?? key;
      const chip = uiElement(doc, 'span', 'suggested-tag', { 'data-paperlight-tag': key });
      const accept = uiElement(doc, 'button', 'accept-suggestion', { title: `Suggested for you: add the tag “${name}”` });
      accept.textContent = `+ ${name}`;
      const refuse = uiElement(doc, 'button', 'reject-suggestion', { 'aria-label': `Not “${name}”: never suggest it for this paper`, title: `Not “${name}”` });
      refuse.textContent = '×';
      chip.append(accept, refuse);
      return chip;
    });
    slot.replaceChildren(score, why, ...chips);
    slot.hidden = false;
  };

  /** What the background answered for a card; its suggestions without those refused here. */
  const learn = (card: Card, scored: Scored) => {
    scores.set(card.id, scored);
    const refused = rejected.get(card.id);
    suggestions.set(
      card.id,
      scored.suggested.filter((key) => !refused?.has(key) && deps.tagName(key) !== undefined),
    );
  };

  const applyOrder = () => {
    for (const card of cards) {
      const cell = cellOf(card.root, deps.scope());
      const place = order.get(card.id);
      if (sorted && place !== undefined) cell.style.setProperty(ORDER, String(place));
      else cell.style.removeProperty(ORDER);
      const grid = cell.parentElement;
      if (!grid) continue;
      if (sorted && !grid.hasAttribute(SORTED)) {
        const display = getComputedStyle(grid).display;
        // A grid or flex container orders its cells; any other is made a column that can.
        grid.setAttribute(SORTED, /grid|flex/.test(display) ? '' : 'flow');
      }
    }
    // The site's order back, also on a grid the cards have since left.
    if (!sorted) for (const grid of doc.querySelectorAll(`[${SORTED}]`)) grid.removeAttribute(SORTED);
  };

  /** Best first: by the score the card shows (three decimals), then in the site's order. */
  const ranked = (among: readonly Card[]) =>
    among
      .filter((card) => scores.has(card.id))
      .sort((a, b) => shown(b) - shown(a) || (a.root.compareDocumentPosition(b.root) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const shown = (card: Card) => Number(scores.get(card.id)!.score.toFixed(3));

  const reorder = () => {
    const best = ranked(cards);
    order = new Map(best.map((card, place) => [card.id, place]));
    applyOrder();
  };

  /** The reason's terms in the card's title and abstract, lit while the reason shows. */
  const showReason = (card: Card | null) => {
    if (!highlightsOn) return;
    CSS.highlights.delete(WHY_UP);
    CSS.highlights.delete(WHY_DOWN);
    const scored = card ? scores.get(card.id) : undefined;
    if (!card || !scored) return;
    const up = new Set(scored.up.map((reason) => reason.term));
    const down = new Set(scored.down.map((reason) => reason.term));
    const terms = new Set([...up, ...down]);
    const upRanges: StaticRange[] = [];
    const downRanges: StaticRange[] = [];
    for (const region of deps.regionsOf(card)) {
      if (!region) continue;
      const joined = textOf(region);
      for (const span of findTerms(joined.text, terms)) {
        const into = up.has(span.term) ? upRanges : down.has(span.term) ? downRanges : null;
        into?.push(rangeIn(joined, span.start, span.end));
      }
    }
    CSS.highlights.set(WHY_UP, new Highlight(...upRanges));
    CSS.highlights.set(WHY_DOWN, new Highlight(...downRanges));
  };

  const cardOf = (target: EventTarget | null): Card | null => {
    const score = target instanceof Element ? target.closest('[data-paperlight="score"]') : null;
    const id = score?.closest('[data-paperlight="bar"]')?.getAttribute('data-paperlight-for');
    return id ? (cards.find((card) => card.id === id) ?? null) : null;
  };
  const onEnter = (event: Event) => {
    const card = cardOf(event.target);
    if (card) showReason(card);
  };
  const onLeave = (event: Event) => {
    if (cardOf(event.target)) showReason(null);
  };
  const onClick = (event: MouseEvent) => {
    if (!event.isTrusted) return;
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-paperlight="accept-suggestion"], [data-paperlight="reject-suggestion"]') : null;
    const chip = button?.closest('[data-paperlight="suggested-tag"]');
    const id = chip?.closest('[data-paperlight="bar"]')?.getAttribute('data-paperlight-for');
    const key = chip?.getAttribute('data-paperlight-tag');
    if (!button || !id || !key) return;
    event.preventDefault();
    event.stopPropagation();
    const card = cards.find((c) => c.id === id);
    suggestions.set(id, (suggestions.get(id) ?? []).filter((other) => other !== key));
    if (card) paintCard(card);
    if (button.getAttribute('data-paperlight') === 'accept-suggestion') {
      void deps.addTag(id, deps.tagName(key) ?? key);
      return;
    }
    const refused = rejected.get(id) ?? new Set<string>();
    refused.add(key);
    rejected.set(id, refused);
    const text = deps.texts()(id);
    if (text) deps.reject(id, key, text);
  };
  doc.addEventListener('pointerover', onEnter, true);
  doc.addEventListener('pointerout', onLeave, true);
  doc.addEventListener('focusin', onEnter, true);
  doc.addEventListener('focusout', onLeave, true);
  doc.addEventListener('click', onClick, true);

  /** Cards waiting for their score, the view's order (those in view first): asked about in
   * batches, one question on its way at a time; each answer painted in a task of its own. */
  let waiting: Card[] = [];
  let asking = false;
  const askSome = async () => {
    if (asking) return;
    asking = true;
    try {
      while (waiting.length > 0) {
        const start = performance.now();
        const batch: Card[] = [];
        const papers: Record<string, { text: PaperText; tags: string[] }> = {};
        const texts = deps.texts();
        while (waiting.length > 0 && batch.length < BATCH) {
          const card = waiting.shift()!;
          const text = scores.has(card.id) || !card.root.isConnected ? undefined : texts(card.id);
          if (!text) continue;
          batch.push(card);
          papers[card.id] = { text, tags: [...deps.tagsOf(card.id)] };
        }
        if (batch.length === 0) break;
        // The page's own part of scoring (its timeline, `npm run bench` §1h): gathering the texts.
        performance.measure('paperlight:for-you-score', { start, detail: { cards: batch.length } });
        const answer = await deps.score(papers);
        if (answer === null) {
          deps.modelGone();
          return;
        }
        // A model trained since the question: its own pass asks again.
        if (answer.trainedAt !== trainedAt) continue;
        const painting = performance.now();
        for (const card of batch) {
          const scored = answer.scores[card.id];
          if (!scored) continue;
          learn(card, scored);
          paintCard(card);
        }
        performance.measure('paperlight:for-you-paint', { start: painting, detail: { cards: batch.length } });
      }
      reorder();
    } catch (error) {
      console.warn('[paperlight] could not score this view For you', error);
    } finally {
      asking = false;
    }
  };
  const scoreAll = (fresh: readonly Card[]) => {
    if (fresh.length === 0) return;
    waiting.push(...fresh);
    void askSome();
  };

  return {
    update(view) {
      cards = view;
      scoreAll(view.filter((card) => !scores.has(card.id)));
      // Cards the site drew again keep their scores (the bar is new: paint it).
      for (const card of view) if (scores.has(card.id) && !slotOf(card.id)?.firstChild) paintCard(card);
    },
    setModel(next) {
      trainedAt = next;
      rejected.clear();
      scores.clear();
      suggestions.clear();
      scoreAll(cards);
    },
    retag(ids) {
      const changed = new Set(ids);
      const again = cards.filter((card) => changed.has(card.id) && scores.has(card.id));
      for (const card of again) scores.delete(card.id);
      scoreAll(again);
    },
    sort(on) {
      sorted = on;
      applyOrder();
    },
    orderOf: (id) => (sorted ? order.get(id) : undefined),
    top: (count, among) =>
      ranked(among)
        .slice(0, count)
        .map((card) => card.id),
    suggestionFor: (id) => {
      const key = suggestions.get(id)?.[0];
      return key ? (deps.tagName(key) ?? null) : null;
    },
    viewChanged() {
      waiting = [];
      showReason(null);
      scores.clear();
      suggestions.clear();
      order.clear();
      cards = [];
    },
    stop() {
      waiting = [];
      showReason(null);
      sorted = false;
      applyOrder();
      doc.removeEventListener('pointerover', onEnter, true);
      doc.removeEventListener('pointerout', onLeave, true);
      doc.removeEventListener('focusin', onEnter, true);
      doc.removeEventListener('focusout', onLeave, true);
      doc.removeEventListener('click', onClick, true);
      for (const root of doc.querySelectorAll(`[${SCORE}]`)) root.removeAttribute(SCORE);
      for (const slot of doc.querySelectorAll<HTMLElement>('[data-paperlight="for-you"]')) {
        slot.replaceChildren();
        slot.hidden = true;
      }
    },
  };
}
