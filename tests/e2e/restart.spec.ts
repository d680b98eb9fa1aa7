/**
 * Issue #12 §5, "Nothing lost, nothing lying": the background's service worker may stop at any
 * moment (Chrome stops idle workers, and kills busy ones). A star toggled meanwhile must still be
 * saved or removed, and every star on every open page must end up showing what the store holds.
 */
import type { CDPSession, Page } from '@playwright/test';
import { fakeId, listingPage } from '../support/generate-listing.mjs';
import { expect, readingList, star, test } from './extension';

/** A week-sized listing that no recorded page uses. */
const WEEK = '/papers/week/2031-W05';
const CARDS = 105;
const TOGGLES = 32;
/** Papers saved before the burst, so that the burst unstars them. */
const SAVED_BEFORE = 8;

/** Ids whose star is pressed on `page`, sorted. */
function pressedIds(page: Page): Promise<string[]> {
  return page
    .locator('[data-paperlight-id]:has(button[data-paperlight="star"][aria-pressed="true"])')
    .evaluateAll((roots) => roots.map((root) => root.getAttribute('data-paperlight-id') ?? '').sort());
}

/** Ids the background's store holds, sorted (read through the popup, as the popup itself would). */
async function storedIds(popup: Page): Promise<string[]> {
  return (await readingList(popup)).map((paper) => paper.id).sort();
}

/** Stops the extension's service worker now, whatever it is doing. */
async function stopWorker(cdp: CDPSession): Promise<void> {
  await cdp.send('ServiceWorker.stopAllWorkers');
}

test('stars tell the stored truth on every open page after the worker stops mid-save', async ({ context, extraPages, openSite, openPopup }) => {
  // Forty actions with worker restarts between them take minutes on a busy 2-core machine.
  test.setTimeout(600_000);
  extraPages.set(WEEK, listingPage(CARDS));
  const tabA = await openSite(WEEK);
  const tabB = await openSite(WEEK);
  const popup = await openPopup();
  await expect(tabA.locator('button[data-paperlight="star"]')).toHaveCount(CARDS);
  await expect(tabB.locator('button[data-paperlight="star"]')).toHaveCount(CARDS);

  // A hidden tab paints no frame, and Playwright waits for frames before each press.
  await tabA.bringToFront();
  const expected = new Set<string>();
  for (let i = 0; i < SAVED_BEFORE; i++) {
    await star(tabA, fakeId(i)).click();
    expected.add(fakeId(i));
  }
  await expect.poll(() => storedIds(popup), { timeout: 60_000 }).toEqual([...expected].sort());

  const cdp = await context.newCDPSession(tabA);
  await cdp.send('ServiceWorker.enable');
  // Enter on 32 stars in a row (the first eight unstar), stopping the worker right after a
  // press now and then, while that save or removal is on its way.
  for (let i = 0; i < TOGGLES; i++) {
    const id = fakeId(i);
    // Focus then Enter, without waiting for frames between presses (a real burst is fast).
    await star(tabA, id).focus();
    await tabA.keyboard.press('Enter');
    if (expected.has(id)) expected.delete(id);
    else expected.add(id);
    if (i % 6 === 2) await stopWorker(cdp);
  }
  const truth = [...expected].sort();

  // Nothing lost: every toggle reached the store…
  await expect.poll(() => storedIds(popup), { timeout: 60_000 }).toEqual(truth);
  // …and nothing lying: both tabs show exactly that, with no star left in an error state.
  await expect.poll(() => pressedIds(tabA), { timeout: 60_000 }).toEqual(truth);
  await expect.poll(() => pressedIds(tabB), { timeout: 60_000 }).toEqual(truth);
  await expect(tabA.locator('button[data-paperlight="star"][data-paperlight-error]')).toHaveCount(0);
});
