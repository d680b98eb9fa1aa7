/**
 * Which key a keydown means to Paperlight, or null when Paperlight must leave it alone: while the
 * user types (in any input, textarea, select or contenteditable, the site's or ours, also inside
 * shadow roots), during IME composition, and with the modifier combinations the browser and the
 * site use. A plain function of the event, so the guards are unit-tested.
 */

export interface KeyEventLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing: boolean;
  keyCode?: number;
  target: EventTarget | null;
  composedPath?: () => EventTarget[];
}

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';

export function isEditable(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  return element.closest(EDITABLE) !== null || element.isContentEditable === true;
}

/** Whether keys typed at `target` are text: what isEditable counts, but for a checkbox or a radio
 * button (the reading list's selection boxes), which take no text and let its keys through. */
export function isTyping(target: EventTarget | null): boolean {
  return isEditable(target) && !(target as HTMLElement).matches('input[type="checkbox"], input[type="radio"]');
}

/** The innermost element the event came from (inside open shadow roots too). */
function origin(event: KeyEventLike): EventTarget | null {
  return event.composedPath?.()[0] ?? event.target;
}

export function keyOf(event: KeyEventLike): string | null {
  // 229: the key event of a composition step in browsers that do not set isComposing.
  if (event.isComposing || event.keyCode === 229) return null;
  if (isEditable(origin(event))) return null;
  if (event.altKey) return null;
  if (event.ctrlKey || event.metaKey) {
    // Ctrl/Cmd+Z is Paperlight's undo outside text fields; every other combination is the
    // browser's or the site's.
    return !event.shiftKey && event.key.toLowerCase() === 'z' ? 'Mod+z' : null;
  }
  const { key } = event;
  if (key === 'Escape') return 'Escape';
  if (key === 'Enter') return event.shiftKey ? 'Shift+Enter' : 'Enter';
  if ([...key].length !== 1) return null;
  // A shifted letter is written Shift+J; shifted symbols are the symbol itself ("?").
  if (/^[A-Z]$/.test(key)) return event.shiftKey ? `Shift+${key}` : key.toLowerCase();
  return key;
}
