/**
 * The add-tag input: suggests existing tags as you type (arrow keys + Enter pick), Enter or comma
 * commits, Backspace on an empty input removes the card's last tag, Escape cancels. Keys typed
 * here never reach the site's own shortcuts. An invalid name is explained next to the input.
 */
import type { TagWithCount } from '../model/changes';
import { splitTagInput } from '../tags/tag-name';
import { HEX_COLOR } from '../tags/colors';
import { exposeParts, shadowUi } from './shadow-ui';
import { uiElement } from './ui-element';
import css from './tag-editor.css?inline';
import { plural } from '../text/plural';

export interface TagEditorOptions {
  /** What the input starts with, selected (a suggested tag: Enter takes it, typing replaces it). */
  initial?: string;
  /** Suggestions for what is typed (the card's own tags left out). */
  suggest: (typed: string) => TagWithCount[];
  /** Adds the named tags; resolves with a message to show, or null when all were added. */
  commit: (names: string[]) => Promise<string | null>;
  /** Removes the card's last tag; resolves once it is gone. */
  removeLast: () => Promise<void>;
}

let editors = 0;

export function openTagEditor(addButton: HTMLButtonElement, options: TagEditorOptions): HTMLElement {
  const doc = addButton.ownerDocument;
  const id = `paperlight-tag-suggestions-${++editors}`;
  const { host, root } = shadowUi(doc, 'span', 'tag-editor', css);
  const editor = uiElement(doc, 'span', 'tag-editor');
  root.append(editor);
  const input = uiElement(doc, 'input', 'tag-input', {
    type: 'text',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': id,
    'aria-label': 'Tag name (Enter or comma to add, Escape to close)',
    placeholder: 'tag, another…',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const list = uiElement(doc, 'ul', 'tag-suggestions', { id, role: 'listbox', hidden: '', 'aria-label': 'Existing tags' });
  const error = uiElement(doc, 'span', 'tag-error', { role: 'alert' });
  editor.append(input, list, error);
  exposeParts(root);

  let shown: TagWithCount[] = [];
  let active = -1;

  const setActive = (index: number) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${id}-${index}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const renderSuggestions = () => {
    shown = options.suggest(input.value);
    list.replaceChildren(
      ...shown.map((tag, index) => {
        const option = uiElement(doc, 'li', 'tag-suggestion', {
          id: `${id}-${index}`,
          role: 'option',
          part: 'tag-suggestion',
          'aria-selected': 'false',
          'aria-label': `${tag.name}, ${plural(tag.count, 'paper')}`,
        });
        const swatch = uiElement(doc, 'span', 'swatch', { 'data-paperlight-tag': tag.key });
        // The page's tag colour sheet does not reach into the shadow root; colours are `#rrggbb`.
        if (HEX_COLOR.test(tag.color)) swatch.style.setProperty('--paperlight-tag-bg', tag.color);
        option.append(swatch, doc.createTextNode(tag.name));
        const count = uiElement(doc, 'span', 'suggestion-count');
        count.textContent = String(tag.count);
        option.append(count);
        // Keep the focus in the input: a click picks, it does not blur.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', (event) => event.isTrusted && commit([tag.name]));
        return option;
      }),
    );
    list.hidden = shown.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    place();
    setActive(-1);
  };
  // Cards clip their overflow: the list is positioned against the viewport, under the input.
  const place = () => {
    if (list.hidden) return;
    const box = input.getBoundingClientRect();
    list.style.top = `${box.bottom + 4}px`;
    list.style.left = `${box.left}px`;
  };
  const view = doc.defaultView;
  view?.addEventListener('scroll', place, { passive: true, capture: true });
  view?.addEventListener('resize', place, { passive: true });
  let closed = false;
  const close = (refocus: boolean) => {
    if (closed) return;
    closed = true;
    view?.removeEventListener('scroll', place, { capture: true });
    view?.removeEventListener('resize', place);
    addButton.hidden = false;
    // Focus moves before the input goes, so it never falls back to the page's body.
    if (refocus) addButton.focus();
    host.remove();
  };
  /** Commits run one after another, in the order typed, however fast the user types. */
  let queue: Promise<void> = Promise.resolve();
  const commit = (names: string[]) => {
    if (names.length === 0) return;
    // Cleared at once, so what the user types next (after a comma) is not lost; put back if refused.
    const typed = input.value;
    input.value = '';
    queue = queue.then(async () => {
      const problem = await options.commit(names);
      error.textContent = problem ?? '';
      input.setAttribute('aria-invalid', String(problem !== null));
      if (problem !== null && input.value === '') input.value = typed;
      renderSuggestions();
    });
  };

  input.addEventListener('input', () => {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    renderSuggestions();
  });
  input.addEventListener('keydown', (event) => {
    // The site's own shortcuts never see what is typed here.
    event.stopPropagation();
    // Only the user edits tags: a page script's synthetic key does nothing.
    if (!event.isTrusted) return;
    if (event.isComposing) return;
    const count = shown.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (count > 0) setActive(event.key === 'ArrowDown' ? (active + 1) % count : (active - 1 + count) % count);
        return;
      case 'Enter': {
        event.preventDefault();
        const picked = shown[active];
        if (picked) return commit([picked.name]);
        if (input.value.trim() === '') return close(true);
        return commit(splitTagInput(input.value));
      }
      case ',':
        event.preventDefault();
        return commit(splitTagInput(input.value));
      case 'Backspace':
        if (input.value === '') {
          event.preventDefault();
          // In line behind pending commits, so "foo", Enter, Backspace removes "foo".
          queue = queue.then(options.removeLast);
        }
        return;
      case 'Escape':
        event.preventDefault();
        return close(true);
    }
  });
  editor.addEventListener('focusout', (event) => {
    if (!editor.contains(event.relatedTarget as Node | null)) close(false);
  });

  addButton.hidden = true;
  addButton.after(host);
  input.focus();
  if (options.initial) {
    input.value = options.initial;
    input.select();
  }
  renderSuggestions();
  return editor;
}
