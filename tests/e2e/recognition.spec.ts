import { fixtureHtml, fixtureManifest } from '../support/fixtures.mjs';
import { replaceBlobText } from '../support/page-variants.mjs';
import { fakeId, listingPage } from '../support/generate-listing.mjs';
import { NAVIGATION_VIEWS } from '../support/navigation-page.mjs';
import { SITE, expect, readingList, star, test } from './extension';

// Every recorded page of the site: exactly one star per paper, keyed by the right arXiv id, in
// page order, and the card count hook equal to the paper count.
for (const [file, entry] of Object.entries(fixtureManifest())) {
  test(`recognises every paper on ${file}`, async ({ openSite }) => {
    const url = new URL(entry.url);
    const page = await openSite(url.pathname + url.search);
    await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', String(entry.papers.length));
    const roots = page.locator('[data-paperlight-id]');
    await expect(roots).toHaveCount(entry.papers.length);
    expect(await roots.evaluateAll((els) => els.map((el) => el.getAttribute('data-paperlight-id')))).toEqual(entry.papers);
    for (const id of entry.papers) {
      await expect(page.locator(`[data-paperlight-id="${id}"] button[data-paperlight="star"]`)).toHaveCount(1);
    }
    await expect(page.locator('button[data-paperlight="star"]')).toHaveCount(entry.papers.length);
    await expect(page.locator('button[data-paperlight="star"][aria-pressed="false"]')).toHaveCount(entry.papers.length);
  });
}

test('the single paper page gets its star beside the title', async ({ openSite }) => {
  const page = await openSite('/papers/2407.21783');
  const holder = page.locator('[data-paperlight-id="2407.21783"]');
  await expect(holder.locator('h1')).toHaveText('The Llama 3 Herd of Models');
  await expect(holder.locator('button[data-paperlight="star"]')).toBeVisible();
});

test('the navigation page serves each of its views on a fresh load', async ({ openSite }) => {
  const page = await openSite(NAVIGATION_VIEWS.week);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '20');
  await page.goto(SITE + NAVIGATION_VIEWS.month);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '44');
});

test('a long listing (300 cards, annotated in slices) gets one star per card', async ({ extraPages, openSite }) => {
  extraPages.set('/papers/month/2030-01', listingPage(300));
  const page = await openSite('/papers/month/2030-01');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '300');
  await expect(page.locator('button[data-paperlight="star"]')).toHaveCount(300);
  const pass = await page.evaluate(() => (performance.getEntriesByName('paperlight:pass')[0] as PerformanceMeasure).detail);
  expect(pass.slices).toBeGreaterThan(1);
  await page.locator('[data-paperlight-id]').nth(250).scrollIntoViewIfNeeded();
  await star(page, fakeId(250)).click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(star(page, fakeId(250))).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('button[data-paperlight="star"]')).toHaveCount(300);
});

test('cards are found without any of the site’s class names (Tailwind spellings change)', async ({ extraPages, openSite }) => {
  const file = 'hf-papers-date-2024-08-01.html';
  extraPages.set('/papers/date/2031-02-01', fixtureHtml(file).replace(/\sclass="[^"]*"/g, ''));
  const page = await openSite('/papers/date/2031-02-01');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '13');
  expect(await page.locator('[data-paperlight-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-paperlight-id')))).toEqual(
    fixtureManifest()[file]!.papers,
  );
});

test('logged-in markup (upvotes in a label) is recognised, and its upvote count is read', async ({ extraPages, openSite, openPopup }) => {
  // Logged in, the upvote control is a <label> around a checkbox instead of a login link; and
  // with the blob unreadable, the count must come from the card.
  const loggedIn = replaceBlobText(
    fixtureHtml('hf-papers-date-2024-08-01.html').replace(
      /<a href="\/login\?next=[^"]*" class="self-start">([\s\S]*?)<\/a>/g,
      '<label class="self-start"><input type="checkbox" class="peer hidden">$1</label>',
    ),
    'not json',
  );
  extraPages.set('/papers/date/2031-02-02', loggedIn);
  const page = await openSite('/papers/date/2031-02-02');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '13');
  await expect(page.locator('[data-paperlight-id] a[href^="/login"]')).toHaveCount(0);
  await star(page, '2407.21783').click();
  await expect(star(page, '2407.21783')).toHaveAttribute('aria-pressed', 'true');
  const [saved] = await readingList(await openPopup());
  expect(saved).toMatchObject({ id: '2407.21783', upvotes: 94 });
});
