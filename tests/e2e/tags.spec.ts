import type { Page } from '@playwright/test';
import { SITE, expect, readingList, star, test } from './extension';

const LLAMA = '2407.21783';
const TORA = '2407.21705';
const MOMA = '2407.21770';

const card = (page: Page, id: string) => page.locator(`[data-paperlight-id="${id}"]`);
const chips = (page: Page, id: string) => card(page, id).locator('[data-paperlight="tag"]');
const input = (page: Page, id: string) => card(page, id).locator('input[data-paperlight="tag-input"]');

async function openEditor(page: Page, id: string) {
  await card(page, id).locator('button[data-paperlight="add-tag"]').click();
  await expect(input(page, id)).toBeFocused();
}

/** Types into the tag input and waits for `expected` chips (in order). */
async function addTags(page: Page, id: string, typed: string, expected: string[]) {
  await openEditor(page, id);
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await expect(chips(page, id)).toHaveText(expected);
}

const background = (locator: import('@playwright/test').Locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);

test('tags typed, comma-separated and picked from suggestions show as coloured chips everywhere', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await addTags(page, LLAMA, 'LLM', ['LLM']);
  // Still open after Enter: a comma separates several tags.
  await page.keyboard.type('reinforcement   learning, Agents');
  await page.keyboard.press('Enter');
  await expect(chips(page, LLAMA)).toHaveText(['LLM', 'reinforcement learning', 'Agents']);
  await page.keyboard.press('Escape');
  await expect(input(page, LLAMA)).toHaveCount(0);
  await expect(card(page, LLAMA).locator('button[data-paperlight="add-tag"]')).toBeFocused();

  // Suggestions: typing "a" offers the tags containing it, prefix matches first.
  await openEditor(page, TORA);
  await page.keyboard.type('a');
  const suggestions = card(page, TORA).locator('[data-paperlight="tag-suggestion"]');
  await expect(suggestions).toHaveText([/^Agents/, /^reinforcement learning/]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(chips(page, TORA)).toHaveText(['reinforcement learning']);
  // "LLM" and "llm" are one tag: the first spelling is kept.
  await page.keyboard.type('llm');
  await page.keyboard.press('Enter');
  await expect(chips(page, TORA)).toHaveText(['reinforcement learning', 'LLM']);

  // One colour per tag, different tags get different colours, the same everywhere.
  const llmColor = await background(chips(page, LLAMA).nth(0));
  expect(await background(chips(page, TORA).nth(1))).toBe(llmColor);
  expect(await background(chips(page, LLAMA).nth(1))).not.toBe(llmColor);

  // Tagging does not star.
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');

  for (const path of ['/papers?date=2024-08-01', `/papers/${LLAMA}`]) {
    await page.goto(SITE + path);
    await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
    await expect(chips(page, LLAMA)).toHaveText(['LLM', 'reinforcement learning', 'Agents']);
    expect(await background(chips(page, LLAMA).nth(0))).toBe(llmColor);
  }
  await page.goto(`${SITE}/papers/date/2024-08-01`);
  await page.reload();
  await expect(chips(page, TORA)).toHaveText(['reinforcement learning', 'LLM']);
});

test('chips are removed with their × and with Backspace in an empty input; bad names are explained', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await addTags(page, LLAMA, 'one, two, three', ['one', 'two', 'three']);
  await page.keyboard.press('Backspace');
  await expect(chips(page, LLAMA)).toHaveText(['one', 'two']);
  await page.keyboard.type('x'.repeat(41));
  await page.keyboard.press('Enter');
  await expect(card(page, LLAMA).locator('[data-paperlight="tag-error"]')).toHaveText(/at most 40 characters/);
  await expect(input(page, LLAMA)).toHaveValue('x'.repeat(41));
  await expect(chips(page, LLAMA)).toHaveText(['one', 'two']);
  await page.keyboard.press('Escape');
  await chips(page, LLAMA).nth(0).getByRole('button', { name: 'Remove tag “one”' }).click();
  await expect(chips(page, LLAMA)).toHaveText(['two']);
  await page.reload();
  await expect(chips(page, LLAMA)).toHaveText(['two']);
  expect(await readingList(await openPopup())).toEqual([]);
});

test('keys typed in the tag input never reach the page', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await page.evaluate(() => {
    (window as unknown as { keys: string[] }).keys = [];
    document.addEventListener('keydown', (event) => (window as unknown as { keys: string[] }).keys.push(event.key));
  });
  await addTags(page, LLAMA, 'sj/k', ['sj/k']);
  expect(await page.evaluate(() => (window as unknown as { keys: string[] }).keys)).toEqual([]);
});

test('a hostile tag name is shown as text and runs nothing', async ({ openSite, openPopup, context }) => {
  const page = await openSite('/papers/date/2024-08-01');
  const dialogs: string[] = [];
  context.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
  const hostile = '<img src=x onerror=alert(1)>';
  await star(page, LLAMA).click();
  await addTags(page, LLAMA, hostile, [hostile]);
  await expect(card(page, LLAMA).locator('[data-paperlight="tags"] img')).toHaveCount(0);
  await expect(page.locator('[data-paperlight="filter-bar"] [data-paperlight="tag"]')).toHaveText([hostile]);
  const popup = await openPopup();
  await expect(popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"] [data-paperlight="tag"]`)).toHaveText([hostile]);
  const options = await context.newPage();
  await options.goto(popup.url().replace('popup.html', 'options.html'));
  await expect(options.locator('[data-paperlight="tag-row"] [data-paperlight="tag"]')).toHaveText([hostile]);
  for (const view of [page, popup, options]) await expect(view.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('the filter bar shows only papers with the chosen tags, counts them, and clears', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await addTags(page, LLAMA, 'rl, llm', ['rl', 'llm']);
  await page.keyboard.press('Escape');
  await addTags(page, MOMA, 'rl', ['rl']);
  await page.keyboard.press('Escape');
  const bar = page.locator('[data-paperlight="filter-bar"]');
  const visibleCards = page.locator('[data-paperlight-id]:visible');
  await expect(visibleCards).toHaveCount(13);

  await bar.getByRole('button', { name: 'rl', exact: true }).click();
  await expect(visibleCards).toHaveCount(2);
  await expect(bar.locator('[data-paperlight="filter-count"]')).toHaveText('2 of 13 papers');
  await expect(bar.getByRole('button', { name: 'rl', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // A chip on a card narrows further (papers with every chosen tag).
  await chips(page, LLAMA).getByRole('button', { name: 'llm', exact: true }).click();
  await expect(visibleCards).toHaveCount(1);
  await expect(bar.locator('[data-paperlight="filter-count"]')).toHaveText('1 of 13 papers');

  // Removing the tag from the only match hides it too.
  await chips(page, LLAMA).getByRole('button', { name: 'Remove tag “llm”' }).click();
  await expect(visibleCards).toHaveCount(0);
  await expect(bar.locator('[data-paperlight="filter-count"]')).toHaveText('0 of 13 papers');

  await bar.getByRole('button', { name: 'Clear filter' }).click();
  await expect(visibleCards).toHaveCount(13);
  // The site's own elements are all still there.
  await expect(page.locator('article')).toHaveCount(13);
});

test('a tag added in one tab shows in another tab and in the popup without reload', async ({ openSite, openPopup }) => {
  const tabA = await openSite('/papers/date/2024-08-01');
  const tabB = await openSite('/papers?date=2024-08-01');
  await star(tabA, TORA).click();
  const popup = await openPopup();
  await expect(popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${TORA}"]`)).toBeVisible();
  await addTags(tabA, TORA, 'video', ['video']);
  await expect(chips(tabB, TORA)).toHaveText(['video']);
  await expect(popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${TORA}"] [data-paperlight="tag"]`)).toHaveText(['video']);
});

test('rename, merge, recolour and delete in the options page reach an open tab without reload', async ({ openSite, context, extensionId }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await addTags(page, LLAMA, 'llm, rl', ['llm', 'rl']);
  await page.keyboard.press('Escape');
  await addTags(page, TORA, 'large language models', ['large language models']);
  await page.keyboard.press('Escape');

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const row = (key: string) => options.locator(`[data-paperlight="tag-row"][data-paperlight-tag="${key}"]`);
  await expect(row('llm')).toContainText('1 paper');

  // Rename: a new spelling.
  await row('llm').getByRole('button', { name: 'Rename “llm”' }).click();
  await row('llm').getByRole('textbox', { name: /^New name/ }).fill('LLM');
  await row('llm').getByRole('button', { name: 'Save' }).click();
  await expect(chips(page, LLAMA)).toHaveText(['LLM', 'rl']);
  await expect(row('llm').getByRole('button', { name: 'Rename “LLM”' })).toBeFocused();

  // Rename into an existing name: asks first, then merges.
  await row('large language models').getByRole('button', { name: /^Rename/ }).click();
  await row('large language models').getByRole('textbox', { name: /^New name/ }).fill('llm');
  await row('large language models').getByRole('button', { name: 'Save' }).click();
  await expect(row('large language models').locator('[data-paperlight="merge-confirm"]')).toContainText('“LLM” already exists');
  await expect(chips(page, TORA)).toHaveText(['large language models']);
  await row('large language models').getByRole('button', { name: 'Merge' }).click();
  await expect(row('large language models')).toHaveCount(0);
  await expect(row('llm')).toContainText('2 papers');
  await expect(chips(page, TORA)).toHaveText(['LLM']);

  // Recolour.
  await row('rl').getByRole('button', { name: 'Colour #0891b2' }).click();
  await expect.poll(() => background(chips(page, LLAMA).nth(1))).toBe('rgb(8, 145, 178)');

  // Delete, then undo.
  await row('rl').getByRole('button', { name: 'Delete “rl” from 1 paper' }).click();
  await expect(chips(page, LLAMA)).toHaveText(['LLM']);
  await expect(options.locator('[data-paperlight="undo"]')).toContainText('Deleted “rl” from 1 paper');
  // The deleted row had the focus: Undo has it now, one key away.
  await expect(options.getByRole('button', { name: 'Undo' })).toBeFocused();
  await options.keyboard.press('Enter');
  await expect(chips(page, LLAMA)).toHaveText(['LLM', 'rl']);
  await expect(row('rl')).toContainText('1 paper');
});

test('the popup opens the tag manager', async ({ openPopup, context }) => {
  const popup = await openPopup();
  const [options] = await Promise.all([context.waitForEvent('page'), popup.getByRole('button', { name: 'Manage tags' }).click()]);
  await expect(options).toHaveURL(/options\.html$/);
  await expect(options.getByRole('heading', { name: 'Tags' })).toBeVisible();
});

test('search results carry chips too, and the page sees only the colours of tags it shows', async ({ openSite }) => {
  const day = await openSite('/papers/date/2024-08-01');
  await addTags(day, LLAMA, 'secret-project', ['secret-project']);
  const search = await openSite('/papers?q=causal');
  const sheet = () => search.evaluate(() => document.querySelector('style[data-paperlight="tag-colors"]')?.textContent ?? '');
  expect(await sheet()).not.toContain('secret');
  await addTags(search, '2605.12496', 'causality', ['causality']);
  await search.reload();
  await expect(chips(search, '2605.12496')).toHaveText(['causality']);
  expect(await sheet()).toContain('causality');
  expect(await sheet()).not.toContain('secret');
});

test('removing a chip from the keyboard keeps the focus on the card', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await addTags(page, LLAMA, 'one, two', ['one', 'two']);
  await page.keyboard.press('Escape');
  await chips(page, LLAMA).nth(0).getByRole('button', { name: 'Remove tag “one”' }).focus();
  await page.keyboard.press('Enter');
  await expect(chips(page, LLAMA)).toHaveText(['two']);
  await expect(chips(page, LLAMA).nth(0).getByRole('button', { name: 'Remove tag “two”' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(chips(page, LLAMA)).toHaveCount(0);
  await expect(card(page, LLAMA).locator('button[data-paperlight="add-tag"]')).toBeFocused();
});
