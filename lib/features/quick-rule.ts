/**
 * Adds a keyword rule from the page: select words in a card and press `h` (highlight) or `m`
 * (mute). The keyboard feature decides when a key counts (never while typing); this turns the
 * selection into a rule.
 */
import { request } from '../protocol/messaging';
import { ruleLabel } from '../rules/rule-label';
import { pickColor } from '../tags/colors';
import { showToast } from './toast';
import { errorMessage } from '../text/error-message';

/** Where a selection counts as "in a card": a card root, or the paper page's content. */
const CARD_SCOPE = '[data-paperlight-id], article, [data-target="PaperContent"]';
const MAX_PATTERN = 100;

/** The selected words as a pattern: whitespace collapsed, punctuation at the ends dropped. */
export function patternFromSelection(text: string): string | null {
  const words = text
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}+#]+$/gu, '')
    .trim();
  return words && words.length <= MAX_PATTERN ? words : null;
}

/** Whether words are selected in a card: whether `h` and `m` mean anything to Paperlight now
 * (decided before the rest of this module, loaded on demand, is there). */
export function hasSelectionInCard(doc: Document): boolean {
  return selectionInCard(doc) !== null;
}

function selectionInCard(doc: Document): string | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const container = selection.getRangeAt(0).commonAncestorContainer;
  const element = container instanceof Element ? container : container.parentElement;
  if (!element?.closest(CARD_SCOPE) || element.closest('[data-paperlight-ui]')) return null;
  return selection.toString();
}

/**
 * Adds a highlight or mute rule for the words selected in a card (the keyboard's `h` and `m`).
 * False when there is no selection in a card: the key then means nothing to Paperlight.
 */
export function addRuleFromSelection(doc: Document, action: 'highlight' | 'mute', colorsInUse: () => string[], onAdded?: (ruleId: string) => void): boolean {
  const selected = selectionInCard(doc);
  if (selected === null) return false;
  const pattern = patternFromSelection(selected);
  if (!pattern) {
    showToast(doc, `Select up to ${MAX_PATTERN} characters of words to make a rule.`);
    return true;
  }
  const rule = { pattern, kind: pattern.includes(' ') ? ('phrase' as const) : ('word' as const), action, color: pickColor(colorsInUse()) };
  request({ type: 'rule.add', rule })
    .then(({ rule: added }) => {
      doc.getSelection()?.removeAllRanges();
      onAdded?.(added.id);
      showToast(doc, `${action === 'highlight' ? 'Highlight' : 'Mute'} rule ${ruleLabel(added)} added.`, {
        label: 'Undo',
        run: () => void request({ type: 'rule.delete', id: added.id }).catch((error: unknown) => showToast(doc, `Could not undo: ${String(error)}`)),
      });
    })
    .catch((error: unknown) => showToast(doc, errorMessage(error)));
  return true;
}
