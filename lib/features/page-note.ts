/**
 * Editing a paper's note from its card (the keyboard's `n`): a text area under the card's bar,
 * saved as the user types. Escape or Done closes it and gives the focus back.
 */
import { NOTE_MAX } from '../model/limits';
import { noteSaver } from '../library/note-saver';
import { request } from '../protocol/messaging';
import { deepActiveElement, exposeParts, shadowUi } from './shadow-ui';
import { uiElement } from './ui-element';
import buttonCss from './overlay-buttons.css?inline';
import css from './page-note.css?inline';

export async function openPageNote(doc: Document, id: string, ensureSaved: () => Promise<void>): Promise<void> {
  const bar = doc.querySelector<HTMLElement>(`[data-paperlight="bar"][data-paperlight-for="${CSS.escape(id)}"]`);
  if (!bar) return;
  doc.querySelector('[data-paperlight="page-note-host"]')?.remove();
  const active = deepActiveElement(doc);
  const returnTo = active instanceof HTMLElement ? active : null;
  // A note belongs to a saved paper.
  await ensureSaved();
  const notes = await request({ type: 'papers.notes', ids: [id] });
  const { host, root } = shadowUi(doc, 'div', 'page-note', buttonCss + css);
  const panel = uiElement(doc, 'div', 'page-note', { role: 'group', 'aria-label': 'Your note on this paper' });
  const area = uiElement(doc, 'textarea', 'page-note-input', { rows: '4', maxlength: String(NOTE_MAX), 'aria-label': 'Note', placeholder: 'Your note (plain text)' });
  area.value = notes[id] ?? '';
  const status = uiElement(doc, 'span', 'page-note-status', { role: 'status' });
  const done = uiElement(doc, 'button', 'page-note-done');
  done.textContent = 'Done';
  panel.append(area, status, done);
  root.append(panel);
  exposeParts(root);
  bar.after(host);
  area.focus();

  const saver = noteSaver(id, area.value, (saving) => {
    status.textContent = saving.state === 'saving' ? 'Saving…' : saving.state === 'saved' ? 'Saved' : `Not saved: ${saving.error}`;
  });
  const close = () => {
    void saver.flush();
    host.remove();
    returnTo?.focus();
  };
  area.addEventListener('input', () => saver.typed(area.value));
  // Its keys are the user's typing, not the site's shortcuts.
  area.addEventListener('keydown', (event) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  done.addEventListener('click', close);
}
