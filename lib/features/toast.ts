/**
 * A short message at the bottom of the page ("Highlight rule “RL” added. Undo"), announced to
 * screen readers, gone after a few seconds or when the next one comes. One at a time.
 */
import { exposeParts, shadowUi } from './shadow-ui';
import { uiElement } from './ui-element';
import css from './toast.css?inline';

const SHOW_MS = 6_000;

export interface ToastAction {
  label: string;
  run: () => void;
}

export function showToast(doc: Document, text: string, action?: ToastAction): void {
  doc.querySelector('[data-paperlight="toast-host"]')?.remove();
  const { host, root } = shadowUi(doc, 'div', 'toast', css);
  const toast = uiElement(doc, 'div', 'toast', { role: 'status' });
  root.append(toast);
  const words = doc.createElement('span');
  words.textContent = text;
  toast.append(words);
  let timer = setTimeout(() => host.remove(), SHOW_MS);
  if (action) {
    const button = uiElement(doc, 'button', 'toast-action');
    button.textContent = action.label;
    button.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      host.remove();
      action.run();
    });
    // While the user is on it, it stays.
    button.addEventListener('focus', () => clearTimeout(timer));
    button.addEventListener('blur', () => (timer = setTimeout(() => host.remove(), SHOW_MS)));
    toast.append(button);
  }
  exposeParts(root);
  doc.body.append(host);
}
