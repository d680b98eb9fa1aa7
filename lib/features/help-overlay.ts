/**
 * The `?` overlay: every binding, as the user has it now. A modal dialog: the focus stays inside
 * while it is open, Escape (or its button) closes it and the focus goes back where it was.
 */
import { ACTIONS, ACTION_NAMES, type Bindings } from '../model/key-bindings';
import { deepActiveElement, exposeParts, shadowUi } from './shadow-ui';
import { uiElement } from './ui-element';
import buttonCss from './overlay-buttons.css?inline';
import css from './help-overlay.css?inline';

const pretty = (key: string) => (key === 'Mod+z' ? 'Ctrl+Z / ⌘Z' : key);

export function openHelp(doc: Document, bindings: Bindings, onClose: () => void): () => void {
  const active = deepActiveElement(doc);
  const returnTo = active instanceof HTMLElement ? active : null;
  const { host, root } = shadowUi(doc, 'div', 'help', buttonCss + css);
  const backdrop = uiElement(doc, 'div', 'help');
  const dialog = uiElement(doc, 'div', 'help-dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'paperlight-help-title', tabindex: '-1' });
  const title = doc.createElement('h2');
  title.id = 'paperlight-help-title';
  title.textContent = 'Paperlight keys';
  const table = doc.createElement('table');
  const rows: [string, string][] = ACTION_NAMES.map((action) => [bindings[action].map(pretty).join(' or '), ACTIONS[action].label]);
  rows.push(['Ctrl+Z / ⌘Z', 'Undo'], ['Escape', 'Clear the cursor, close what Paperlight opened']);
  for (const [keys, label] of rows) {
    const row = table.insertRow();
    const key = row.insertCell();
    const kbd = doc.createElement('kbd');
    kbd.textContent = keys;
    key.append(kbd);
    row.insertCell().textContent = label;
  }
  const note = doc.createElement('p');
  note.textContent = 'Keys work when no text field has the focus. Rebind them in Paperlight’s options.';
  const close = uiElement(doc, 'button', 'help-close');
  close.textContent = 'Close';
  dialog.append(title, table, note, close);
  backdrop.append(dialog);
  root.append(backdrop);
  exposeParts(root);
  doc.body.append(host);
  close.focus();

  const shut = () => {
    host.remove();
    doc.removeEventListener('keydown', onKey, true);
    returnTo?.focus();
    onClose();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      shut();
    } else if (event.key === 'Tab') {
      // The only control is Close: the focus stays on it.
      event.preventDefault();
      close.focus();
    }
  };
  doc.addEventListener('keydown', onKey, true);
  close.addEventListener('click', shut);
  backdrop.addEventListener('click', (event) => {
    if (event.target === backdrop) shut();
  });
  return shut;
}
