// What only the Firefox build has (Manifest V2: a background page, browser_action and its
// _execute_browser_action command, storage.session for the page status), and the safety and
// status checks of tests/e2e/safety.spec.ts and tags.spec.ts as Firefox shows them.
import { fixtureHtml } from '../support/fixtures.mjs';
import { retitle } from '../support/page-variants.mjs';
import { SITE, WAIT, attribute, count, expect, manifest, readingList, test, texts, toggleStar, useFirefox, type Page } from './firefox';

const ff = useFirefox();
const LLAMA = '2407.21783';
const day = () => fixtureHtml('hf-papers-date-2024-08-01.html');

type Api = {
  runtime: { getBackgroundPage(): Promise<Window> };
  browserAction: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string>; getPopup(d: object): Promise<string> };
  commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  storage: { session: { get(keys?: string | null): Promise<Record<string, unknown>> } };
};

/** Runs `fn` in an extension page with that page's extension API. The function travels as
 * puppeteer sends any (its source, called there), so it reaches the API through the page's global
 * `browser`, written out in each (nothing around it travels): rebuilding it from source in the
 * page (`new Function`) is refused by the extension pages' CSP since Firefox ESR 140.12. */
function withApi<T, A>(extensionPage: Page, fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
  return extensionPage.evaluate(fn as (arg: unknown) => Promise<T>, arg) as Promise<T>;
}

test('an uncaught error of an extension page is read from Firefox’s output (what ends every test)', async () => {
  const popup = await ff.openPopup();
  ff.allowErrors(/paperlight-harness-check/);
  await popup.evaluate(() => void setTimeout(() => { throw new Error('paperlight-harness-check'); }));
  await popup.evaluate(() => void Promise.reject(new Error('paperlight-harness-check, rejected')));
  // Seen as the extension's (moz-extension://), so a real one would fail the test it happened in.
  const seen = () => ff.errors(true).filter((line) => line.includes('paperlight-harness-check'));
  await expect.poll(() => seen().length, WAIT).toBe(2);
  for (const line of seen()) expect(line).toMatch(/^JavaScript error: moz-extension:\/\/[^/]+\/popup\.html, line \d+: Error: paperlight-harness-check/);
  expect(ff.errors()).toEqual([]);
  await popup.close();
});

test('the MV2 background page owns the database in the extension origin; a page script cannot see it', async () => {
  expect(manifest().background?.scripts).toEqual(['background.js']);
  const page = await ff.openSite('/papers/date/2024-08-01');
  await toggleStar(page, LLAMA);
  expect((await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).filter((name) => /paperlight/i.test(name ?? ''))).toEqual([]);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(LLAMA);

  const popup = await ff.openPopup();
  const background = await withApi(popup, async () => (await (globalThis as unknown as { browser: Api }).browser.runtime.getBackgroundPage()).location.pathname, null);
  expect(background).toBe('/_generated_background_page.html');
  expect(await popup.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toContain('paperlight');
  expect((await readingList(popup)).map((paper) => paper.id)).toEqual([LLAMA]);
  await toggleStar(page, LLAMA, 'false');
  for (const view of [page, popup]) await view.close();
});

test('browser_action: the toolbar button is titled "Paperlight reading list" and opens the popup; Alt+Shift+P is _execute_browser_action', async () => {
  expect(manifest().browser_action).toEqual({ default_title: 'Paperlight reading list', default_popup: 'popup.html' });
  const popup = await ff.openPopup();
  expect(await withApi(popup, () => (globalThis as unknown as { browser: Api }).browser.browserAction.getTitle({}), null)).toBe('Paperlight reading list');
  expect(await withApi(popup, () => (globalThis as unknown as { browser: Api }).browser.browserAction.getPopup({}), null)).toMatch(/\/popup\.html$/);
  const commands = await withApi(popup, () => (globalThis as unknown as { browser: Api }).browser.commands.getAll(), null);
  expect(commands).toContainEqual(expect.objectContaining({ name: '_execute_browser_action', shortcut: 'Alt+Shift+P' }));
  await popup.close();
});

async function tabIdOf(extensionPage: Page, url: string): Promise<number> {
  return withApi(extensionPage, async (pageUrl) => (await (globalThis as unknown as { browser: Api }).browser.tabs.query({ url: pageUrl }))[0]?.id ?? -1, url);
}

test('a listing whose layout is not recognised says so in the badge, the button title and the popup; the status is kept in storage.session', async () => {
  // The blob lists papers, but the cards carry no paper links Paperlight can key on.
  ff.extra.set('/papers/date/2031-01-04', day().replace(/href="\/papers\/(\d{4}\.\d{4,5})/g, 'href="/p/$1'));
  const page = await ff.openSite('/papers/date/2031-01-04');
  expect(await attribute(page, 'html', 'data-paperlight-cards')).toBe('0');
  const extensionPage = await ff.openExtensionPage('options.html');
  const tabId = await tabIdOf(extensionPage, `${SITE}/papers/date/2031-01-04`);
  expect(tabId).toBeGreaterThan(0);
  await expect.poll(() => withApi(extensionPage, (id) => (globalThis as unknown as { browser: Api }).browser.browserAction.getBadgeText({ tabId: id }), tabId), WAIT).toBe('!');
  expect(await withApi(extensionPage, (id) => (globalThis as unknown as { browser: Api }).browser.browserAction.getTitle({ tabId: id }), tabId)).toMatch(/^Paperlight: .*not recognised/);
  // Firefox has storage.session (the fallback to memory is for older versions: tests/unit/page-status.test.ts).
  const session = await withApi(extensionPage, () => (globalThis as unknown as { browser: Api }).browser.storage.session.get(null), null);
  expect(session[`page-status:${tabId}`]).toMatchObject({ recognised: false, url: `${SITE}/papers/date/2031-01-04` });

  const popup = await ff.openPopup(tabId);
  await expect.poll(async () => (await texts(popup, '[data-paperlight="page-status"]'))[0] ?? '', WAIT).toContain('This page’s layout was not recognised');

  // Leaving the page clears what Paperlight said about it.
  await ff.openSite('/papers/date/2024-08-01', page);
  await expect.poll(() => withApi(extensionPage, (id) => (globalThis as unknown as { browser: Api }).browser.browserAction.getBadgeText({ tabId: id }), tabId), WAIT).toBe('');
  for (const view of [page, extensionPage, popup]) await view.close();
});

test('titles with HTML-like text and quotes stay text on the card and in the popup', async () => {
  const hostile = `<img src=x onerror="document.title='pwned'"> "Quoted" & 'single' </h3><b>bold</b>`;
  ff.extra.set('/papers/date/2031-01-01', retitle(day(), LLAMA, hostile));
  const page = await ff.openSite('/papers/date/2031-01-01');
  expect(await texts(page, `[data-paperlight-id="${LLAMA}"] h3`)).toEqual([hostile.replace(/\s+/g, ' ').trim()]);
  await toggleStar(page, LLAMA);
  const popup = await ff.openPopup();
  const item = `[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"]`;
  await expect.poll(() => texts(popup, `${item} a.item-title`), WAIT).toEqual([hostile.replace(/\s+/g, ' ').trim()]);
  expect(await count(popup, `${item} img, ${item} b`)).toBe(0);
  expect(await page.title()).not.toBe('pwned');
  expect(await popup.title()).toBe('Paperlight');
  await toggleStar(page, LLAMA, 'false');
  for (const view of [page, popup]) await view.close();
});

test('a hostile tag name is shown as text and runs nothing, on the page, in the popup and the options page', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  const dialogs: string[] = [];
  const hostile = '<img src=x onerror=alert(1)>';
  await toggleStar(page, LLAMA);
  const popup = await ff.openPopup();
  for (const view of [page, popup]) view.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  await page.click(`[data-paperlight-id="${LLAMA}"] button[data-paperlight="add-tag"]`);
  await page.waitForSelector(`[data-paperlight-id="${LLAMA}"] >>> input[data-paperlight="tag-input"]`, WAIT);
  await page.keyboard.type(hostile);
  await page.keyboard.press('Enter');
  await expect.poll(() => texts(page, `[data-paperlight-id="${LLAMA}"] [data-paperlight="tag"]`), WAIT).toEqual([hostile]);
  expect(await count(page, `[data-paperlight-id="${LLAMA}"] [data-paperlight="tags"] img`)).toBe(0);
  await expect.poll(() => texts(page, '[data-paperlight="filter-bar"] [data-paperlight="tag"]'), WAIT).toEqual([hostile]);
  await expect.poll(() => texts(popup, `[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"] [data-paperlight="tag"]`), WAIT).toEqual([hostile]);
  const options = await ff.openExtensionPage('options.html');
  options.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  await expect.poll(() => texts(options, '[data-paperlight="tag-row"] [data-paperlight="tag"]'), WAIT).toEqual([hostile]);
  for (const view of [page, popup, options]) expect(await count(view, 'img[src="x"]')).toBe(0);
  expect(dialogs).toEqual([]);
  for (const view of [page, popup, options]) await view.close();
});
