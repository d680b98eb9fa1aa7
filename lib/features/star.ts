/**
 * The star: one toggle per card that saves the paper to the reading list or removes it. The button
 * shows the state the background confirmed; a failed save reverts and says why on the button.
 */
import type { SavedState } from '../saved-state';

const SVG = 'http://www.w3.org/2000/svg';
const STAR_PATH =
  'M12 2.8l2.83 5.73 6.32.92-4.57 4.46 1.08 6.3L12 17.23l-5.66 2.98 1.08-6.3-4.57-4.46 6.32-.92z';

function starIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', STAR_PATH);
  svg.append(path);
  return svg;
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
  button.toggleAttribute('data-paperlight-pending', saved === undefined);
}

export interface StarOptions {
  id: string;
  state: SavedState;
  /** Saves the paper; the caller gathers its metadata at click time from the current page. */
  save: () => Promise<void>;
  remove: () => Promise<void>;
}

export function createStar({ id, state, save, remove }: StarOptions): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'paperlight-star';
  button.dataset.paperlight = 'star';
  button.append(starIcon());
  paintStar(button, state.get(id));
  button.addEventListener('click', (event) => {
    // The card may sit inside one of the site's links: the star never navigates.
    event.preventDefault();
    event.stopPropagation();
    const wasSaved = state.get(id) === true;
    state.set(id, !wasSaved);
    button.removeAttribute('data-paperlight-error');
    (wasSaved ? remove() : save()).catch((error: unknown) => {
      state.set(id, wasSaved);
      const reason = error instanceof Error ? error.message : String(error);
      button.dataset.paperlightError = reason;
      button.title = `Paperlight could not ${wasSaved ? 'remove' : 'save'} this paper: ${reason}`;
    });
  });
  return button;
}
