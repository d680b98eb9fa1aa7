// Serves the recorded Daily Papers pages in tests/fixtures/ for https://huggingface.co/** so the
// extension's content script runs on the real URLs, offline. Shared by the Playwright tests, the
// demo and the benchmark. Plain JS (checked by tsc through JSDoc) so Node runs it as it is.
import { fixtureHtml, fixtureManifest } from './fixtures.mjs';
import { NAVIGATION_VIEWS, navigationPage } from './navigation-page.mjs';

export { FIXTURES, fixtureHtml, fixtureManifest } from './fixtures.mjs';

const PLACEHOLDER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#e5e7eb"/></svg>';

/**
 * Maps `https://huggingface.co` paths to fixture files: every fixture's own URL, plus `/papers`
 * (the site redirects it to the last-viewed day). The navigation page answers its own views.
 * @returns {Map<string, string>} path+search → file
 */
export function defaultPages() {
  const pages = new Map();
  for (const [file, entry] of Object.entries(fixtureManifest())) {
    const url = new URL(entry.url);
    pages.set(url.pathname + url.search, file);
  }
  pages.set('/papers', 'hf-papers-date-2024-08-01.html');
  return pages;
}

/**
 * Routes the site into `context` (a Playwright BrowserContext). `extra` maps a path (with search)
 * to an HTML string, for pages a test builds itself. Anything else on the network is refused, so a
 * run never depends on the outside world.
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ extra?: Map<string, string> | Record<string, string>, live?: boolean }} [options]
 */
export async function routeSite(context, options = {}) {
  if (options.live) return;
  const pages = defaultPages();
  // A Map is kept by reference, so a test may add pages after the route is installed.
  const extra = options.extra instanceof Map ? options.extra : new Map(Object.entries(options.extra ?? {}));
  await context.route(/^https?:\/\//, async (route) => {
    const url = new URL(route.request().url());
    const key = url.pathname.replace(/\/+$/, '') + url.search;
    if (url.hostname === 'huggingface.co') {
      const html = extra.get(key) ?? extra.get(url.pathname);
      const file = pages.get(key) ?? pages.get(url.pathname);
      if (html === undefined && file === undefined && Object.values(NAVIGATION_VIEWS).includes(url.pathname)) {
        return route.fulfill({ contentType: 'text/html; charset=utf-8', body: navigationPage() });
      }
      if (html !== undefined || file !== undefined) {
        return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html ?? fixtureHtml(/** @type {string} */ (file)) });
      }
      if (/\.(svg|png|jpe?g|webp)$/.test(url.pathname)) {
        return route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_SVG });
      }
      return route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>404</title><h1>404</h1>' });
    }
    if (url.hostname.endsWith('.huggingface.co') && route.request().resourceType() === 'image') {
      return route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_SVG });
    }
    return route.abort('blockedbyclient');
  });
}
