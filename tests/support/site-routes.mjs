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
 * What the offline site answers for `url`: a response to send, or null to refuse the request (it
 * would leave for the network). Shared by the Chromium route below and the Firefox suite's request
 * interception (tests/e2e-firefox/firefox.ts), so both browsers see the same site.
 * @param {URL} url
 * @param {{ extra: Map<string, string>, pages: Map<string, string>, image: boolean }} options
 * @returns {{ status: number, contentType: string, body: string } | null}
 */
export function siteResponse(url, { extra, pages, image }) {
  const key = url.pathname.replace(/\/+$/, '') + url.search;
  if (url.hostname === 'huggingface.co') {
    const html = extra.get(key) ?? extra.get(url.pathname);
    const file = pages.get(key) ?? pages.get(url.pathname);
    if (html === undefined && file === undefined && Object.values(NAVIGATION_VIEWS).includes(url.pathname)) {
      return { status: 200, contentType: 'text/html; charset=utf-8', body: navigationPage() };
    }
    if (html !== undefined || file !== undefined) {
      return { status: 200, contentType: 'text/html; charset=utf-8', body: html ?? fixtureHtml(/** @type {string} */ (file)) };
    }
    if (/\.(svg|png|jpe?g|webp)$/.test(url.pathname)) return { status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER_SVG };
    return { status: 404, contentType: 'text/html', body: '<!doctype html><title>404</title><h1>404</h1>' };
  }
  if (url.hostname.endsWith('.huggingface.co') && image) return { status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER_SVG };
  return null;
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
    const response = siteResponse(new URL(route.request().url()), { extra, pages, image: route.request().resourceType() === 'image' });
    if (!response) return route.abort('blockedbyclient');
    return route.fulfill(response);
  });
}
