/**
 * Keyboard triage on a listing (and a few keys on a paper page): a cursor over the cards in
 * document order, and one key per action. Keys count only when no text field has the focus, never
 * during IME composition or with modifiers the browser or the site use, and never when the site
 * already handled the key: Paperlight never takes a shortcut from the site.
 */
import { actionFor, resolveBindings, type Action, type Bindings } from '../model/key-bindings';
import { keyOf } from '../keyboard/key-of';
import type { Page, PageFeature } from '../content/page-feature';
import { request } from '../protocol/messaging';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Card } from '../site/cards';
import { paperUrl } from '../site/page-kind';
import { onDemand } from '../content/load-on-demand';
import { showToast } from './toast';
import { uiElement } from './ui-element';

const CURRENT = 'data-paperlight-current';

/** What the keys act on: the other features. */
export interface KeyboardDeps {
  /** Stars or unstars; whether it was saved before. */
  toggleStar: (id: string) => boolean;
  openTagEditor: (id: string) => boolean;
  removeTag: (id: string, key: string) => Promise<unknown>;
  hide: (id: string) => void;
  unhide: (id: string) => void;
  editNote: (id: string) => void;
  /** A rule from the selected words; false when nothing is selected in a card. */
  ruleFromSelection: (action: 'highlight' | 'mute') => boolean;
  /** The paper is new to the reader on this view (issue #16). */
  isNew: (id: string) => boolean;
  /** The paper's place on screen while the view is sorted For you (issue #17), else undefined. */
  orderOf: (id: string) => number | undefined;
  /** The view's best papers for this reader, best first. */
  topForYou: (count: number) => string[];
}

const TOP = 10;

/** Cards in the order they appear on screen: a view sorted For you first by its order (the site's
 * nodes stay where they are), then in document order (the pass finds those in view first). */
function inScreenOrder(cards: Card[], orderOf: (id: string) => number | undefined): Card[] {
  const place = (card: Card) => orderOf(card.id) ?? Number.MAX_SAFE_INTEGER;
  return [...cards].sort((a, b) => place(a) - place(b) || (a.root.compareDocumentPosition(b.root) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** The site's own search box: the first search field of the page. */
function siteSearch(doc: Document): HTMLInputElement | null {
  for (const input of doc.querySelectorAll<HTMLInputElement>('input[type="search"], input[placeholder*="earch"], input[name="search"]')) {
    if (!input.closest('[data-paperlight-ui]') && input.offsetParent !== null) return input;
  }
  return null;
}

export function keyboardFeature(page: Page, deps: KeyboardDeps): PageFeature {
  const { doc, undo } = page;
  const cardsOf = () => page.cards();
  const isPaperPage = () => page.kind().kind === 'paper';
  let bindings: Bindings = resolveBindings({});
  let currentId: string | null = null;
  let closeHelp: (() => void) | null = null;
  const announcer = uiElement(doc, 'div', 'announcer', { 'data-paperlight-ui': '', role: 'status', 'aria-live': 'polite' });

  const load = (overrides: Record<string, string>) => (bindings = resolveBindings(overrides));
  page
    .settings()
    .then((settings) => load(settings.keyBindings))
    .catch(() => undefined);
  const stopSettings = onPageBroadcast('settings.changed', (change) => load(change.settings.keyBindings));

  const ordered = () => inScreenOrder(cardsOf().filter((card) => card.root.isConnected && card.root.offsetParent !== null), deps.orderOf);
  const currentCard = () => (currentId ? (cardsOf().find((card) => card.id === currentId && card.root.isConnected) ?? null) : null);
  /** The card actions apply to: the cursor's, or the paper page's one paper. */
  const target = () => currentCard() ?? (isPaperPage() ? (cardsOf()[0] ?? null) : null);

  const mark = (card: Card | null, scroll: boolean) => {
    for (const el of doc.querySelectorAll(`[${CURRENT}]`)) if (el !== card?.root) el.removeAttribute(CURRENT);
    currentId = card?.id ?? null;
    if (!card) return;
    card.root.setAttribute(CURRENT, '');
    if (scroll) {
      const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      card.root.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
    }
    if (!announcer.isConnected) doc.body.append(announcer);
    const cards = ordered();
    announcer.textContent = `Paper ${cards.findIndex((c) => c.id === card.id) + 1} of ${cards.length}: ${page.titleOf(card.id)}`;
  };

  const move = (to: 'next' | 'previous' | 'first' | 'last') => {
    const cards = ordered();
    if (cards.length === 0) return;
    const at = cards.findIndex((card) => card.id === currentId);
    const index =
      to === 'first' ? 0 : to === 'last' ? cards.length - 1 : at < 0 ? (to === 'next' ? 0 : cards.length - 1) : Math.min(cards.length - 1, Math.max(0, at + (to === 'next' ? 1 : -1)));
    mark(cards[index]!, true);
  };

  const open = (id: string, background: boolean) => {
    const url = paperUrl(id);
    if (!background) {
      doc.location.assign(url);
      return;
    }
    request({ type: 'tab.open', url, active: false }).catch((error: unknown) => showToast(doc, `Could not open a tab: ${String(error)}`));
  };

  /** Runs `action`; false when it does not apply here (the key then goes on to the site). */
  const run = (action: Action): boolean => {
    const card = target();
    switch (action) {
      case 'next':
      case 'previous':
      case 'first':
      case 'last':
        if (isPaperPage()) return false;
        move(action);
        return true;
      case 'nextNew': {
        if (isPaperPage()) return false;
        // The next new paper below the cursor, else the first from the top.
        const cards = ordered();
        const at = cards.findIndex((c) => c.id === currentId);
        const next = cards.slice(at + 1).find((c) => deps.isNew(c.id)) ?? cards.find((c) => deps.isNew(c.id));
        if (next) mark(next, true);
        else showToast(doc, 'No new papers on this view.');
        return true;
      }
      case 'nextTop': {
        if (isPaperPage()) return false;
        // Through the view's top ten, best first, from the one the cursor is on.
        const shown = new Set(ordered().map((c) => c.id));
        const top = deps.topForYou(TOP).filter((id) => shown.has(id));
        if (top.length === 0) {
          showToast(doc, 'Nothing ranked For you on this view yet.');
          return true;
        }
        const next = top[(top.indexOf(currentId ?? '') + 1) % top.length]!;
        mark(cardsOf().find((c) => c.id === next) ?? null, true);
        return true;
      }
      case 'help':
        if (!closeHelp) {
          // The overlay's code loads on first use: until it shows, this stands for it (a second `?`
          // does nothing; stopping meanwhile means it never shows).
          let cancelled = false;
          const pending = () => {
            cancelled = true;
            closeHelp = null;
          };
          closeHelp = pending;
          onDemand().then(
            ({ openHelp }) => {
              if (!cancelled) closeHelp = openHelp(doc, bindings, () => (closeHelp = null));
            },
            (error: unknown) => {
              if (closeHelp === pending) closeHelp = null;
              console.warn('[paperlight] could not open the key list', error);
            },
          );
        }
        return true;
      case 'search': {
        const box = siteSearch(doc);
        if (!box) return false;
        box.focus();
        return true;
      }
      case 'undo': {
        const entry = undo.pop();
        if (!entry) {
          showToast(doc, 'Nothing to undo.');
          return true;
        }
        void Promise.resolve(entry.undo()).then(
          () => showToast(doc, `Undone: ${entry.label}.`),
          (error: unknown) => showToast(doc, `Could not undo ${entry.label}: ${String(error)}`),
        );
        return true;
      }
      case 'highlight':
      case 'mute':
        return deps.ruleFromSelection(action);
      default:
        break;
    }
    if (!card) return false;
    const { id } = card;
    switch (action) {
      case 'open':
      case 'openBackground':
        if (isPaperPage()) return false;
        open(id, action === 'openBackground');
        return true;
      case 'star': {
        const wasSaved = deps.toggleStar(id);
        undo.push({ label: `${wasSaved ? 'unstar' : 'star'} on “${page.titleOf(id)}”`, undo: () => void deps.toggleStar(id) });
        return true;
      }
      case 'tag':
        return deps.openTagEditor(id);
      case 'hide': {
        if (isPaperPage()) return false;
        const cards = ordered();
        const at = cards.findIndex((c) => c.id === id);
        deps.hide(id);
        undo.push({ label: `hiding “${page.titleOf(id)}”`, undo: () => deps.unhide(id) });
        // The cursor moves on to the next paper still shown.
        const next = cards[at + 1] ?? cards[at - 1] ?? null;
        mark(next && next.id !== id ? next : null, true);
        return true;
      }
      case 'note':
        deps.editNote(id);
        return true;
    }
    return false;
  };

  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.defaultPrevented) return;
    const key = keyOf(event);
    if (key === null) return;
    if (key === 'Escape') {
      // Closes what Paperlight opened, else clears the cursor; the site keeps its own Escape.
      if (closeHelp || currentId === null) return;
      mark(null, false);
      return;
    }
    const action = key === 'Mod+z' ? 'undo' : actionFor(bindings, key);
    if (!action) return;
    if (run(action)) {
      event.preventDefault();
      event.stopPropagation();
    }
  };
  // Bubbling, on the window: the site's own handlers go first, and a key they handled is theirs.
  window.addEventListener('keydown', onKey);

  return {
    name: 'keyboard',
    // The cursor stays on its paper if the paper is still here.
    passDone: () => {
      const card = currentCard();
      if (card) {
        if (!card.root.hasAttribute(CURRENT)) mark(card, false);
      } else if (currentId !== null) {
        mark(null, false);
      }
    },
    // A new view: the cursor starts over.
    viewChanged: () => mark(null, false),
    stop: () => {
      window.removeEventListener('keydown', onKey);
      stopSettings();
      closeHelp?.();
      mark(null, false);
      announcer.remove();
    },
  };
}
