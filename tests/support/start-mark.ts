/**
 * What started Paperlight on a page (lib/content/start-moment.ts), when, and where the page's own
 * load stood, read from the page's timeline. Runs in the page (Playwright's and puppeteer's
 * evaluate), so it is self-contained.
 */
export function readStart() {
  const mark = performance.getEntriesByName('paperlight:start')[0] as PerformanceMark | undefined;
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
  return {
    cause: (mark?.detail as string | undefined) ?? null,
    at: mark?.startTime ?? NaN,
    firstPass: performance.getEntriesByName('paperlight:annotate')[0]?.startTime ?? NaN,
    loadEnd: navigation.loadEventEnd,
    readyState: document.readyState,
  };
}
