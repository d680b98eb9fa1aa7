/**
 * Adds a keyword rule from the page: select words in a card and press `h` (highlight) or `m`
 * (mute). Only when no text field has the focus, without modifiers and outside IME composition,
 * so typing anywhere (the site's search box included) never triggers it; the key is kept from the
 * site only when Paperlight acts on it.
 */
import { request } from '../messaging';
import { ruleLabel } from '../rules/rule';
import { pickColor } from '../tags/colors';
import { showToast } from './toast';

/** Where a selection counts as "in a card": a card root, or the paper page's content. */
const CARD_SCOPE = '[data-paperlight-id], article, [data-target="PaperContent"]';
const MAX_PATTERN = 100;

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]')) return true;
  return target instanceof HTMLElement && target.isContentEditable;
}

/** The selected words as a pattern: whitespace collapsed, punctuation at the ends dropped. */
export function patternFromSelection(text: string): string | null {
  const words = text
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}+#]+$/gu, '')
    .trim();
  return words && words.length <= MAX_PATTERN ? words : null;
}

function selectionInCard(doc: Document): string | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const container = selection.getRangeAt(0).commonAncestorContainer;
  const element = container instanceof Element ? container : container.parentElement;
  if (!element?.closest(CARD_SCOPE) || element.closest('[data-paperlight-ui]')) return null;
  return selection.toString();
}

export function startQuickRules(doc: Document, colorsInUse: () => string[]): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.isComposing || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    const action = event.key === 'h' ? ('highlight' as const) : event.key === 'm' ? ('mute' as const) : null;
    if (!action || isTypingTarget(event.target)) return;
    const selected = selectionInCard(doc);
    if (selected === null) return;
    event.preventDefault();
    event.stopPropagation();
    const pattern = patternFromSelection(selected);
    if (!pattern) {
      showToast(doc, `Select up to ${MAX_PATTERN} characters of words to make a rule.`);
      return;
    }
    const rule = { pattern, kind: pattern.includes(' ') ? ('phrase' as const) : ('word' as const), action, color: pickColor(colorsInUse()) };
    request({ type: 'rule.add', rule })
      .then(({ rule: added }) => {
        doc.getSelection()?.removeAllRanges();
        showToast(doc, `${action === 'highlight' ? 'Highlight' : 'Mute'} rule ${ruleLabel(added)} added.`, {
          label: 'Undo',
          run: () => void request({ type: 'rule.delete', id: added.id }).catch((error: unknown) => showToast(doc, `Could not undo: ${String(error)}`)),
        });
      })
      .catch((error: unknown) => showToast(doc, error instanceof Error ? error.message : String(error)));
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
