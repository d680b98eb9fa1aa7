/**
 * The Firefox suite's harness: headless Firefox ESR driven over WebDriver BiDi by puppeteer-core
 * (Playwright's Firefox is a patched build that cannot be downloaded here), the built firefox-mv2
 * extension installed as a temporary add-on, https://huggingface.co/* served from tests/fixtures/
 * by request interception (the same answers as the Chromium suite's route).
 *
 * One Firefox per spec file (a fresh profile, so state starts empty): `const ff = useFirefox()` at
 * the top of a file; its tests run in order and share that browser. Uncaught errors of the
 * extension, which Firefox only prints to its stdout, fail the test during which they appeared.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { defaultPages, siteResponse } from '../support/site-routes.mjs';

export { expect, test };
export type { Page };

export const SITE = 'https://huggingface.co';
export const EXTENSION_DIR = fileURLToPath(new URL('../../.output/firefox-mv2/', import.meta.url));
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** A fixed moz-extension:// host (pref extensions.webextensions.uuids), so extension pages have known URLs. */
const UUID = '5b6e2c2a-0000-4000-8000-00000000a11c';
export const EXTENSION_ORIGIN = `moz-extension://${UUID}`;
/** Generous caps for waits on a state: the machine is shared and slow, a wait never sets the pace. */
export const WAIT = { timeout: 60_000 };

export const manifest = () =>
  JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string; strict_min_version: string; data_collection_permissions?: unknown } };
    browser_action?: { default_title?: string; default_popup?: string };
    commands?: Record<string, { suggested_key?: { default?: string } }>;
    background?: { scripts?: string[]; service_worker?: string };
  };

// Lines of Firefox's own output that are its offline noise, not Paperlight's.
/** Firefox's word for a content script whose message was still on its way when the test closed
 * the page (a seen report, issue #16): no error of the extension, and nothing for it to answer.
 * A content script that really ran away would hang its page's checks, which fail on their own. */
const CLOSED_MID_MESSAGE = /^JavaScript warning: moz-extension:\/\/[^/]+\/content-scripts\/content\.js, line \d+: Script terminated by timeout at:$/;
const NOISE = /RSLoader|Remote Settings|remote-settings|nimbus|BackupService|Favicon at|NavigationManager|JSWindowActorChild|PrivateBrowsingUtils|getRecipesFromCollection/;

export interface Firefox {
  browser: Browser;
  /** Pages a test builds itself, by path (with search); read on every request. */
  extra: Map<string, string>;
  /** Where exports land (the profile's download folder). */
  downloads: string;
  /** Opens a site URL in a new tab (or `page`) and waits until Paperlight's first pass is done. */
  openSite(pathname: string, page?: Page): Promise<Page>;
  /** A new tab that answers huggingface.co from the fixtures. */
  sitePage(): Promise<Page>;
  /** Opens an extension page (`popup.html`, `options.html?x`) in a new tab. */
  openExtensionPage(pathname: string): Promise<Page>;
  /** The popup, opened as a page (optionally speaking about a tab). */
  openPopup(tabId?: number): Promise<Page>;
  /** The extension's uncaught errors and console.error lines printed so far (less the allowed ones,
   * unless `withAllowed`). */
  errors(withAllowed?: boolean): string[];
  /** Lets a test cause errors on purpose: lines matching `pattern` are not the extension's fault. */
  allowErrors(pattern: RegExp): void;
}

/** Waits until Paperlight's pass over the page's current view is done. */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('html[data-paperlight="ready"]', WAIT);
}

/**
 * Opens `url` in `page` and waits for it. Firefox sends no navigation events for moz-extension://
 * documents (bug 1755014), so page.goto() there would never resolve: navigate without waiting, then
 * wait for the document to be there and parsed.
 */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  // browsingContext is puppeteer-core's BiDi object (there is no public equivalent).
  const frame = page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: string): Promise<unknown> } };
  await frame.browsingContext.navigate(url, 'none');
  await expect
    .poll(() => page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => ''), WAIT)
    .toMatch(new RegExp(`^${url.replace(/[.?*+()[\]\\^$|]/g, '\\$&')}\\S* complete$`));
}

async function interceptSite(page: Page, extra: Map<string, string>, pages: Map<string, string>) {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    // Requests of other handlers (none here) may be settled already.
    if (request.isInterceptResolutionHandled()) return;
    const url = new URL(request.url());
    // A request may be gone by the time it is answered (its tab navigated on or closed): no matter.
    const settled = () => undefined;
    if (!/^https?:$/.test(url.protocol)) return void request.continue().catch(settled);
    // BiDi gives no resource type: an image is known by its name.
    const response = siteResponse(url, { extra, pages, image: /\.(svg|png|jpe?g|webp|gif|ico)$/.test(url.pathname) });
    if (!response) return void request.abort().catch(settled);
    return void request.respond(response).catch(settled);
  });
}

/** Starts Firefox with the extension for the tests of one spec file. */
export async function launchFirefox(): Promise<Firefox> {
  const downloads = mkdtempSync(path.join(tmpdir(), 'paperlight-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !process.env.HEADFUL,
    defaultViewport: { width: 1280, height: 900 },
    // Without it Firefox refuses to open moz-extension:// pages over BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [manifest().browser_specific_settings.gecko.id]: UUID }),
      // Console messages of pages, content scripts and the background page go to stdout (BiDi's
      // log events do not report extension contexts).
      'devtools.console.stdout.content': true,
      // Exports are saved straight to a known folder, no dialog.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
      'browser.download.panel.shown': true,
    },
  });
  const output: string[] = [];
  const child = browser.process();
  for (const stream of [child?.stdout, child?.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      output.push(...chunk.split('\n').filter(Boolean));
      if (process.env.VERBOSE) process.stderr.write(chunk);
    });
  }
  await browser.installExtension(EXTENSION_DIR);

  const extra = new Map<string, string>();
  const pages = defaultPages();
  const allowed: RegExp[] = [];
  const sitePage = async () => {
    const page = await browser.newPage();
    await interceptSite(page, extra, pages);
    return page;
  };
  const openExtensionPage = async (pathname: string) => {
    const page = await browser.newPage();
    await gotoExtensionPage(page, `${EXTENSION_ORIGIN}/${pathname}`);
    return page;
  };
  return {
    browser,
    extra,
    downloads,
    sitePage,
    openExtensionPage,
    async openSite(pathname, page) {
      const target = page ?? (await sitePage());
      await target.goto(SITE + pathname);
      await ready(target);
      return target;
    },
    async openPopup(tabId) {
      const popup = await openExtensionPage(`popup.html${tabId ? `?tab=${tabId}` : ''}`);
      await popup.waitForSelector('main.popup', WAIT);
      return popup;
    },
    errors: (withAllowed = false) =>
      output.filter(
        (line) =>
          ((/^JavaScript (error|warning): moz-extension:/.test(line) && !CLOSED_MID_MESSAGE.test(line)) || (/^console\.error:/.test(line) && !NOISE.test(line))) &&
          (withAllowed || !allowed.some((pattern) => pattern.test(line))),
      ),
    allowErrors: (pattern) => void allowed.push(pattern),
  };
}

/**
 * One Firefox for the spec file that calls it (at its top level), its tests in order. The
 * returned object is filled in before the first test runs.
 */
export function useFirefox(): Firefox {
  const handle = {} as Firefox;
  let seen = 0;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    // Firefox's start and the add-on's install take a few seconds on a busy machine.
    test.setTimeout(60_000);
    Object.assign(handle, await launchFirefox());
  });
  test.afterEach(() => {
    const errors = handle.errors?.() ?? [];
    const fresh = errors.slice(seen);
    seen = errors.length;
    expect(fresh, 'uncaught errors of the extension in Firefox').toEqual([]);
  });
  test.afterAll(async () => {
    await handle.browser?.close();
  });
  return handle;
}

// ---- Reading the page (Playwright's locators do not drive puppeteer pages). -------------------

/** Text as Playwright's toHaveText compares it: whitespace collapsed, trimmed. */
export const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));
export const count = (page: Page, selector: string) => page.$$eval(selector, (els) => els.length);
/** Elements shown: rendered with a box and not visibility-hidden (Playwright's :visible). */
export const visibleCount = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.filter((el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0).length);
export const attribute = (page: Page, selector: string, name: string) =>
  page.$eval(selector, (el, attr) => el.getAttribute(attr), name).catch(() => null);
/** Whether the element `selector` finds has the focus (inside shadow roots too: `>>>` crosses
 * into them, and the document's activeElement is only their host). */
export const focused = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active !== null && els.includes(active);
  });
export const ids = (page: Page, selector = '[data-paperlight-id]') =>
  page.$$eval(selector, (els) => els.map((el) => el.getAttribute('data-paperlight-id')));

export const starOf = (id: string) => `[data-paperlight-id="${id}"] button[data-paperlight="star"]`;
export const pressed = (page: Page, id: string) => attribute(page, starOf(id), 'aria-pressed');

/** Clicks the star of `id` and waits for the state it flips to. */
export async function toggleStar(page: Page, id: string, to: 'true' | 'false' = 'true'): Promise<void> {
  await page.click(starOf(id));
  await expect.poll(() => pressed(page, id), WAIT).toBe(to);
}

/** Sends a raw runtime message from an extension page (as the popup would) and returns the reply. */
export function send(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate((msg) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage(msg), message);
}

/** The reading list as the background holds it. */
export async function readingList(page: Page): Promise<{ id: string; title: string; savedAt: number }[]> {
  const reply = (await send(page, { type: 'list.get' })) as { ok: boolean; value: { papers: { id: string; title: string; savedAt: number }[] } };
  if (!reply.ok) throw new Error('list.get failed');
  return reply.value.papers;
}

/** Clicks a button (or link) by its accessible name (aria-label, else its text), as
 * getByRole('button', { name }) would; `scope` narrows where to look. */
export async function clickText(page: Page, scope: string, name: string | RegExp): Promise<void> {
  const handle = await page.evaluateHandle(
    (sel, source, flags, plain) => {
      const match = (value: string) => (plain !== null ? value === plain : new RegExp(source, flags).test(value));
      return (
        [...document.querySelectorAll(`${sel} button, ${sel} a`)].find((el) =>
          match(el.getAttribute('aria-label') ?? (el.textContent ?? '').replace(/\s+/g, ' ').trim()),
        ) ?? null
      );
    },
    scope,
    name instanceof RegExp ? name.source : '',
    name instanceof RegExp ? name.flags : '',
    typeof name === 'string' ? name : null,
  );
  const element = handle.asElement() as import('puppeteer-core').ElementHandle<Element> | null;
  if (!element) throw new Error(`nothing to click named ${String(name)} in ${scope}`);
  await element.click();
  await element.dispose();
}
