/**
 * The star: one toggle per card that saves the paper to the reading list or removes it. The button
 * shows the state the background confirmed; a failed save reverts and says why on the button.
 * Stars are cloned from one template and share one delegated click listener, so a 1,000-card page
 * costs a clone per card, not a tree of createElement calls and a listener each.
 */
import { inquiry } from '../content/inquiry';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Page, PageFeature } from '../content/page-feature';
import { request, requestUntilAnswered } from '../protocol/messaging';
import { SavedState } from '../saved-state';
import { errorMessage } from '../text/error-message';

const SVG = 'http://www.w3.org/2000/svg';
const STAR_PATH =
  'M12 2.8l2.83 5.73 6.32.92-4.57 4.46 1.08 6.3L12 17.23l-5.66 2.98 1.08-6.3-4.57-4.46 6.32-.92z';
export const STAR_SELECTOR = 'button[data-paperlight="star"]';

const templates = new WeakMap<Document, HTMLButtonElement>();

function template(doc: Document): HTMLButtonElement {
  let button = templates.get(doc);
  if (button) return button;
  button = doc.createElement('button');
  button.type = 'button';
  button.className = 'paperlight-star';
  button.setAttribute('data-paperlight', 'star');
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = doc.createElementNS(SVG, 'path');
  path.setAttribute('d', STAR_PATH);
  svg.append(path);
  button.append(svg);
  paintStar(button, undefined);
  templates.set(doc, button);
  return button;
}

/** Paints a star for `saved`; `undefined` while the state is still being read. */
export function paintStar(button: HTMLButtonElement, saved: boolean | undefined): void {
  const pressed = saved === true ? 'true' : 'false';
  if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
  const label = saved ? 'Remove from reading list' : 'Save to reading list';
  if (button.getAttribute('aria-label') !== label) {
    button.setAttribute('aria-label', label);
    button.title = `${label} (Paperlight)`;
  }
  if (button.hasAttribute('data-paperlight-pending') !== (saved === undefined)) {
    button.toggleAttribute('data-paperlight-pending', saved === undefined);
  }
}

export function createStar(doc: Document, saved: boolean | undefined): HTMLButtonElement {
  const button = template(doc).cloneNode(true) as HTMLButtonElement;
  paintStar(button, saved);
  return button;
}

export interface StarActions {
  state: SavedState;
  /** Saves the paper; the caller gathers its metadata at click time from the current page. Both
   * settle only once the background answered (they ask again while its worker restarts). */
  save: (id: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
}

/**
 * Stars or unstars paper `id` (showing the new state at once, reverting with the reason on the
 * button if the background refuses). Returns whether it was saved before.
 */
export function toggleStar(doc: Document, id: string, { state, save, remove }: StarActions): boolean {
  const button = doc.querySelector<HTMLButtonElement>(`[data-paperlight="bar"][data-paperlight-for="${CSS.escape(id)}"] ${STAR_SELECTOR}`);
  const wasSaved = state.get(id) === true;
  button?.removeAttribute('data-paperlight-error');
  state.change(id, !wasSaved, () => (wasSaved ? remove(id) : save(id))).catch((error: unknown) => {
    const reason = errorMessage(error);
    button?.setAttribute('data-paperlight-error', reason);
    if (button) button.title = `Paperlight could not ${wasSaved ? 'remove' : 'save'} this paper: ${reason}`;
  });
  return wasSaved;
}

/** Handles every star's clicks (mouse, Enter, Space) with one listener; returns its remover. */
export function handleStarClicks(doc: Document, actions: StarActions, onToggle?: (id: string, wasSaved: boolean) => void): () => void {
  const onClick = (event: Event) => {
    // Only the user changes the reading list: a page script's synthetic click does nothing.
    if (!event.isTrusted) return;
    const target = event.target instanceof Element ? event.target : null;
    const button = target?.closest<HTMLButtonElement>(STAR_SELECTOR);
    const id = button?.closest('[data-paperlight="bar"]')?.getAttribute('data-paperlight-for');
    if (!button || !id) return;
    // The card may sit inside one of the site's links: the star never navigates.
    event.preventDefault();
    event.stopPropagation();
    onToggle?.(id, toggleStar(doc, id, actions));
  };
  doc.addEventListener('click', onClick, true);
  return () => doc.removeEventListener('click', onClick, true);
}

export interface StarFeature extends PageFeature {
  /** Stars or unstars paper `id` (the keyboard's `s`); whether it was saved before. */
  toggle: (id: string) => boolean;
  /** Saves paper `id` unless it is saved (a note needs a saved paper). */
  ensureSaved: (id: string) => Promise<void>;
}

/** The star on every card, kept in step with the background and every other tab. */
export function starFeature(page: Page): StarFeature {
  const { doc } = page;
  const state: SavedState = new SavedState((ids) => {
    for (const bar of doc.querySelectorAll('[data-paperlight="bar"]')) {
      const id = bar.getAttribute('data-paperlight-for');
      const star = id && ids.has(id) ? bar.querySelector<HTMLButtonElement>(STAR_SELECTOR) : null;
      if (star) paintStar(star, state.get(id!));
    }
  });
  const save = async (id: string) => {
    const paper = page.paperFor(id);
    if (!paper) throw new Error('this paper is no longer on the page');
    await requestUntilAnswered({ type: 'paper.save', paper });
  };
  const remove = async (id: string) => {
    await requestUntilAnswered({ type: 'paper.remove', id });
  };
  const actions: StarActions = { state, save, remove };
  const toggle = (id: string) => toggleStar(doc, id, actions);

  /** Asks the background about papers this view has not seen; resolves when their stars are right. */
  const fetchSavedState = inquiry({
    unknown: (ids) => state.unknown(ids),
    ask: async (ids) => state.resolve(ids, await request({ type: 'papers.saved', ids })),
    onFailure: (error) => {
      console.warn('[paperlight] could not read saved papers; asking again soon', error);
      page.retryLater();
    },
  });
  const stopClicks = handleStarClicks(doc, actions, (id, wasSaved) =>
    page.undo.push({ label: `${wasSaved ? 'unstar' : 'star'} on “${page.titleOf(id)}”`, undo: () => void toggle(id) }),
  );
  const stopBroadcasts = onPageBroadcast('papers.changed', (change) => {
    for (const paper of change.saved) state.set(paper.id, true);
    for (const id of change.removed) state.set(id, false);
  });

  return {
    name: 'star',
    build: (card) => [createStar(doc, state.get(card.id))],
    cardsFound: fetchSavedState,
    forget: () => state.forget(),
    backgroundStarted: (ids) => {
      state
        .recheck(ids, (asked) => requestUntilAnswered({ type: 'papers.saved', ids: asked }))
        .catch((error: unknown) => console.warn('[paperlight] could not check the stars again', error));
    },
    stop: () => {
      stopClicks();
      stopBroadcasts();
    },
    toggle,
    ensureSaved: async (id) => {
      if (state.get(id) === true) return;
      state.set(id, true);
      await save(id);
    },
  };
}
