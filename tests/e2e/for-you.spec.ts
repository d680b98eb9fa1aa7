import type { Page } from '@playwright/test';
import { DAY_IDS, ROBOT, VIDEO, WEEK_IDS, WEEK_NEW, isVideo, topicalDay, topicalWeek } from '../support/topical-listing';
import { expect, star, test } from './extension';

// For you (issue #17). A day listing whose papers are about one of two topics (video diffusion,
// robot reinforcement learning); the reader stars and tags the first kind and dismisses the second.
// A week listing with other papers of both kinds, interleaved, is then ranked for them.
const DAY = '/papers/date/2030-03-04';
const WEEK = '/papers/week/2030-W10';
const card = (page: Page, id: string) => page.locator(`[data-paperlight-id="${id}"]`);

/** The cursor onto paper `id` (j from the top), then `keys`. */
async function onCard(page: Page, id: string, ...keys: string[]): Promise<void> {
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('Shift+K');
  for (let at = 0; at < DAY_IDS.indexOf(id); at++) await page.keyboard.press('j');
  await expect(card(page, id)).toHaveAttribute('data-paperlight-current', '');
  for (const key of keys) await page.keyboard.press(key);
}

/** The cards' ids in the order they are painted on screen: top to bottom, left to right. */
function screenOrder(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-paperlight-id]')]
      .map((root) => ({ id: root.getAttribute('data-paperlight-id')!, box: root.getBoundingClientRect() }))
      .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)
      .map((entry) => entry.id),
  );
}

const documentOrder = (page: Page) => page.locator('[data-paperlight-id]').evaluateAll((roots) => roots.map((root) => root.getAttribute('data-paperlight-id')!));

/** The scores of the cards, by id. */
async function scores(page: Page): Promise<Map<string, number>> {
  const pairs = await page
    .locator('[data-paperlight-score]')
    .evaluateAll((roots) => roots.map((root) => [root.getAttribute('data-paperlight-id')!, Number(root.getAttribute('data-paperlight-score'))] as const));
  return new Map(pairs);
}

/** What the reason's highlights paint, by name. */
function reasonHighlights(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const result: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('paperlight-why')) continue;
      for (const range of highlight as Highlight) {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        (result[name] ??= []).push(live.toString().toLowerCase());
      }
    }
    return result;
  });
}

test.beforeEach(({ extraPages }) => {
  extraPages.set(DAY, topicalDay());
  extraPages.set(WEEK, topicalWeek());
});

test('For you: nothing before enough saves; then the week is ranked by what was kept, sorted and back, with reasons and tag suggestions', async ({ context, openSite }) => {
  const page = await context.newPage();
  // Tall enough that every card is seen (the papers seen and not kept teach the model too).
  await page.setViewportSize({ width: 1280, height: 9_000 });
  await openSite(DAY, page);
  const sort = page.locator('button[data-paperlight="sort-for-you"]');
  await expect(sort).toHaveAttribute('aria-disabled', 'true');
  await expect(page.locator('[data-paperlight="for-you-needs"]')).toHaveText(/^ranks this view after 5 more saves( and 3 more papers passed over)?$/);

  // Four video papers starred: one save short, so nothing is scored yet.
  for (const id of DAY_IDS.slice(0, 4)) {
    await star(page, id).click();
    await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.locator('[data-paperlight="for-you-needs"]')).toHaveText(/^ranks this view after 1 more save( and \d more papers? passed over)?$/);
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(0);
  await expect(page.locator('[data-paperlight="score"]')).toHaveCount(0);
  await expect(sort).toHaveAttribute('aria-disabled', 'true');
  // A fifth starred, and six tagged “video”.
  await star(page, DAY_IDS[4]!).click();
  await expect(star(page, DAY_IDS[4]!)).toHaveAttribute('aria-pressed', 'true');
  for (const id of DAY_IDS.slice(0, 6)) {
    await onCard(page, id, 't');
    await expect(card(page, id).locator('input[data-paperlight="tag-input"]')).toBeFocused();
    await page.keyboard.type('video');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect(card(page, id).locator('[data-paperlight="tag"]')).toHaveText(['video']);
  }
  // Three robot papers dismissed for good.
  for (const id of DAY_IDS.slice(8, 11)) {
    await onCard(page, id, 'x');
    await expect(card(page, id)).toHaveAttribute('data-paperlight-dismissed', '');
  }
  // The model is trained in the background; this view is scored when it arrives.
  await expect(sort).not.toHaveAttribute('aria-disabled', 'true');
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(DAY_IDS.length);

  await openSite(WEEK, page);
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(WEEK_IDS.length);
  const scored = await scores(page);
  for (const id of WEEK_IDS) {
    const value = scored.get(id)!;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  const videoScores = WEEK_NEW.filter(isVideo).map((id) => scored.get(id)!);
  const robotScores = WEEK_NEW.filter((id) => !isVideo(id)).map((id) => scored.get(id)!);
  expect(Math.min(...videoScores)).toBeGreaterThan(Math.max(...robotScores));

  // Sorted For you: the screen shows the best first; the site's nodes and links stay as they were.
  const before = await documentOrder(page);
  expect(await screenOrder(page)).toEqual(before);
  await sort.click();
  await expect(sort).toHaveAttribute('aria-pressed', 'true');
  const byScore = [...WEEK_IDS].sort((a, b) => scored.get(b)! - scored.get(a)!);
  await expect.poll(() => screenOrder(page)).toEqual(byScore);
  expect(await documentOrder(page)).toEqual(before);
  for (const id of WEEK_IDS) await expect(card(page, id).locator(`a[href="/papers/${id}"]`).first()).toBeAttached();
  // j follows the order on screen.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('j');
  await expect(card(page, byScore[0]!)).toHaveAttribute('data-paperlight-current', '');
  await page.keyboard.press('j');
  await expect(card(page, byScore[1]!)).toHaveAttribute('data-paperlight-current', '');
  // f goes through the top ten, best first (from no cursor: the best).
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-paperlight-current]')).toHaveCount(0);
  await page.keyboard.press('f');
  await expect(card(page, byScore[0]!)).toHaveAttribute('data-paperlight-current', '');
  await page.keyboard.press('f');
  await expect(card(page, byScore[1]!)).toHaveAttribute('data-paperlight-current', '');
  // Back to the site's order.
  await sort.click();
  await expect(sort).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => screenOrder(page)).toEqual(before);

  // Why: the best new video paper's reason names video terms, and lights them up in its title.
  const best = byScore.find((id) => WEEK_NEW.includes(id))!;
  expect(isVideo(best)).toBe(true);
  const score = card(page, best).locator('[data-paperlight="score"]');
  await score.focus();
  const why = card(page, best).locator('[data-paperlight="score-why"]');
  await expect(why).toBeVisible();
  await expect(score).toHaveAttribute('aria-describedby', (await why.getAttribute('id'))!);
  const reason = (await why.textContent())!;
  expect(VIDEO.some((word) => reason.includes(word))).toBe(true);
  expect(ROBOT.some((word) => reason.split('Less:')[0]!.includes(word))).toBe(false);
  await expect.poll(async () => (await reasonHighlights(page))['paperlight-why-up']?.length ?? 0).toBeGreaterThan(0);
  const lit = (await reasonHighlights(page))['paperlight-why-up']!;
  expect(lit.every((text) => VIDEO.some((word) => text.includes(word)))).toBe(true);
  await score.blur();
  await expect.poll(async () => (await reasonHighlights(page))['paperlight-why-up']?.length ?? 0).toBe(0);

  // The tag “video” is suggested on new video papers, never on robot ones.
  const suggested = (id: string) => card(page, id).locator('[data-paperlight="suggested-tag"][data-paperlight-tag="video"]');
  const videoNew = WEEK_NEW.filter(isVideo);
  await expect(suggested(videoNew[0]!)).toBeVisible();
  for (const id of WEEK_NEW.filter((other) => !isVideo(other))) await expect(suggested(id)).toHaveCount(0);
  // Accepted with one click …
  await suggested(videoNew[0]!).locator('[data-paperlight="accept-suggestion"]').click();
  await expect(card(page, videoNew[0]!).locator('[data-paperlight="tag"]')).toHaveText(['video']);
  await expect(suggested(videoNew[0]!)).toHaveCount(0);
  // … or with t then Enter …
  await expect(suggested(videoNew[1]!)).toBeVisible();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('Shift+K');
  while ((await card(page, videoNew[1]!).getAttribute('data-paperlight-current')) === null) await page.keyboard.press('j');
  await page.keyboard.press('t');
  await expect(card(page, videoNew[1]!).locator('input[data-paperlight="tag-input"]')).toHaveValue('video');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(card(page, videoNew[1]!).locator('[data-paperlight="tag"]')).toHaveText(['video']);
  // … and rejected: never suggested on that paper again, after a reload too.
  await expect(suggested(videoNew[2]!)).toBeVisible();
  await suggested(videoNew[2]!).locator('[data-paperlight="reject-suggestion"]').click();
  await expect(suggested(videoNew[2]!)).toHaveCount(0);
  await expect(card(page, videoNew[2]!).locator('[data-paperlight="tag"]')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(WEEK_IDS.length);
  await expect(suggested(videoNew[3]!)).toBeVisible();
  await expect(suggested(videoNew[2]!)).toHaveCount(0);
});

test('the options page shows what the model learned; a reset takes the ranking off every page until it is undone', async ({ context, extensionId, openSite }) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 9_000 });
  await openSite(DAY, page);
  for (const id of DAY_IDS.slice(0, 5)) {
    await star(page, id).click();
    await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  }
  // Five kept, and the robot papers looked at and passed over: ranked.
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(DAY_IDS.length);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const summary = options.locator('[data-paperlight="rank-summary"]');
  await expect(summary).toHaveAttribute('data-paperlight-ready', 'true');
  const learned = (await options.locator('[data-paperlight="rank-terms"] [data-paperlight-terms]').first().textContent())!;
  expect(VIDEO.some((word) => learned.includes(word))).toBe(true);

  await options.locator('[data-paperlight="rank-reset"]').click();
  await expect(summary).toHaveAttribute('data-paperlight-ready', 'false');
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(0);
  await expect(page.locator('button[data-paperlight="sort-for-you"]')).toHaveAttribute('aria-disabled', 'true');

  await options.locator('[data-paperlight="rank-unreset"]').click();
  await expect(summary).toHaveAttribute('data-paperlight-ready', 'true');
  await expect(page.locator('[data-paperlight-score]')).toHaveCount(DAY_IDS.length);
});
