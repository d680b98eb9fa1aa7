import type { BrowserContext, Page } from '@playwright/test';
import { fakeId, listingPage } from '../support/generate-listing.mjs';
import { editBlob } from '../support/page-variants.mjs';
import { expect, sendFromExtensionPage, test } from './extension';

// What is new to the reader (issue #16). A day listing of 13 papers, and a week listing of 26 that
// holds those 13 and 13 others (generated from the recorded day page: same markup, fake ids).
const DAY = '/papers/date/2030-02-03';
const WEEK = '/papers/week/2030-W06';
const SEARCH = '/papers?q=seen-test';
const DAY_IDS = Array.from({ length: 13 }, (_, i) => fakeId(i));
const OTHER_IDS = Array.from({ length: 13 }, (_, i) => fakeId(13 + i));

const card = (page: Page, id: string) => page.locator(`[data-paperlight-id="${id}"]`);
const html = (page: Page) => page.locator('html');

/** The ledger's records of `ids`, as the background holds them. */
async function ledger(extensionPage: Page, ids: string[]): Promise<Record<string, { how: number; upvotes: number | null }>> {
  const reply = (await sendFromExtensionPage(extensionPage, { type: 'seen.get', ids })) as { ok: boolean; value: Record<string, { how: number; upvotes: number | null }> };
  if (!reply.ok) throw new Error('seen.get failed');
  return reply.value;
}

/** Waits until the ledger holds every one of `ids`. */
async function untilSeen(extensionPage: Page, ids: string[]): Promise<void> {
  await expect.poll(async () => Object.keys(await ledger(extensionPage, ids)).length, { timeout: 30_000 }).toBe(ids.length);
}

/** Opens the day listing in a window tall enough to show all of it, and waits until the ledger
 * holds every card (each was looked at); the page. */
async function lookThroughDay(context: BrowserContext, openSite: (path: string, page?: Page) => Promise<Page>, extension: Page): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 12_000 });
  await openSite(DAY, page);
  await untilSeen(extension, DAY_IDS);
  return page;
}

test.beforeEach(({ extraPages }) => {
  extraPages.set(DAY, listingPage(13));
  extraPages.set(WEEK, listingPage(26));
  extraPages.set(SEARCH, listingPage(5, 'search'));
});

test('papers seen on the day view are seen on the week view and in a search; the rest are new, and counted', async ({ context, openSite, openPopup }) => {
  const extension = await openPopup();
  // A window tall enough to show the whole day listing: every card is looked at.
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 12_000 });
  await openSite(DAY, page);
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '13');
  await expect(page.locator('[data-paperlight-new]')).toHaveCount(13);
  await expect(page.locator('[data-paperlight-seen]')).toHaveCount(0);
  await expect(card(page, DAY_IDS[0]!).locator('[data-paperlight="seen-label"]')).toHaveText('New');
  await expect(page.locator('[data-paperlight="seen-summary"]')).toHaveText('13 new · 0 seen');
  await untilSeen(extension, DAY_IDS);
  // Seen while the view is open: the cards keep what they were when it opened.
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '13');

  await openSite(WEEK, page);
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '13');
  for (const id of DAY_IDS) await expect(card(page, id)).toHaveAttribute('data-paperlight-seen', '');
  for (const id of OTHER_IDS) await expect(card(page, id)).toHaveAttribute('data-paperlight-new', '');
  await expect(card(page, DAY_IDS[0]!).locator('[data-paperlight="seen-label"]')).toBeHidden();
  await expect(page.locator('[data-paperlight="seen-summary"]')).toHaveText('13 new · 13 seen');
  // Seen cards are dimmed a little (the default), and come back under the pointer.
  await expect(html(page)).toHaveAttribute('data-paperlight-dim-seen', '');
  await expect(card(page, DAY_IDS[1]!)).toHaveCSS('opacity', '0.72');
  await expect(card(page, OTHER_IDS[1]!)).toHaveCSS('opacity', '1');

  await openSite(DAY, page);
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '0');
  await expect(page.locator('[data-paperlight="seen-summary"]')).toHaveText('0 new · 13 seen');

  const search = await openSite(SEARCH);
  await expect(html(search)).toHaveAttribute('data-paperlight-new-count', '0');
  await expect(search.locator('[data-paperlight-seen]')).toHaveCount(5);
});

test('a card that only flashed past stays new; one looked at for a second is seen', async ({ context, openSite, openPopup }) => {
  const extension = await openPopup();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 700 });
  await openSite(WEEK, page);
  const first = fakeId(0);
  await untilSeen(extension, [first]);
  const flashed = fakeId(20);
  const looked = fakeId(10);
  // In view for a frame or two, then gone; how long it really was, on the page's own clock.
  const inView = await card(page, flashed).evaluate(async (element) => {
    const start = performance.now();
    element.scrollIntoView({ block: 'center' });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    window.scrollTo(0, 0);
    return performance.now() - start;
  });
  await card(page, looked).scrollIntoViewIfNeeded();
  await untilSeen(extension, [looked]);
  // Reports go in order: the flash would have been in the same report or an earlier one. (A
  // machine so busy that two frames took a second has really shown the card for a second.)
  if (inView < 1_000) expect(await ledger(extension, [flashed])).toEqual({});
  else test.info().annotations.push({ type: 'skipped check', description: `two frames took ${Math.round(inView)} ms` });
});

// A background tab (hidden, which headless Chromium cannot make a page) is tests/unit/glimpses.test.ts's.

test('a paper opened from its page or from its card is seen', async ({ openSite, openPopup }) => {
  const extension = await openPopup();
  await openSite('/papers/2407.21783');
  await expect.poll(async () => (await ledger(extension, ['2407.21783']))['2407.21783']?.how).toBe(2);

  const page = await openSite(WEEK);
  const far = fakeId(25);
  expect(await ledger(extension, [far])).toEqual({});
  // A middle click opens it in a new tab and leaves this one where it is.
  await card(page, far).locator(`a[href*="${far}"]`).first().click({ button: 'middle' });
  await expect.poll(async () => ((await ledger(extension, [far]))[far]?.how ?? 0) & 2).toBe(2);
});

test('a paper seen earlier whose upvotes grew a lot is rising on the week view', async ({ context, extraPages, openSite, openPopup }) => {
  const extension = await openPopup();
  const page = await lookThroughDay(context, openSite, extension);
  const id = DAY_IDS[0]!;
  const then = (await ledger(extension, [id]))[id]!.upvotes!;
  extraPages.set(
    WEEK,
    editBlob(listingPage(26), (blob: { dailyPapers: { paper: { id: string; upvotes: number } }[] }) => {
      for (const item of blob.dailyPapers) if (item.paper.id === id) item.paper.upvotes = then * 2 + 20;
    }),
  );
  await openSite(WEEK, page);
  await expect(card(page, id)).toHaveAttribute('data-paperlight-rising', `${then} → ${then * 2 + 20}`);
  await expect(card(page, id).locator('[data-paperlight="seen-label"]')).toHaveText(`${then} → ${then * 2 + 20} ▲ since you saw it`);
  // Rising needs a view where upvotes had time to grow: the day view does not say it.
  await openSite(DAY, page);
  await expect(card(page, id)).not.toHaveAttribute('data-paperlight-rising');
});

test('turned off in the options, no card is marked; dimming has its own setting', async ({ context, extensionId, openSite }) => {
  const page = await openSite(WEEK);
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '26');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('input[name="seenMarks"]').uncheck();
  await expect(html(page)).not.toHaveAttribute('data-paperlight-new-count');
  await expect(page.locator('[data-paperlight-new], [data-paperlight-seen]')).toHaveCount(0);
  await expect(page.locator('[data-paperlight="seen-label"]:visible')).toHaveCount(0);
  await expect(page.locator('[data-paperlight="seen-summary"]')).toHaveCount(0);
  await expect(options.locator('input[name="dimSeen"]')).toBeDisabled();
  // Turned on again, the cards in view are looked at from then on, without waiting for a pass.
  const far = fakeId(20);
  await card(page, far).evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await options.locator('input[name="seenMarks"]').check();
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', /\d+/);
  await untilSeen(options, [far]);
  await options.locator('input[name="dimSeen"]').uncheck();
  await expect(html(page)).not.toHaveAttribute('data-paperlight-dim-seen');
  await options.locator('select[name="seenDays"]').selectOption('30');
  await expect(options.locator('select[name="seenDays"]')).toHaveValue('30');
  await page.reload();
  await expect(html(page)).toHaveAttribute('data-paperlight', 'ready');
  await expect(html(page)).not.toHaveAttribute('data-paperlight-dim-seen');
});

test('“Only new” hides the seen papers, is remembered for the kind of view, and Shift+N jumps to the next new paper', async ({ context, openSite, openPopup }) => {
  const extension = await openPopup();
  const page = await lookThroughDay(context, openSite, extension);
  await page.setViewportSize({ width: 1280, height: 700 });
  await openSite(WEEK, page);
  const onlyNew = page.locator('button[data-paperlight="only-new"]');
  await expect(onlyNew).toHaveAttribute('aria-pressed', 'false');
  await onlyNew.click();
  await expect(onlyNew).toHaveAttribute('aria-pressed', 'true');
  for (const id of DAY_IDS) await expect(card(page, id)).toBeHidden();
  for (const id of OTHER_IDS) await expect(card(page, id)).toBeVisible();
  await expect(page.locator('[data-paperlight="filter-count"]')).toHaveText('13 of 26 papers');

  // Remembered: another week view (a reload here) starts with it on; the day view does not.
  await openSite(WEEK, page);
  await expect(page.locator('button[data-paperlight="only-new"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(card(page, DAY_IDS[0]!)).toBeHidden();
  await page.locator('button[data-paperlight="only-new"]').click();
  await expect(card(page, DAY_IDS[0]!)).toBeVisible();

  // Shift+N: the first new paper, then the next; never a seen one. (Which are new depends on
  // what stayed in view long enough on the first visit: read from the page.)
  const fresh = await page.locator('[data-paperlight-new]').evaluateAll((roots) => roots.map((root) => root.getAttribute('data-paperlight-id')!));
  expect(fresh.length).toBeGreaterThanOrEqual(2);
  expect(DAY_IDS.some((id) => fresh.includes(id))).toBe(false);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('Shift+N');
  await expect(card(page, fresh[0]!)).toHaveAttribute('data-paperlight-current', '');
  await page.keyboard.press('Shift+N');
  await expect(card(page, fresh[1]!)).toHaveAttribute('data-paperlight-current', '');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Paperlight keys' })).toContainText('Next new paper');
});

test('“Mark all seen” counts the view’s new papers as seen, and u brings them back', async ({ openSite, openPopup }) => {
  const extension = await openPopup();
  const page = await openSite(WEEK);
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '26');
  await page.locator('button[data-paperlight="mark-all-seen"]').click();
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '0');
  await expect(page.locator('[data-paperlight="seen-summary"]')).toHaveText('0 new · 26 seen');
  await untilSeen(extension, [...DAY_IDS, ...OTHER_IDS]);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('u');
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '26');
  // Back as they were in the ledger too: papers nobody saw before (those in view since count again later).
  await expect.poll(async () => Object.keys(await ledger(extension, OTHER_IDS.slice(-3))).length).toBe(0);
});

test('x dismisses a paper for good: folded on every view and after a reload, in every tab; Show and u bring it back', async ({ openSite, openPopup }) => {
  const extension = await openPopup();
  const page = await openSite(DAY);
  const other = await openSite(WEEK);
  const id = DAY_IDS[2]!;
  await page.bringToFront();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('j');
  await expect(card(page, id)).toHaveAttribute('data-paperlight-current', '');
  await page.keyboard.press('x');
  const stub = (view: Page) => card(view, id).locator('[data-paperlight="dismiss-stub"]');
  await expect(card(page, id)).toHaveAttribute('data-paperlight-dismissed', '');
  await expect(stub(page)).toHaveText(/^Dismissed: .+\. Show$/);
  await expect(card(page, id).locator('h3')).toBeHidden();
  // The other tab folds it too, and neither counts it as new.
  await expect(card(other, id)).toHaveAttribute('data-paperlight-dismissed', '');
  await expect.poll(async () => (await ledger(extension, [id]))[id] as unknown as { dismissed?: number }).toHaveProperty('dismissed');

  await page.reload();
  await expect(html(page)).toHaveAttribute('data-paperlight', 'ready');
  await expect(card(page, id)).toHaveAttribute('data-paperlight-dismissed', '');
  await openSite(WEEK, page);
  await expect(card(page, id)).toHaveAttribute('data-paperlight-dismissed', '');
  await stub(page).click();
  await expect(card(page, id)).not.toHaveAttribute('data-paperlight-dismissed');
  await expect(card(other, id)).not.toHaveAttribute('data-paperlight-dismissed');
  await expect(card(page, id).locator('h3')).toBeVisible();

  // And u takes a dismissal back.
  await openSite(DAY, page);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(card(page, id)).toHaveAttribute('data-paperlight-dismissed', '');
  await page.keyboard.press('u');
  await expect(card(page, id)).not.toHaveAttribute('data-paperlight-dismissed');
  await expect.poll(async () => (await ledger(extension, [id]))[id] as unknown as { dismissed?: number } | undefined).not.toHaveProperty('dismissed');
});

test('“Forget” in the options empties the ledger after a snapshot, which brings it back', async ({ context, extensionId, openSite, openPopup }) => {
  const extension = await openPopup();
  const page = await lookThroughDay(context, openSite, extension);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('button[data-paperlight="seen-clear"]').click();
  await expect(options.locator('[data-paperlight="seen-cleared"]')).toContainText('Forgot 13 papers');
  expect(await ledger(extension, DAY_IDS)).toEqual({});
  await openSite(DAY, page);
  await expect(html(page)).toHaveAttribute('data-paperlight-new-count', '13');

  const taken = options.locator('[data-paperlight="snapshot"]').filter({ hasText: 'Before forgetting the papers seen' });
  await expect(taken).toHaveCount(1);
  await taken.locator('button[data-paperlight="restore"]').click();
  await options.locator('button[data-paperlight="restore-apply"]').click();
  await expect(options.locator('[data-paperlight="restore-done"]')).toBeVisible();
  await expect.poll(async () => Object.keys(await ledger(extension, DAY_IDS)).length).toBe(13);
});
