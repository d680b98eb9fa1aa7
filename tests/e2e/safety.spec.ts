import { fixtureHtml } from '../support/fixtures.mjs';
import { editBlob, replaceBlobText, retitle } from '../support/page-variants.mjs';
import { SITE, expect, readingList, sendFromExtensionPage, star, test } from './extension';

const LLAMA = '2407.21783';
const day = () => fixtureHtml('hf-papers-date-2024-08-01.html');

test('a page script cannot see Paperlight’s data: it lives in the extension origin', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  const pageDatabases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  expect(pageDatabases.filter((name) => /paperlight/i.test(name ?? ''))).toEqual([]);
  const pageStorage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(pageStorage).not.toContain(LLAMA);

  const popup = await openPopup();
  const extensionDatabases = await popup.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  expect(extensionDatabases).toContain('paperlight');
});

test('a page cannot probe for Paperlight by its chunks’ URLs, yet the key list loads from one', async ({ openSite, extensionId }) => {
  const page = await openSite('/papers/date/2024-08-01');
  // The chunks are web-accessible only under Chrome's per-session id (use_dynamic_url).
  for (const chunk of ['on-demand.js', 'rules.js', 'broadcast-checks.js']) {
    const staticUrl = `chrome-extension://${extensionId}/content-scripts/${chunk}`;
    const fetched = await page.evaluate((url) => fetch(url).then((response) => response.ok, () => false), staticUrl);
    expect(fetched, chunk).toBe(false);
  }
  await page.keyboard.press('?');
  await expect(page.locator('[role="dialog"][aria-labelledby="paperlight-help-title"]')).toBeVisible();
});

test('the background rejects a message with a wrong shape and writes nothing', async ({ openPopup }) => {
  const popup = await openPopup();
  const bad = [
    { type: 'paper.save', paper: { id: 'not-an-id', title: 'x' } },
    { type: 'paper.save', paper: { id: '2407.21783', title: 42 } },
    { type: 'paper.remove' },
    { type: 'drop.everything' },
    'paper.save',
  ];
  for (const message of bad) {
    const reply = (await sendFromExtensionPage(popup, message)) as { ok: boolean; error?: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^Rejected message: /);
  }
  expect(await readingList(popup)).toEqual([]);
});

test('titles with HTML-like text and quotes stay text on the card and in the popup', async ({ extraPages, openSite, openPopup }) => {
  const hostile = `<img src=x onerror="document.title='pwned'"> "Quoted" & 'single' </h3><b>bold</b>`;
  extraPages.set('/papers/date/2031-01-01', retitle(day(), LLAMA, hostile));
  const page = await openSite('/papers/date/2031-01-01');
  await expect(page.locator(`[data-paperlight-id="${LLAMA}"] h3`)).toHaveText(hostile);
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');

  const popup = await openPopup();
  const item = popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"]`);
  await expect(item.locator('a.item-title')).toHaveText(hostile);
  await expect(item.locator('img, b')).toHaveCount(0);
  expect(await page.title()).not.toBe('pwned');
  expect(await popup.title()).toBe('Paperlight');
});

test('a malformed data blob still gets every card annotated, and saves read the card', async ({ extraPages, openSite, openPopup }) => {
  extraPages.set('/papers/date/2031-01-02', replaceBlobText(day(), '{"dailyPapers": [{"paper": '));
  const page = await openSite('/papers/date/2031-01-02');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '13');
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  const [saved] = await readingList(await openPopup());
  expect(saved).toMatchObject({ id: LLAMA, title: 'The Llama 3 Herd of Models' });
});

test('a blob with surprises (unknown fields, missing ones, wrong types) is tolerated', async ({ extraPages, openSite, openPopup }) => {
  extraPages.set(
    '/papers/date/2031-01-03',
    editBlob(day(), (blob) => {
      blob.somethingNew = { nested: [1, 2, 3] };
      blob.dailyPapers[0].paper.upvotes = 'many';
      blob.dailyPapers[0].paper.authors = 'nobody';
      delete blob.dailyPapers[1].paper.title;
      blob.dailyPapers[2] = { broken: true };
    }),
  );
  const page = await openSite('/papers/date/2031-01-03');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '13');
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  const [saved] = await readingList(await openPopup());
  // The blob's unusable upvote count gives way to the one the card shows.
  expect(saved).toMatchObject({ id: LLAMA, title: 'The Llama 3 Herd of Models', upvotes: 94 });
});

async function badgeFor(background: import('@playwright/test').Worker, url: string) {
  return background.evaluate(async (pageUrl) => {
    const chromeApi = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    const [tab] = await chromeApi.tabs.query({ url: pageUrl });
    return { tabId: tab!.id!, text: await chromeApi.action.getBadgeText({ tabId: tab!.id! }) };
  }, url);
}

/** What the background keeps about a tab's page (storage.session, as the popup reads it). */
function storedPageStatus(background: import('@playwright/test').Worker, tabId: number) {
  return background.evaluate(async (id) => {
    const chromeApi = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    return (await chromeApi.storage.session.get(`page-status:${id}`))[`page-status:${id}`] ?? null;
  }, tabId);
}

test('a listing whose layout is not recognised says so in the badge and the popup', async ({ extraPages, openSite, openPopup, background }) => {
  // The blob lists papers, but the cards carry no paper links Paperlight can key on.
  extraPages.set('/papers/date/2031-01-04', day().replace(/href="\/papers\/(\d{4}\.\d{4,5})/g, 'href="/p/$1'));
  const page = await openSite('/papers/date/2031-01-04');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '0');
  await expect.poll(async () => (await badgeFor(background, `${SITE}/papers/date/2031-01-04`)).text).toBe('!');
  const { tabId } = await badgeFor(background, `${SITE}/papers/date/2031-01-04`);
  const popup = await openPopup(tabId);
  await expect(popup.locator('[data-paperlight="page-status"]')).toContainText('This page’s layout was not recognised');
});

test('a list that renders late is annotated when it arrives, and the badge clears', async ({ extraPages, openSite, openPopup, background }) => {
  const blocks = /<div><article\b[\s\S]*?<\/article><\/div>/g;
  const html = day();
  const cards = (html.match(blocks) ?? []).join('');
  // The list arrives when the test says so (after the badge said "!"), not after a time the
  // machine may or may not keep up with.
  const late = `<template id="late">${cards}</template><script>
    addEventListener('render-late', () => document.getElementById('slot').replaceWith(document.getElementById('late').content));
  </script>`;
  let first = true;
  const page = html.replace(blocks, () => (first ? ((first = false), '<div id="slot"></div>') : '')).replace('</body>', `${late}</body>`);
  extraPages.set('/papers/date/2031-01-07', page);
  const tab = await openSite('/papers/date/2031-01-07');
  const url = `${SITE}/papers/date/2031-01-07`;
  await expect.poll(async () => (await badgeFor(background, url)).text).toBe('!');
  await tab.evaluate(() => dispatchEvent(new Event('render-late')));
  await expect(tab.locator('html')).toHaveAttribute('data-paperlight-cards', '13');
  await expect(tab.locator('button[data-paperlight="star"]')).toHaveCount(13);
  await expect.poll(async () => (await badgeFor(background, url)).text).toBe('');
  const popup = await openPopup((await badgeFor(background, url)).tabId);
  await expect(popup.locator('[data-paperlight="empty-list"]')).toBeVisible();
  await expect(popup.locator('[data-paperlight="page-status"]')).toHaveCount(0);
});

test('leaving an unrecognised page clears what Paperlight said about it', async ({ extraPages, openSite, background }) => {
  extraPages.set('/papers/date/2031-01-08', day().replace(/href="\/papers\/(\d{4}\.\d{4,5})/g, 'href="/p/$1'));
  const page = await openSite('/papers/date/2031-01-08');
  await expect.poll(async () => (await badgeFor(background, `${SITE}/papers/date/2031-01-08`)).text).toBe('!');
  await page.goto(`${SITE}/papers/date/2024-08-01`);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect.poll(async () => (await badgeFor(background, `${SITE}/papers/date/2024-08-01`)).text).toBe('');
});

test('a page script cannot star a paper by clicking for the user', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await page.evaluate((id) => (document.querySelector(`[data-paperlight-id="${id}"] button[data-paperlight="star"]`) as HTMLButtonElement).click(), LLAMA);
  // The user's own click on another paper goes the same way: once it is stored, the page script's
  // click, made before it, would have been stored too.
  const other = (await page.locator('[data-paperlight-id]').nth(1).getAttribute('data-paperlight-id'))!;
  await star(page, other).click();
  const popup = await openPopup();
  await expect.poll(async () => (await readingList(popup)).map((paper) => paper.id)).toEqual([other]);
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
});

test('an empty day is not reported as an unrecognised layout', async ({ extraPages, openSite, openPopup, background }) => {
  extraPages.set(
    '/papers/date/2031-01-05',
    editBlob(day(), (blob) => (blob.dailyPapers = [])).replace(/<article\b[\s\S]*?<\/article>/g, ''),
  );
  const page = await openSite('/papers/date/2031-01-05');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '0');
  const { tabId } = await badgeFor(background, `${SITE}/papers/date/2031-01-05`);
  // The page reports "not recognised" only from a timer it starts when a listing shows no card
  // although its data lists papers. Its report of an empty, recognised day means no timer runs.
  await expect.poll(() => storedPageStatus(background, tabId)).toMatchObject({ cards: 0, listed: 0, recognised: true });
  expect((await badgeFor(background, `${SITE}/papers/date/2031-01-05`)).text).toBe('');
  const popup = await openPopup(tabId);
  await expect(popup.locator('[data-paperlight="empty-list"]')).toBeVisible();
  await expect(popup.locator('[data-paperlight="page-status"]')).toHaveCount(0);
});

test('paper links outside the listing (the header’s search suggestions) are not cards', async ({ extraPages, openSite }) => {
  const suggestions =
    '<div role="listbox" id="suggestions"><a href="/papers/2501.00001">Suggested paper</a><a href="/papers/2501.00002">Another</a></div>';
  extraPages.set('/papers/date/2031-01-06', day().replace(/<body([^>]*)>/, `<body$1>${suggestions}`));
  const page = await openSite('/papers/date/2031-01-06');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '13');
  await expect(page.locator('#suggestions [data-paperlight="bar"]')).toHaveCount(0);
});
