/**
 * Builds one of Paperlight's in-page elements: its `paperlight-*` class, its `data-paperlight`
 * hook (the test-hook contract), and any attributes. Text is set by callers, always as text.
 */
export function uiElement<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  hook: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  el.className = `paperlight-${hook}`;
  el.setAttribute('data-paperlight', hook);
  if (tag === 'button') el.setAttribute('type', 'button');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}
