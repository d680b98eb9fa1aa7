// Every view of the site in Firefox (mirrors tests/e2e/recognition.spec.ts, star.spec.ts,
// navigation.spec.ts and keyboard.spec.ts): the right papers, one star each, the card count; a star
// kept across a reload and shown on the paper's other views; the client-side day → week → month →
// back navigation; then the keys j k s t x u ? and the typing guard. One Firefox for all of it
// (each test leaves nothing starred).
import { fixtureManifest } from '../support/fixtures.mjs';
import { NAVIGATION_VIEWS } from '../support/navigation-page.mjs';
import { readStart } from '../support/start-mark';
import { SITE, WAIT, attribute, count, expect, focused, ids, pressed, ready, send, starOf, test, texts, toggleStar, useFirefox, visibleCount, type Page } from './firefox';

const ff = useFirefox();
const LLAMA = '2407.21783';

for (const [file, entry] of Object.entries(fixtureManifest())) {
  test(`recognises every paper on ${file}`, async () => {
    const url = new URL(entry.url);
    const page = await ff.openSite(url.pathname + url.search);
    expect(await attribute(page, 'html', 'data-paperlight-cards')).toBe(String(entry.papers.length));
    expect(await ids(page)).toEqual(entry.papers);
    const perCard = await page.evaluate((all) => all.map((id) => document.querySelectorAll(`[data-paperlight-id="${id}"] button[data-paperlight="star"]`).length), entry.papers);
    expect(perCard).toEqual(entry.papers.map(() => 1));
    expect(await count(page, 'button[data-paperlight="star"]')).toBe(entry.papers.length);
    expect(await count(page, 'button[data-paperlight="star"][aria-pressed="false"]')).toBe(entry.papers.length);
    await page.close();
  });
}

test('Paperlight starts after the page has loaded (at its first frame while hold.css holds the cards)', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  const start = await page.evaluate(readStart);
  // Firefox always lists hold.css: 'held' when the early script had not yet let the cards show.
  expect(['load', 'loaded', 'load-wait', 'held']).toContain(start.cause);
  if (start.cause === 'load' || start.cause === 'loaded') expect(start.firstPass).toBeGreaterThanOrEqual(start.loadEnd);
  await page.close();
});

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

const TORA = '2407.21705';
const MOMA = '2407.21770';
const ORDER = ['2407.21783', '2407.21705', '2407.21770', '2407.21646'];
const DAY = '/papers/date/2024-08-01';

const current = (page: Page) => attribute(page, '[data-paperlight-current]', 'data-paperlight-id');
const card = (id: string) => `[data-paperlight-id="${id}"]`;

test('j/k walk the cards in page order with a visible ring; Escape clears', async () => {
  const page = await ff.openSite(DAY);
  await page.keyboard.press('j');
  await expect.poll(() => current(page), WAIT).toBe(ORDER[0]);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect.poll(() => current(page), WAIT).toBe(ORDER[2]);
  await page.keyboard.press('k');
  await expect.poll(() => current(page), WAIT).toBe(ORDER[1]);
  expect(await count(page, '[data-paperlight-current]')).toBe(1);
  const ring = await page.$eval(card(ORDER[1]!), (el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineWidth}`);
  expect(ring).toBe('solid 3px');
  await page.keyboard.press('Escape');
  await expect.poll(() => count(page, '[data-paperlight-current]'), WAIT).toBe(0);
  await page.close();
});

test('s stars, t tags, x hides; u and Ctrl+Z undo them, several levels', async () => {
  // x as it is with lasting dismissals off: the paper leaves this view only.
  const popup = await ff.openPopup();
  await send(popup, { type: 'settings.set', settings: { lastingDismiss: false } });
  await popup.close();
  const page = await ff.openSite(DAY);
  await page.keyboard.press('j');
  await page.keyboard.press('s');
  await expect.poll(() => pressed(page, LLAMA), WAIT).toBe('true');
  await page.keyboard.press('j');
  await page.keyboard.press('t');
  await expect.poll(() => focused(page, `${card(TORA)} >>> input[data-paperlight="tag-input"]`), WAIT).toBe(true);
  await page.keyboard.type('video');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect.poll(() => texts(page, `${card(TORA)} [data-paperlight="tag"]`), WAIT).toEqual(['video']);
  // The tag input gave the focus back; the keys work again.
  await page.mouse.click(2, 2);
  await page.keyboard.press('j');
  await expect.poll(() => current(page), WAIT).toBe(MOMA);
  await page.keyboard.press('x');
  await expect.poll(() => visibleCount(page, card(MOMA)), WAIT).toBe(0);
  expect(await texts(page, '[data-paperlight="show-hidden"]')).toEqual(['1 hidden · Show']);
  // The cursor moved on to the next paper shown.
  expect(await current(page)).toBe(ORDER[3]);

  await page.keyboard.press('u');
  await expect.poll(() => visibleCount(page, card(MOMA)), WAIT).toBe(1);
  await page.keyboard.down('Control');
  await page.keyboard.press('z');
  await page.keyboard.up('Control');
  await expect.poll(() => count(page, `${card(TORA)} [data-paperlight="tag"]`), WAIT).toBe(0);
  await page.keyboard.press('u');
  await expect.poll(() => pressed(page, LLAMA), WAIT).toBe('false');
  expect((await texts(page, 'html >>> [data-paperlight="toast"]'))[0]).toContain('Undone: star on “The Llama 3 Herd of Models”');

  // Hidden papers come back from the filter bar too.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect.poll(() => visibleCount(page, '[data-paperlight-id]'), WAIT).toBe(12);
  // The filter bar has drawn this hide (a click on the button it is about to replace is lost).
  await expect.poll(() => texts(page, '[data-paperlight="show-hidden"]'), WAIT).toEqual(['1 hidden · Show']);
  await page.click('[data-paperlight="show-hidden"]');
  await expect.poll(() => visibleCount(page, '[data-paperlight-id]'), WAIT).toBe(13);
  await page.close();
  const options = await ff.openPopup();
  await send(options, { type: 'settings.set', settings: { lastingDismiss: true } });
  await options.close();
});

test('? shows every binding in a dialog that keeps the focus; Escape closes it', async () => {
  const page = await ff.openSite(DAY);
  await page.keyboard.press('?');
  const dialog = 'html >>> [data-paperlight="help"] [role="dialog"]';
  await page.waitForSelector(dialog, WAIT);
  expect(await page.$eval(dialog, (el) => (el.getRootNode() as ShadowRoot).getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent)).toBe('Paperlight keys');
  const text = (await texts(page, dialog))[0];
  expect(text).toContain('Star / unstar');
  expect(text).toContain('Shift+J');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await focused(page, `${dialog} button`)).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => count(page, dialog), WAIT).toBe(0);
  await page.close();
});

test('no key acts while typing in the site’s search box or in the tag input; / focuses the search box', async () => {
  const page = await ff.openSite(DAY);
  const search = 'input[placeholder="Search any paper with AI"]';
  await page.keyboard.press('/');
  await expect.poll(() => focused(page, search), WAIT).toBe(true);
  await page.keyboard.type('jjs?x');
  expect(await page.$eval(search, (input) => (input as HTMLInputElement).value)).toBe('jjs?x');
  expect(await count(page, '[data-paperlight-current]')).toBe(0);
  expect(await count(page, 'html >>> [data-paperlight="help"]')).toBe(0);
  expect(await count(page, 'button[data-paperlight="star"][aria-pressed="true"]')).toBe(0);
  // Modifier combinations stay the browser's.
  await page.mouse.click(2, 2);
  await page.keyboard.down('Alt');
  await page.keyboard.press('j');
  await page.keyboard.up('Alt');
  expect(await count(page, '[data-paperlight-current]')).toBe(0);

  // Keys typed in the tag input never reach the page.
  await page.evaluate(() => {
    (window as unknown as { keys: string[] }).keys = [];
    document.addEventListener('keydown', (event) => (window as unknown as { keys: string[] }).keys.push(event.key));
  });
  await page.click(`${card(LLAMA)} button[data-paperlight="add-tag"]`);
  await expect.poll(() => focused(page, `${card(LLAMA)} >>> input[data-paperlight="tag-input"]`), WAIT).toBe(true);
  await page.keyboard.type('sj/k');
  await page.keyboard.press('Enter');
  await expect.poll(() => texts(page, `${card(LLAMA)} [data-paperlight="tag"]`), WAIT).toEqual(['sj/k']);
  expect(await page.evaluate(() => (window as unknown as { keys: string[] }).keys)).toEqual([]);
  expect(await pressed(page, LLAMA)).toBe('false');
  await page.close();
});
