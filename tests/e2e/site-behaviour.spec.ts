import { settledStyle } from '../support/settled-style';
import { SITE, expect, star, test } from './extension';

const LLAMA = '2407.21783';

test('the site’s own title links, upvote links and comment links keep working', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  const card = page.locator(`[data-paperlight-id="${LLAMA}"]`);
  await expect(card.locator(`a[href="/login?next=%2Fpapers%2F${LLAMA}"]`)).toHaveCount(1);
  await expect(card.locator(`a[href="/papers/${LLAMA}#community"]`)).toHaveCount(1);

  // The star sits next to the title but never navigates.
  await star(page, LLAMA).click();
  await expect(page).toHaveURL(`${SITE}/papers/date/2024-08-01`);

  await card.locator('h3 a').click();
  await expect(page).toHaveURL(`${SITE}/papers/${LLAMA}`);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
});

test('the site’s search box still takes typing and submits', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  const search = page.getByPlaceholder('Search any paper with AI');
  await search.fill('causal');
  await expect(search).toHaveValue('causal');
  await search.press('Enter');
  await expect(page).toHaveURL(`${SITE}/papers?q=causal`);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-cards', '44');
});

test('the star reads well in the light and the dark theme', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  const colours = () => star(page, LLAMA).evaluate(settledStyle, ['color', 'background-color']);
  const light = await colours();
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  const dark = await colours();
  expect(dark.color).not.toBe(light.color);
  await star(page, LLAMA).click();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  expect((await colours()).color).not.toBe(dark.color);
});

test('the built manifest asks only for storage, scripting and huggingface.co', async ({ extensionId, openPopup }) => {
  const popup = await openPopup();
  const manifest = await popup.evaluate(() => fetch('/manifest.json').then((response) => response.json()));
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  // scripting: the rule engine's script is registered while there are rules (rules.spec.ts).
  expect(manifest.permissions).toEqual(['storage', 'scripting', 'unlimitedStorage']);
  expect(manifest.host_permissions).toEqual(['https://huggingface.co/*']);
  // One content script, on Daily Papers only, after the page is parsed (at document_start it held
  // up parsing). The early script and the rule engine are registered while rules need them
  // (rules.spec.ts).
  const scripts = manifest.content_scripts as { matches: string[]; js: string[]; run_at: string }[];
  expect(scripts.map((script) => script.matches)).toEqual([['https://huggingface.co/papers*']]);
  expect(scripts.map((script) => `${script.js.join(' ')} ${script.run_at}`)).toEqual(['content-scripts/content.js document_end']);
  expect(manifest.optional_permissions ?? []).toEqual([]);
});
