/**
 * An element's computed style once its running transitions have ended: Paperlight's star and a
 * dimmed card fade (120 ms), and a read right after the change sees wherever the fade is, which
 * on a busy machine is often its start. Waits on the animations themselves, never on time. Runs
 * in the page (Playwright's evaluate, puppeteer's $eval), so it is self-contained.
 */
export async function settledStyle(element: Element, properties: string[]): Promise<Record<string, string>> {
  // A transition another change cancels rejects `finished`; the next one is awaited in turn.
  while (element.getAnimations().length > 0) await Promise.all(element.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
  const style = getComputedStyle(element);
  return Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)]));
}
