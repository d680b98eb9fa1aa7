// Stars and tags in Firefox, and how every open view follows them without a reload (mirrors
// tests/e2e/sync.spec.ts and tags.spec.ts): a second tab, the popup, the options page's rename.
import { WAIT, clickText, count, expect, focused, pressed, send, test, texts, toggleStar, useFirefox, visibleCount, type Page } from './firefox';

const ff = useFirefox();
const LLAMA = '2407.21783';
const TORA = '2407.21705';
const MOMA = '2407.21770';

const card = (id: string) => `[data-paperlight-id="${id}"]`;
const chips = (page: Page, id: string) => texts(page, `${card(id)} [data-paperlight="tag"]`);
const item = (id: string) => `[data-paperlight="reading-item"][data-paperlight-id="${id}"]`;
const background = (page: Page, selector: string) => page.$eval(selector, (el) => getComputedStyle(el).backgroundColor);

async function openEditor(page: Page, id: string) {
  await page.click(`${card(id)} button[data-paperlight="add-tag"]`);
  await expect.poll(() => focused(page, `${card(id)} >>> input[data-paperlight="tag-input"]`), WAIT).toBe(true);
}

/** Types into the tag input and waits for `expected` chips (in order). */
async function addTags(page: Page, id: string, typed: string, expected: string[]) {
  await openEditor(page, id);
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await expect.poll(() => chips(page, id), WAIT).toEqual(expected);
}

test('a star in one tab shows in another tab and in the popup without reload', async () => {
  const tabA = await ff.openSite('/papers/date/2024-08-01');
  const tabB = await ff.openSite('/papers?date=2024-08-01');
  const popup = await ff.openPopup();
  await popup.waitForSelector('[data-paperlight="empty-list"]', WAIT);

  await toggleStar(tabA, LLAMA);
  await expect.poll(() => pressed(tabB, LLAMA), WAIT).toBe('true');
  await expect.poll(() => texts(popup, `${item(LLAMA)} a`), WAIT).toEqual(['The Llama 3 Herd of Models']);

  await toggleStar(tabB, LLAMA, 'false');
  await expect.poll(() => pressed(tabA, LLAMA), WAIT).toBe('false');
  await expect.poll(() => count(popup, item(LLAMA)), WAIT).toBe(0);
  await popup.waitForSelector('[data-paperlight="empty-list"]', WAIT);
  for (const page of [tabA, tabB, popup]) await page.close();
});

test('tags typed and comma-separated show as coloured chips, the same on another view; tagging does not star', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  await addTags(page, LLAMA, 'LLM', ['LLM']);
  // Still open after Enter: a comma separates several tags.
  await page.keyboard.type('reinforcement   learning, Agents');
  await page.keyboard.press('Enter');
  await expect.poll(() => chips(page, LLAMA), WAIT).toEqual(['LLM', 'reinforcement learning', 'Agents']);
  await page.keyboard.press('Escape');
  await expect.poll(() => count(page, `${card(LLAMA)} >>> input[data-paperlight="tag-input"]`), WAIT).toBe(0);
  expect(await focused(page, `${card(LLAMA)} button[data-paperlight="add-tag"]`)).toBe(true);

  // "LLM" and "llm" are one tag: the first spelling is kept, with one colour everywhere.
  await addTags(page, TORA, 'llm', ['LLM']);
  await page.keyboard.press('Escape');
  const llmColor = await background(page, `${card(LLAMA)} [data-paperlight="tag"]`);
  expect(await background(page, `${card(TORA)} [data-paperlight="tag"]`)).toBe(llmColor);
  expect(await background(page, `${card(LLAMA)} [data-paperlight="tag"]:nth-child(2)`)).not.toBe(llmColor);
  expect(await pressed(page, LLAMA)).toBe('false');

  for (const path of ['/papers?date=2024-08-01', `/papers/${LLAMA}`]) {
    await ff.openSite(path, page);
    await expect.poll(() => chips(page, LLAMA), WAIT).toEqual(['LLM', 'reinforcement learning', 'Agents']);
    expect(await background(page, `${card(LLAMA)} [data-paperlight="tag"]`)).toBe(llmColor);
  }
  await page.close();
});

test('the filter bar shows only papers with the chosen tags, counts them, and clears', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  await addTags(page, MOMA, 'rl', ['rl']);
  await page.keyboard.press('Escape');
  await addTags(page, TORA, 'rl', ['LLM', 'rl']);
  await page.keyboard.press('Escape');
  const bar = '[data-paperlight="filter-bar"]';
  const shown = () => visibleCount(page, '[data-paperlight-id]');
  expect(await shown()).toBe(13);

  await clickText(page, bar, 'rl');
  await expect.poll(shown, WAIT).toBe(2);
  expect(await texts(page, `${bar} [data-paperlight="filter-count"]`)).toEqual(['2 of 13 papers']);

  // A chip on a card narrows further (papers with every chosen tag).
  await clickText(page, card(TORA), 'LLM');
  await expect.poll(shown, WAIT).toBe(1);
  expect(await texts(page, `${bar} [data-paperlight="filter-count"]`)).toEqual(['1 of 13 papers']);

  // Removing the tag from the only match hides it too.
  await clickText(page, card(TORA), 'Remove tag “LLM”');
  await expect.poll(shown, WAIT).toBe(0);
  expect(await texts(page, `${bar} [data-paperlight="filter-count"]`)).toEqual(['0 of 13 papers']);

  await clickText(page, bar, 'Clear filter');
  await expect.poll(shown, WAIT).toBe(13);
  expect(await count(page, 'article')).toBe(13);
  await page.close();
});

test('a tag added in one tab shows in another tab and in the popup without reload', async () => {
  const tabA = await ff.openSite('/papers/date/2024-08-01');
  const tabB = await ff.openSite('/papers?date=2024-08-01');
  await toggleStar(tabA, TORA);
  const popup = await ff.openPopup();
  await popup.waitForSelector(item(TORA), WAIT);
  await addTags(tabA, TORA, 'video', ['rl', 'video']);
  await expect.poll(() => chips(tabB, TORA), WAIT).toEqual(['rl', 'video']);
  await expect.poll(() => texts(popup, `${item(TORA)} [data-paperlight="tag"]`), WAIT).toEqual(['rl', 'video']);
  for (const page of [tabA, tabB, popup]) await page.close();
});

test('rename and recolour in the options page reach an open tab without reload', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  const options = await ff.openExtensionPage('options.html');
  const row = (key: string) => `[data-paperlight="tag-row"][data-paperlight-tag="${key}"]`;
  await options.waitForSelector(row('agents'), WAIT);
  expect((await texts(options, row('agents')))[0]).toContain('1 paper');

  await clickText(options, row('agents'), 'Rename “Agents”');
  const box = `${row('agents')} input[aria-label^="New name"]`;
  await options.waitForSelector(box, WAIT);
  await options.$eval(box, (input) => (input as HTMLInputElement).select());
  await options.keyboard.type('AI agents');
  await clickText(options, row('agents'), 'Save');
  await expect.poll(() => chips(page, LLAMA), WAIT).toEqual(['LLM', 'reinforcement learning', 'AI agents']);

  await clickText(options, row('rl'), 'Colour #0891b2');
  await expect.poll(() => background(page, `${card(MOMA)} [data-paperlight="tag"]`), WAIT).toBe('rgb(8, 145, 178)');
  // What the background holds agrees.
  const reply = (await send(options, { type: 'list.get' })) as { ok: boolean };
  expect(reply.ok).toBe(true);
  for (const view of [page, options]) await view.close();
});
