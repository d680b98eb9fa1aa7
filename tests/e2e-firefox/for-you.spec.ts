// For you (issue #17) in Firefox: the reader's model is trained in the background page from stars
// and dismissals, the week's cards are scored with it (the video papers above the robot ones), and
// the view sorts by score and back without moving the site's nodes.
import { DAY_IDS, WEEK_IDS, WEEK_NEW, isVideo, topicalDay, topicalWeek } from '../support/topical-listing';
import { WAIT, attribute, count, expect, ids, test, toggleStar, useFirefox, type Page } from './firefox';

const ff = useFirefox();
const DAY = '/papers/date/2030-03-04';
const WEEK = '/papers/week/2030-W10';

/** Moves the keyboard cursor down to paper `id`. */
async function cursorTo(page: Page, id: string): Promise<void> {
  const selector = `[data-paperlight-id="${id}"]`;
  for (let presses = 0; (await attribute(page, selector, 'data-paperlight-current')) === null; presses++) {
    if (presses > DAY_IDS.length) throw new Error(`the cursor never reached ${id}`);
    await page.keyboard.press('j');
  }
}

/** The cards' ids in the order they are painted: top to bottom, left to right. */
const screenOrder = (page: Page) =>
  page.$$eval('[data-paperlight-id]', (roots) =>
    roots
      .map((root) => ({ id: root.getAttribute('data-paperlight-id')!, box: root.getBoundingClientRect() }))
      .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)
      .map((entry) => entry.id),
  );

test('stars and dismissals rank the week for the reader; sorted For you and back', async () => {
  ff.extra.set(DAY, topicalDay().replace('</head>', '<style>html { zoom: 0.1 }</style></head>'));
  ff.extra.set(WEEK, topicalWeek());
  const page = await ff.openSite(DAY);
  expect(await attribute(page, 'button[data-paperlight="sort-for-you"]', 'aria-disabled')).toBe('true');
  for (const id of DAY_IDS.slice(0, 5)) await toggleStar(page, id);
  await page.click('body');
  for (const id of DAY_IDS.slice(8, 11)) {
    await cursorTo(page, id);
    await page.keyboard.press('x');
    await expect.poll(() => attribute(page, `[data-paperlight-id="${id}"]`, 'data-paperlight-dismissed'), WAIT).toBe('');
  }
  await expect.poll(() => count(page, '[data-paperlight-score]'), WAIT).toBe(DAY_IDS.length);

  await ff.openSite(WEEK, page);
  await expect.poll(() => count(page, '[data-paperlight-score]'), WAIT).toBe(WEEK_IDS.length);
  const scores = new Map(
    await page.$$eval('[data-paperlight-score]', (roots) => roots.map((root) => [root.getAttribute('data-paperlight-id')!, Number(root.getAttribute('data-paperlight-score'))] as const)),
  );
  const video = WEEK_NEW.filter(isVideo).map((id) => scores.get(id)!);
  const robot = WEEK_NEW.filter((id) => !isVideo(id)).map((id) => scores.get(id)!);
  expect(Math.min(...video)).toBeGreaterThan(Math.max(...robot));

  const before = await ids(page);
  await page.click('button[data-paperlight="sort-for-you"]');
  const byScore = [...WEEK_IDS].sort((a, b) => scores.get(b)! - scores.get(a)!);
  await expect.poll(() => screenOrder(page), WAIT).toEqual(byScore);
  expect(await ids(page)).toEqual(before);
  await page.click('button[data-paperlight="sort-for-you"]');
  await expect.poll(() => screenOrder(page), WAIT).toEqual(before);
  await page.close();
});
