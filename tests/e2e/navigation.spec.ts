import { listingPage } from '../support/generate-listing.mjs';
import { NAVIGATION_VIEWS } from '../support/navigation-page.mjs';
import { SITE, expect, star, test } from './extension';

// The navigation page's own script behaves like the site's Daily / Weekly / Monthly tabs: pushes
// a URL, empties the list, fills it a moment later, and updates the data blob after that.

const html = (page: import('@playwright/test').Page) => page.locator('html');

async function expectOneBarPerCard(page: import('@playwright/test').Page, count: number) {
  await expect(html(page)).toHaveAttribute('data-paperlight-cards', String(count));
  await expect(page.locator('[data-paperlight-id]')).toHaveCount(count);
  await expect(page.locator('[data-paperlight="bar"]')).toHaveCount(count);
  await expect(page.locator('button[data-paperlight="star"]')).toHaveCount(count);
  const ids = await page.locator('[data-paperlight-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-paperlight-id')));
  expect(new Set(ids).size).toBe(count);
}

test('client-side tab switches re-annotate each view with nothing inserted twice', async ({ openSite }) => {
  const page = await openSite(NAVIGATION_VIEWS.day);
  await expectOneBarPerCard(page, 13);

  await page.getByRole('link', { name: 'Weekly' }).click();
  await expect(page).toHaveURL(SITE + NAVIGATION_VIEWS.week);
  await expectOneBarPerCard(page, 20);
  await expect(html(page)).toHaveAttribute('data-paperlight', 'ready');

  await page.getByRole('link', { name: 'Monthly' }).click();
  await expect(page).toHaveURL(SITE + NAVIGATION_VIEWS.month);
  await expectOneBarPerCard(page, 44);

  await page.goBack();
  await expect(page).toHaveURL(SITE + NAVIGATION_VIEWS.week);
  await expectOneBarPerCard(page, 20);

  await page.goBack();
  await expectOneBarPerCard(page, 13);
  await page.goForward();
  await expectOneBarPerCard(page, 20);
});

test('a star made in one view shows when another view lists the same paper', async ({ openSite }) => {
  const page = await openSite(NAVIGATION_VIEWS.week);
  const id = '2605.12496';
  await star(page, id).click();
  await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('link', { name: 'Daily' }).click();
  await expectOneBarPerCard(page, 13);
  await page.getByRole('link', { name: 'Monthly' }).click();
  await expectOneBarPerCard(page, 44);
  await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('button[data-paperlight="star"][aria-pressed="true"]')).toHaveCount(1);
});

test('a re-render of the list gets its bars back, once each, with the saved state', async ({ openSite }) => {
  const page = await openSite(NAVIGATION_VIEWS.day);
  await star(page, '2407.21783').click();
  await expect(star(page, '2407.21783')).toHaveAttribute('aria-pressed', 'true');
  for (let round = 0; round < 3; round++) {
    await page.getByRole('button', { name: 'Re-render list' }).click();
    await expectOneBarPerCard(page, 13);
  }
  await expect(star(page, '2407.21783')).toHaveAttribute('aria-pressed', 'true');
});

test('a star saved while the blob is still stale keeps the right paper', async ({ openSite, openPopup }) => {
  const page = await openSite(NAVIGATION_VIEWS.day);
  await page.getByRole('link', { name: 'Monthly' }).click();
  // Click as soon as the card exists, before the page's blob has caught up.
  const id = '2510.07364';
  await star(page, id).click();
  await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  const popup = await openPopup();
  await expect(popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${id}"] a`)).not.toHaveText(id);
});

test('a page that never stops changing still gets every card of a long list annotated', async ({ extraPages, openSite }) => {
  const ticker = `<div id="ticker">0</div><script>
    const ticker = document.getElementById('ticker');
    setInterval(() => { ticker.textContent = String(performance.now()); }, 3);
  </script>`;
  extraPages.set('/papers/month/2030-02', listingPage(300).replace('</body>', `${ticker}</body>`));
  const page = await openSite('/papers/month/2030-02');
  await expectOneBarPerCard(page, 300);
});

test('on each navigation the ready hook goes to loading, then ready with the new view’s count', async ({ openSite }) => {
  const page = await openSite(NAVIGATION_VIEWS.day);
  // Record, in the page, every value the hooks take and the count at the moment of each.
  await page.evaluate(() => {
    const html = document.documentElement;
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => seen.push(`${html.dataset.paperlight}:${html.dataset.paperlightCards}:${location.pathname}`)).observe(html, {
      attributes: true,
      attributeFilter: ['data-paperlight', 'data-paperlight-cards'],
    });
  });
  await page.getByRole('link', { name: 'Weekly' }).click();
  await expectOneBarPerCard(page, 20);
  await expect(html(page)).toHaveAttribute('data-paperlight', 'ready');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const loading = seen.findIndex((entry) => entry.startsWith('loading:'));
  const ready = seen.findIndex((entry, index) => index > loading && entry.startsWith('ready:'));
  expect(loading).toBeGreaterThanOrEqual(0);
  expect(seen[ready]).toBe(`ready:20:${NAVIGATION_VIEWS.week}`);
  // Never "ready" with the emptied list or the previous view's count in between.
  expect(seen.slice(loading, ready).filter((entry) => entry.startsWith('ready:'))).toEqual([]);
});

test('history.replaceState navigation re-annotates too', async ({ openSite }) => {
  const page = await openSite(NAVIGATION_VIEWS.day);
  const length = await page.evaluate(() => history.length);
  await page.evaluate((path) => {
    history.replaceState({}, '', path);
    (window as unknown as { show: (view: string, delay: number) => void }).show('month', 40);
  }, NAVIGATION_VIEWS.month);
  await expectOneBarPerCard(page, 44);
  expect(await page.evaluate(() => history.length)).toBe(length);
});
