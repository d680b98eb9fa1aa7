// What is new to the reader (issue #16) in Firefox: papers looked at on the day view are seen on the
// week view, the rest new and counted; a paper's own page marks it opened.
import { fakeId, listingPage } from '../support/generate-listing.mjs';
import { WAIT, attribute, count, expect, send, test, texts, useFirefox, type Page } from './firefox';

const ff = useFirefox();
const DAY = '/papers/date/2030-03-03';
const WEEK = '/papers/week/2030-W10';
const DAY_IDS = Array.from({ length: 13 }, (_, i) => fakeId(i));

async function ledger(extensionPage: Page, ids: string[]): Promise<Record<string, { how: number }>> {
  const reply = (await send(extensionPage, { type: 'seen.get', ids })) as { ok: boolean; value: Record<string, { how: number }> };
  if (!reply.ok) throw new Error('seen.get failed');
  return reply.value;
}

test('papers looked at on the day view are seen on the week view; the rest are new and counted', async () => {
  // Zoomed out so that the whole day listing shows at once (puppeteer cannot resize Firefox's
  // viewport over BiDi here): every card is looked at.
  ff.extra.set(DAY, listingPage(13).replace('</head>', '<style>html { zoom: 0.1 }</style></head>'));
  ff.extra.set(WEEK, listingPage(26));
  const popup = await ff.openPopup();
  const page = await ff.openSite(DAY);
  expect(await attribute(page, 'html', 'data-paperlight-new-count')).toBe('13');
  await expect.poll(async () => Object.keys(await ledger(popup, DAY_IDS)).length, WAIT).toBe(13);

  await ff.openSite(WEEK, page);
  await expect.poll(() => attribute(page, 'html', 'data-paperlight-new-count'), WAIT).toBe('13');
  expect(await count(page, '[data-paperlight-seen]')).toBe(13);
  expect(await count(page, '[data-paperlight-new]')).toBe(13);
  expect(await attribute(page, `[data-paperlight-id="${fakeId(20)}"]`, 'data-paperlight-new')).toBe('');
  await expect.poll(() => texts(page, '[data-paperlight="seen-summary"]'), WAIT).toEqual(['13 new · 13 seen']);

  await ff.openSite('/papers/2407.21783', page);
  await expect.poll(async () => (await ledger(popup, ['2407.21783']))['2407.21783']?.how, WAIT).toBe(2);
  for (const view of [page, popup]) await view.close();
});

test('a card scrolled into view while its tab is in the background stays new until the tab is shown', async () => {
  const LIST = '/papers/week/2030-W11';
  ff.extra.set(LIST, listingPage(26));
  const popup = await ff.openPopup();
  const page = await ff.openSite(LIST);
  await expect.poll(async () => Object.keys(await ledger(popup, [fakeId(0)])).length, WAIT).toBe(1);
  const last = fakeId(25);
  // Another tab in front: this one is hidden.
  const other = await ff.sitePage();
  await other.bringToFront();
  await expect.poll(() => page.evaluate(() => document.visibilityState), WAIT).toBe('hidden');
  await page.evaluate((id) => document.querySelector(`[data-paperlight-id="${id}"]`)!.scrollIntoView({ block: 'center' }), last);
  // Longer in view than a glimpse takes, while hidden.
  const since = await page.evaluate(() => performance.now());
  await page.waitForFunction((start: number) => performance.now() - start > 1_500, { polling: 100 }, since);
  const shownAt = Date.now();
  await page.bringToFront();
  await expect.poll(() => page.evaluate(() => document.visibilityState), WAIT).toBe('visible');
  await expect.poll(async () => Object.keys(await ledger(popup, [last])).length, WAIT).toBe(1);
  expect(((await ledger(popup, [last]))[last] as unknown as { first: number }).first).toBeGreaterThanOrEqual(shownAt);
  for (const view of [page, other, popup]) await view.close();
});
