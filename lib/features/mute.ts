/**
 * Muted cards: dimmed, or folded to a one-line stub ("Muted: matches “diffusion”", Show) that the
 * user can open. Only attributes and one stub element of Paperlight's: the site's nodes stay where
 * they are, so unmuting gives back the card exactly as it was.
 */
import { uiElement } from './ui-element';

export type MuteStyle = 'dim' | 'fold';

const MUTED = 'data-paperlight-muted';
const UNFOLDED = 'data-paperlight-unfolded';
const STUB = '[data-paperlight="mute-stub"]';

function stubText(label: string, open: boolean): string {
  return open ? `Muted: matches ${label}. Fold` : `Muted: matches ${label}. Show`;
}

export function muteCard(root: HTMLElement, style: MuteStyle, label: string): void {
  if (root.getAttribute(MUTED) !== style) root.setAttribute(MUTED, style);
  const existing = root.querySelector<HTMLElement>(`:scope > ${STUB}`);
  if (style === 'dim') {
    existing?.remove();
    root.removeAttribute(UNFOLDED);
    return;
  }
  const open = root.hasAttribute(UNFOLDED);
  const stub =
    existing ??
    uiElement(root.ownerDocument, 'button', 'mute-stub', {
      'data-paperlight-ui': '',
      'aria-expanded': 'false',
    });
  stub.setAttribute('aria-expanded', String(open));
  const text = stubText(label, open);
  if (stub.textContent !== text) stub.textContent = text;
  if (!existing) root.prepend(stub);
}

export function unmuteCard(root: HTMLElement): void {
  root.removeAttribute(MUTED);
  root.removeAttribute(UNFOLDED);
  root.querySelector(`:scope > ${STUB}`)?.remove();
}

/** Opens or folds again a folded card whose stub was clicked. */
export function toggleFold(stub: HTMLElement): void {
  const root = stub.parentElement;
  if (!root?.hasAttribute(MUTED)) return;
  const open = !root.hasAttribute(UNFOLDED);
  root.toggleAttribute(UNFOLDED, open);
  stub.setAttribute('aria-expanded', String(open));
  stub.textContent = (stub.textContent ?? '').replace(open ? /Show$/ : /Fold$/, open ? 'Fold' : 'Show');
}

/** Every muted card of the page back as it was. */
export function unmuteAll(doc: Document): void {
  for (const root of doc.querySelectorAll<HTMLElement>(`[${MUTED}]`)) unmuteCard(root);
}
