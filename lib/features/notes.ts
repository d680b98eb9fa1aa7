/**
 * The note of a saved paper, on its card: a small indicator whose tooltip (and accessible name) is
 * the note, as text. Notes are written in the reading list; cards follow its broadcasts.
 */
import { inquiry } from '../content/inquiry';
import { onDemand } from '../content/load-on-demand';
import { request } from '../protocol/messaging';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Page, PageFeature } from '../content/page-feature';
import { uiElement } from './ui-element';

const INDICATOR = '[data-paperlight="note-indicator"]';
/** A tooltip shows the start of a long note; the reading list has all of it. */
const TOOLTIP_MAX = 600;

export interface NotesFeature extends PageFeature {
  /** Opens the note editor on paper `id` (the keyboard's `n`); `ensureSaved` first saves the paper,
   * since only saved papers have notes. */
  edit: (id: string, ensureSaved: () => Promise<void>) => void;
}

function paint(indicator: HTMLElement, note: string | undefined): void {
  const text = note ? (note.length > TOOLTIP_MAX ? `${note.slice(0, TOOLTIP_MAX)}…` : note) : '';
  indicator.hidden = !note;
  if (indicator.title !== text) indicator.title = text;
  indicator.setAttribute('aria-label', note ? `Your note: ${text}` : '');
}

export function notesFeature(page: Page): NotesFeature {
  const { doc } = page;
  /** Known notes; a paper asked about without a note maps to ''. */
  const notes = new Map<string, string>();

  const repaint = (ids: Iterable<string>) => {
    for (const id of ids) {
      const indicator = doc.querySelector<HTMLElement>(`[data-paperlight="bar"][data-paperlight-for="${CSS.escape(id)}"] ${INDICATOR}`);
      if (indicator) paint(indicator, notes.get(id));
    }
  };

  const fetch = inquiry({
    unknown: (ids) => ids.filter((id) => !notes.has(id)),
    ask: async (ids) => {
      const found = await request({ type: 'papers.notes', ids });
      // A broadcast may have answered meanwhile; it is newer.
      const fresh = ids.filter((id) => !notes.has(id));
      for (const id of fresh) notes.set(id, found[id] ?? '');
      repaint(fresh);
    },
    onFailure: (error) => {
      console.warn('[paperlight] could not read notes; asking again soon', error);
      page.retryLater();
    },
  });

  const stop = onPageBroadcast('papers.changed', (change) => {
    for (const paper of change.saved) notes.set(paper.id, paper.note ?? '');
    for (const id of change.removed) notes.set(id, '');
    repaint([...change.saved.map((paper) => paper.id), ...change.removed]);
  });

  return {
    name: 'notes',
    build: (card) => {
      const indicator = uiElement(doc, 'span', 'note-indicator', { role: 'note' });
      indicator.textContent = '✎ note';
      paint(indicator, notes.get(card.id));
      return [indicator];
    },
    cardsFound: fetch,
    forget: () => notes.clear(),
    stop,
    // The editor's code loads on first use (lib/content/load-on-demand.ts).
    edit: (id, ensureSaved) =>
      void onDemand()
        .then(({ openPageNote }) => openPageNote(doc, id, ensureSaved))
        .catch((error: unknown) => console.warn('[paperlight] could not open the note', error)),
  };
}
