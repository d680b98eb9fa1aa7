/**
 * Paperlight's overlays (the toast, the key list, the tag editor, the note editor) live in an open
 * shadow root: the site's CSS (resets, `button { … }`, a `* { … }`) cannot reach them, and their
 * own styles reach nothing of the site's. Open, so the user's styles, assistive tools and tests
 * still see in. The site's dark theme (`html.dark`) is read when the overlay opens: overlays are
 * short-lived.
 */
import { uiElement } from './ui-element';

export interface ShadowUi {
  /** The element that goes into the page (a `[data-paperlight-ui]` one, so no pass follows). */
  host: HTMLElement;
  root: ShadowRoot;
}

export function shadowUi(doc: Document, tag: 'div' | 'span', hook: string, css: string): ShadowUi {
  const host = uiElement(doc, tag, `${hook}-host`, { 'data-paperlight-ui': '' });
  if (doc.documentElement.classList.contains('dark')) host.setAttribute('data-theme', 'dark');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}

/** The focused element, inside shadow roots too (the document only sees their host). */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Names every hooked element of an overlay as a CSS part, so the user's own styles still reach it
 * (`[data-paperlight="toast-host"]::part(toast)`) where plain selectors no longer can. */
export function exposeParts(root: ParentNode): void {
  for (const el of root.querySelectorAll('[data-paperlight]')) el.setAttribute('part', el.getAttribute('data-paperlight')!);
}
