// Every view of the site in Firefox (mirrors tests/e2e/recognition.spec.ts, star.spec.ts and
// navigation.spec.ts): the right papers, one star each, the card count; a star kept across a reload
// and shown on the paper's other views; the client-side day → week → month → back navigation.
import { fixtureManifest } from '../support/fixtures.mjs';
import { NAVIGATION_VIEWS } from '../support/navigation-page.mjs';
import { SITE, WAIT, attribute, count, expect, ids, pressed, ready, starOf, test, toggleStar, useFirefox, type Page } from './firefox';

const ff = useFirefox();
const LLAMA = '2407.21783';

for (const [file, entry] of Object.entries(fixtureManifest())) {
  test(`recognises every paper on ${file}`, async () => {
    const url = new URL(entry.url);
    const page = await ff.openSite(url.pathname + url.search);
    expect(await attribute(page, 'html', 'data-paperlight-cards')).toBe(String(entry.papers.length));
    expect(await ids(page)).toEqual(entry.papers);
    for (const id of entry.papers) expect(await count(page, starOf(id))).toBe(1);
    expect(await count(page, 'button[data-paperlight="star"]')).toBe(entry.papers.length);
    expect(await count(page, 'button[data-paperlight="star"][aria-pressed="false"]')).toBe(entry.papers.length);
    await page.close();
  });
}

test('a star survives a reload and shows on every view of the paper', async () => {
  const page = await ff.openSite('/papers?date=2024-08-01');
  expect(await pressed(page, LLAMA)).toBe('false');
  await toggleStar(page, LLAMA);
  expect(await attribute(page, starOf(LLAMA), 'aria-label')).toBe('Remove from reading list');

  await page.reload();
  await ready(page);
  expect(await pressed(page, LLAMA)).toBe('true');
  expect(await count(page, 'button[data-paperlight="star"][aria-pressed="true"]')).toBe(1);

  for (const path of ['/papers/date/2024-08-01', `/papers/${LLAMA}`]) {
    await ff.openSite(path, page);
    await expect.poll(() => pressed(page, LLAMA), WAIT).toBe('true');
  }
  // The single paper page has its star beside the title.
  expect(await page.$eval(`[data-paperlight-id="${LLAMA}"] h1`, (h1) => h1.textContent?.trim())).toBe('The Llama 3 Herd of Models');
  // Unstarred again, for the tests after this one.
  await toggleStar(page, LLAMA, 'false');
  await page.reload();
  await ready(page);
  expect(await pressed(page, LLAMA)).toBe('false');
  await page.close();
});

async function expectOneBarPerCard(page: Page, cards: number) {
  await expect.poll(() => attribute(page, 'html', 'data-paperlight-cards'), WAIT).toBe(String(cards));
  await expect.poll(() => count(page, '[data-paperlight-id]'), WAIT).toBe(cards);
  expect(await count(page, '[data-paperlight="bar"]')).toBe(cards);
  expect(await count(page, 'button[data-paperlight="star"]')).toBe(cards);
  expect(new Set(await ids(page)).size).toBe(cards);
}

const pathOf = (page: Page) => page.evaluate(() => location.pathname);

test('client-side tab switches re-annotate each view; back and forward too; a star follows the paper', async () => {
  const page = await ff.openSite(NAVIGATION_VIEWS.day);
  await expectOneBarPerCard(page, 13);

  await page.click('#tabs a[data-view="week"]');
  await expect.poll(() => pathOf(page), WAIT).toBe(NAVIGATION_VIEWS.week);
  await expectOneBarPerCard(page, 20);
  await ready(page);
  const id = '2605.12496';
  await toggleStar(page, id);

  await page.click('#tabs a[data-view="month"]');
  await expect.poll(() => pathOf(page), WAIT).toBe(NAVIGATION_VIEWS.month);
  await expectOneBarPerCard(page, 44);
  await expect.poll(() => pressed(page, id), WAIT).toBe('true');
  expect(await count(page, 'button[data-paperlight="star"][aria-pressed="true"]')).toBe(1);

  // History: page.goBack() waits for a navigation event a pushState entry never sends.
  await page.evaluate(() => history.back());
  await expect.poll(() => pathOf(page), WAIT).toBe(NAVIGATION_VIEWS.week);
  await expectOneBarPerCard(page, 20);
  await page.evaluate(() => history.back());
  await expect.poll(() => pathOf(page), WAIT).toBe(NAVIGATION_VIEWS.day);
  await expectOneBarPerCard(page, 13);
  await page.evaluate(() => history.forward());
  await expectOneBarPerCard(page, 20);
  expect(page.url().startsWith(SITE)).toBe(true);
  await toggleStar(page, id, 'false');
  await page.close();
});
