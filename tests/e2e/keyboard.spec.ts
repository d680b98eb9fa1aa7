import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { EXTENSION_DIR } from '../support/browser.mjs';
import { SITE, expect, sendFromExtensionPage, star, test } from './extension';

const LLAMA = '2407.21783';
const TORA = '2407.21705';
const MOMA = '2407.21770';
const ORDER = ['2407.21783', '2407.21705', '2407.21770', '2407.21646'];
const DAY = '/papers/date/2024-08-01';

const current = (page: Page) => page.locator('[data-paperlight-current]').getAttribute('data-paperlight-id');
const card = (page: Page, id: string) => page.locator(`[data-paperlight-id="${id}"]`);

test('j/k walk the cards in page order with a visible ring; Shift+J/K jump; Escape clears', async ({ openSite }) => {
  const page = await openSite(DAY);
  await page.keyboard.press('j');
  expect(await current(page)).toBe(ORDER[0]);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  expect(await current(page)).toBe(ORDER[2]);
  await page.keyboard.press('k');
  expect(await current(page)).toBe(ORDER[1]);
  await expect(page.locator('[data-paperlight-current]')).toHaveCount(1);
  const ring = await card(page, ORDER[1]!).evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
  expect(ring).toBe('solid 3px');
  await page.keyboard.press('Shift+J');
  expect(await current(page)).toBe('2404.01300');
  // The last card was scrolled into view.
  await expect(card(page, '2404.01300')).toBeInViewport();
  await page.keyboard.press('Shift+K');
  expect(await current(page)).toBe(ORDER[0]);
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-paperlight-current]')).toHaveCount(0);
});

test('s stars, t tags, x hides; u and Ctrl+Z undo them, several levels', async ({ openSite, openPopup }) => {
  // x as it is with lasting dismissals off: the paper leaves this view only (tests/e2e/seen.spec.ts has them on).
  const popup = await openPopup();
  await sendFromExtensionPage(popup, { type: 'settings.set', settings: { lastingDismiss: false } });
  await popup.close();
  const page = await openSite(DAY);
  await page.keyboard.press('j');
  await page.keyboard.press('s');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('j');
  await page.keyboard.press('t');
  const input = card(page, TORA).locator('input[data-paperlight="tag-input"]');
  await expect(input).toBeFocused();
  await page.keyboard.type('video');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(card(page, TORA).locator('[data-paperlight="tag"]')).toHaveText(['video']);
  // The tag input gave the focus back; the keys work again.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('j');
  expect(await current(page)).toBe(MOMA);
  await page.keyboard.press('x');
  await expect(card(page, MOMA)).toBeHidden();
  await expect(page.locator('[data-paperlight="show-hidden"]')).toHaveText('1 hidden · Show');
  // The cursor moved on to the next paper shown.
  expect(await current(page)).toBe(ORDER[3]);

  await page.keyboard.press('u');
  await expect(card(page, MOMA)).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(card(page, TORA).locator('[data-paperlight="tag"]')).toHaveCount(0);
  await page.keyboard.press('u');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('[data-paperlight="toast"]')).toContainText('Undone: star on “The Llama 3 Herd of Models”');

  // A star clicked with the mouse is undone the same way.
  await star(page, TORA).click();
  await expect(star(page, TORA)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('u');
  await expect(star(page, TORA)).toHaveAttribute('aria-pressed', 'false');

  // Hidden papers come back from the filter bar too.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.locator('[data-paperlight="show-hidden"]').click();
  await expect(page.locator('[data-paperlight-id]:visible')).toHaveCount(13);
});

test('o opens the paper page, Enter too; Shift+O and Shift+Enter open it in a background tab', async ({ openSite, openPopup }) => {
  const extensionPage = await openPopup();
  const page = await openSite(DAY);
  await page.bringToFront();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Shift+O');
  // The browser's own view of its tabs: the paper's page opened, not in front.
  const tabs = () =>
    extensionPage.evaluate(async () => {
      const all = await (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ url?: string; pendingUrl?: string; active: boolean }[]> } } }).chrome.tabs.query({});
      return all.map((tab) => ({ url: tab.pendingUrl || tab.url, active: tab.active }));
    });
  await expect.poll(tabs).toContainEqual({ url: `${SITE}/papers/${TORA}`, active: false });
  expect(page.url()).toBe(`${SITE}${DAY}`);
  // Shift+Enter is the other key for it.
  await page.keyboard.press('j');
  await page.keyboard.press('Shift+Enter');
  await expect.poll(tabs).toContainEqual({ url: `${SITE}/papers/${MOMA}`, active: false });
  await page.keyboard.press('k');
  await page.keyboard.press('o');
  await expect(page).toHaveURL(`${SITE}/papers/${TORA}`);
  await page.goBack();
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${SITE}/papers/${LLAMA}`);
});

test('no key acts while typing in the site’s search box; / focuses it', async ({ openSite }) => {
  const page = await openSite(DAY);
  const search = page.getByPlaceholder('Search any paper with AI');
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('jjs?x');
  await expect(search).toHaveValue('jjs?x');
  await expect(page.locator('[data-paperlight-current]')).toHaveCount(0);
  await expect(page.locator('[data-paperlight="help"]')).toHaveCount(0);
  await expect(page.locator('button[data-paperlight="star"][aria-pressed="true"]')).toHaveCount(0);
  // Modifier combinations stay the browser's.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Control+j');
  await page.keyboard.press('Alt+j');
  await expect(page.locator('[data-paperlight-current]')).toHaveCount(0);
});

test('? shows every binding in a dialog that keeps the focus; Escape closes it', async ({ openSite }) => {
  const page = await openSite(DAY);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Paperlight keys' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Star / unstar');
  await expect(dialog).toContainText('Shift+J');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('the site’s CSS does not reach Paperlight’s overlays (key list, tag input, note, toast)', async ({ openSite }) => {
  const page = await openSite(DAY);
  // What a site's stylesheet could say about every dialog, button, field and message.
  await page.addStyleTag({ content: '[role="dialog"], [role="status"], [role="group"], button, input, textarea { visibility: hidden !important; font-size: 40px !important; }' });
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Paperlight keys' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeVisible();
  expect(await dialog.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
  // The reader's own styles still reach the overlays, as named parts.
  await page.addStyleTag({ content: '[data-paperlight="help-host"]::part(help-dialog) { outline: 5px solid rgb(255, 0, 0); }' });
  await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el).outlineWidth)).toBe('5px');
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('t');
  const input = card(page, LLAMA).locator('input[data-paperlight="tag-input"]');
  await expect(input).toBeVisible();
  await expect(input).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await expect(card(page, LLAMA).getByRole('textbox', { name: 'Note' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('u');
  await expect(page.locator('[data-paperlight="toast"]')).toBeVisible();
});

test('n edits the note of the current paper (saving it), shown on the card', async ({ openSite }) => {
  const page = await openSite(DAY);
  await page.keyboard.press('j');
  await page.keyboard.press('n');
  const note = page.locator('textarea[data-paperlight="page-note-input"]');
  await expect(note).toBeFocused();
  await page.keyboard.type('Compare with Gemma 2');
  await expect(page.locator('[data-paperlight="page-note-status"]')).toHaveText('Saved');
  await page.keyboard.press('Escape');
  await expect(note).toHaveCount(0);
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await expect(card(page, LLAMA).locator('[data-paperlight="note-indicator"]')).toHaveAttribute('title', 'Compare with Gemma 2');
});

test('the cursor stays on its paper through a re-render, and resets on another view', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-02');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  expect(await current(page)).toBe(TORA);
  await page.locator('#rerender').click();
  await expect.poll(() => current(page)).toBe(TORA);
  await page.keyboard.press('j');
  expect(await current(page)).toBe(MOMA);
  await page.locator('#tabs a[data-view="week"]').click();
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(page.locator('[data-paperlight-current]')).toHaveCount(0);
});

test('rebinding s to w in the options page works on the page, and the help shows it', async ({ openSite, context, extensionId }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const box = options.getByLabel('Key for “Star / unstar”');
  await box.focus();
  await options.keyboard.press('j');
  await expect(options.locator('[data-paperlight="binding-error"]')).toHaveText('“j” is already “Next paper”. Rebind that first.');
  await box.focus();
  await options.keyboard.press('w');
  await expect(box).toHaveValue('w');

  const page = await openSite(DAY);
  await page.keyboard.press('j');
  await page.keyboard.press('s');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('w');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog').locator('tr', { hasText: 'Star / unstar' })).toContainText('w');
});

test('on a paper page, s, t and ? work on that paper', async ({ openSite }) => {
  const page = await openSite(`/papers/${LLAMA}`);
  await page.keyboard.press('s');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('t');
  await expect(page.locator('input[data-paperlight="tag-input"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Paperlight keys' })).toBeVisible();
});

test('the popup is keyboard-navigable: arrows, Enter to open, Delete to remove, / to search', async ({ openSite, openPopup, context }) => {
  const page = await openSite(DAY);
  for (const id of [LLAMA, TORA, MOMA]) await star(page, id).click();
  await expect(page.locator('button[data-paperlight="star"][aria-pressed="true"]')).toHaveCount(3);
  const popup = await openPopup();
  await expect(popup.locator('[data-paperlight="reading-item"]')).toHaveCount(3);
  await popup.keyboard.press('/');
  await expect(popup.locator('input[data-paperlight="search"]')).toBeFocused();
  await popup.keyboard.press('ArrowDown');
  await expect(popup.locator('[data-paperlight="reading-item"][data-current]')).toHaveAttribute('data-paperlight-id', MOMA);
  await popup.keyboard.press('ArrowDown');
  await expect(popup.locator('[data-paperlight="reading-item"][data-current]')).toHaveAttribute('data-paperlight-id', TORA);
  await popup.keyboard.press('Delete');
  await expect(popup.locator('[data-paperlight="reading-item"]')).toHaveCount(2);
  await expect(star(page, TORA)).toHaveAttribute('aria-pressed', 'false');
  const opened = context.waitForEvent('page');
  await popup.keyboard.press('Enter');
  expect((await opened).url()).toMatch(/\/papers\/2407\.21(783|770)$/);
});

test('a manifest command opens the popup (Alt+Shift+P)', async () => {
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { commands?: Record<string, { suggested_key?: { default?: string } }> };
  expect(manifest.commands?._execute_action?.suggested_key?.default).toBe('Alt+Shift+P');
  void sendFromExtensionPage;
});
