/** The `html[data-paperlight…]` attributes of the test-hook contract (DESIGN.md §3). */

export type Readiness = 'loading' | 'ready';

export function setReadiness(doc: Document, value: Readiness): void {
  const html = doc.documentElement;
  if (html.getAttribute('data-paperlight') !== value) html.setAttribute('data-paperlight', value);
}

export function setCardCount(doc: Document, count: number): void {
  const html = doc.documentElement;
  const value = String(count);
  if (html.getAttribute('data-paperlight-cards') !== value) html.setAttribute('data-paperlight-cards', value);
}

export function clearHooks(doc: Document): void {
  doc.documentElement.removeAttribute('data-paperlight');
  doc.documentElement.removeAttribute('data-paperlight-cards');
}
