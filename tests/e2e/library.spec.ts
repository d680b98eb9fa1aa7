import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expectCitationExports } from '../support/export-checks';
import { launchBrowser } from '../support/browser.mjs';
import { routeSite } from '../support/site-routes.mjs';
import { SITE, expect, sendFromExtensionPage, star, test } from './extension';

const LLAMA = '2407.21783'; // The Llama 3 Herd of Models (Abhimanyu Dubey et al.)
const TORA = '2407.21705'; // Tora: Trajectory-oriented Diffusion Transformer for Video Generation
const MOMA = '2407.21770'; // MoMa: Efficient Early-Fusion Pre-training with Mixture of Modality-Aware Experts

const item = (popup: Page, id: string) => popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${id}"]`);
const items = (popup: Page) => popup.locator('[data-paperlight="reading-item"]');
const tab = (popup: Page, state: string) => popup.locator(`[data-paperlight="state-tab"][data-state="${state}"]`);

/** Stars papers on the recorded day, and tags some as a user would. */
async function saveThree(page: Page) {
  for (const id of [LLAMA, TORA, MOMA]) {
    await star(page, id).click();
    await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  }
  for (const [id, typed] of [
    [LLAMA, 'LLM, scaling'],
    [MOMA, 'LLM, multimodal'],
  ] as const) {
    await page.locator(`[data-paperlight-id="${id}"] button[data-paperlight="add-tag"]`).click();
    // The editor opens (its code loads on first use) before the user types into it.
    await expect(page.locator(`[data-paperlight-id="${id}"] input[data-paperlight="tag-input"]`)).toBeFocused();
    await page.keyboard.type(typed);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
  }
  await expect(page.locator(`[data-paperlight-id="${LLAMA}"] [data-paperlight="tag"]`)).toHaveCount(2);
  await expect(page.locator(`[data-paperlight-id="${MOMA}"] [data-paperlight="tag"]`)).toHaveCount(2);
}

async function library(page: Page) {
  const reply = (await sendFromExtensionPage(page, { type: 'library.export' })) as { ok: boolean; value: { papers: { id: string; state: string; note: string; tags: string[] }[]; tags: unknown[]; rules: unknown[]; settings: unknown } };
  if (!reply.ok) throw new Error('library.export failed');
  // Without the seen ledger, which the open site's tabs add to as they are looked at.
  const library: typeof reply.value & { seen?: unknown } = { ...reply.value };
  delete library.seen;
  return library;
}

test('states with counts; a state change, a bulk change and opening a paper move papers between tabs', async ({ openSite, openPopup, context }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await expect(items(popup)).toHaveCount(3);
  await expect(tab(popup, 'to-read')).toContainText('To read 3');

  await item(popup, TORA).locator('select[data-paperlight="state"]').selectOption('reading');
  await expect(tab(popup, 'reading')).toContainText('Reading 1');
  await expect(tab(popup, 'to-read')).toContainText('To read 2');

  // Bulk: select two, mark them done.
  await item(popup, LLAMA).locator('[data-paperlight="select"]').check();
  await item(popup, MOMA).locator('[data-paperlight="select"]').check();
  await expect(popup.locator('[data-paperlight="bulk"]')).toContainText('2 selected');
  await popup.locator('select[data-paperlight="bulk-state"]').selectOption('done');
  await expect(tab(popup, 'done')).toContainText('Done 2');
  await tab(popup, 'done').click();
  await expect(items(popup)).toHaveCount(2);
  await tab(popup, 'all').click();

  // Opening a paper that is "to read" from the list marks it "reading" (the setting is on by default).
  await item(popup, TORA).locator('select[data-paperlight="state"]').selectOption('to-read');
  const opened = context.waitForEvent('page');
  await item(popup, TORA).locator('a.item-title').click();
  await (await opened).close();
  await expect(item(popup, TORA)).toHaveAttribute('data-state', 'reading');

  // The toolbar badge counts what is left to read: nothing now.
  await item(popup, LLAMA).locator('select[data-paperlight="state"]').selectOption('to-read');
  await expect.poll(() => badge(popup)).toBe('1');
});

async function badge(extensionPage: Page): Promise<string> {
  return extensionPage.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}));
}

test('a note is saved as it is typed and shows on the card without reload', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await item(popup, LLAMA).locator('button[data-paperlight="note"]').click();
  const note = popup.locator('textarea[data-paperlight="note-input"]');
  await expect(note).toBeFocused();
  await popup.keyboard.type('Read section 3 first.');
  await popup.keyboard.press('Enter');
  await popup.keyboard.type('<b>then</b> the appendix');
  await expect(popup.locator('[data-paperlight="note-status"]')).toHaveText('Saved');
  const indicator = page.locator(`[data-paperlight-id="${LLAMA}"] [data-paperlight="note-indicator"]`);
  await expect(indicator).toBeVisible();
  await expect(indicator).toHaveAttribute('title', 'Read section 3 first.\n<b>then</b> the appendix');
  await expect(page.locator(`[data-paperlight-id="${TORA}"] [data-paperlight="note-indicator"]`)).toBeHidden();
  // Shown in the list, and kept across a reload of the page.
  await expect(item(popup, LLAMA).locator('[data-paperlight="note-preview"]')).toContainText('Read section 3 first.');
  await page.reload();
  await expect(page.locator(`[data-paperlight-id="${LLAMA}"] [data-paperlight="note-indicator"]`)).toHaveAttribute('title', /the appendix$/);
});

test('search as you type with prefixes and phrases; sort; filter by tag', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  const search = popup.locator('input[data-paperlight="search"]');
  const shown = () => items(popup).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-paperlight-id')));

  await search.fill('tag:llm');
  await expect.poll(shown).toEqual([MOMA, LLAMA]);
  await search.fill('tag:llm -tag:multimodal');
  await expect.poll(shown).toEqual([LLAMA]);
  await search.fill('author:dubey');
  await expect.poll(shown).toEqual([LLAMA]);
  await search.fill('"video generation"');
  await expect.poll(shown).toEqual([TORA]);
  // Words, unlike a phrase, need not be next to each other.
  await search.fill('generation video');
  await expect.poll(shown).toEqual([TORA]);
  await search.fill('"generation video"');
  await expect(popup.locator('[data-paperlight="no-results"]')).toBeVisible();
  await search.fill('state:reading');
  await expect(popup.locator('[data-paperlight="no-results"]')).toBeVisible();
  await search.fill('state:bogus');
  await expect(popup.locator('#search-problems')).not.toBeEmpty();
  await search.fill('');

  // Sort: by title A→Z, then reversed; by upvotes (most first).
  await popup.locator('select[data-paperlight="sort"]').selectOption('title');
  await expect.poll(shown).toEqual([MOMA, LLAMA, TORA]);
  await popup.locator('button[data-paperlight="sort-direction"]').click();
  await expect.poll(shown).toEqual([TORA, LLAMA, MOMA]);
  await popup.locator('select[data-paperlight="sort"]').selectOption('upvotes');
  await expect.poll(shown).toEqual([LLAMA, TORA, MOMA]);

  // Tag filter chips, in the tags' colours.
  await popup.locator('[data-paperlight="tag-filter"][data-paperlight-tag="multimodal"]').click();
  await expect.poll(shown).toEqual([MOMA]);
});

test('bulk tag and remove reach the open page without reload', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await popup.locator('[data-paperlight="select-all"]').check();
  await popup.locator('input[data-paperlight="bulk-tag"]').fill('to discuss');
  await popup.locator('input[data-paperlight="bulk-tag"]').press('Enter');
  for (const id of [LLAMA, TORA, MOMA]) {
    await expect(page.locator(`[data-paperlight-id="${id}"] [data-paperlight="tag"]`).filter({ hasText: 'to discuss' })).toHaveCount(1);
  }
  await popup.locator('select[data-paperlight="bulk-untag"]').selectOption('llm');
  await expect(page.locator(`[data-paperlight-id="${LLAMA}"] [data-paperlight="tag"]`)).toHaveText(['scaling', 'to discuss']);
  await item(popup, MOMA).locator('[data-paperlight="select"]').uncheck();
  await popup.locator('button[data-paperlight="bulk-remove"]').click();
  await expect(items(popup)).toHaveCount(1);
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await expect(star(page, MOMA)).toHaveAttribute('aria-pressed', 'true');
});

/** Opens the full-page reading list from the popup's button; the tab it opens. */
async function openFullPage(popup: Page, context: BrowserContext): Promise<Page> {
  const opened = context.waitForEvent('page');
  await popup.locator('[data-paperlight="open-full"]').click();
  return opened;
}

/** Exports from the popup and returns the downloaded file's name and text. */
async function exportAs(popup: Page, format: string) {
  await popup.locator('select[data-paperlight="export-format"]').selectOption(format);
  const downloading = popup.waitForEvent('download');
  await popup.locator('button[data-paperlight="export"]').click();
  const file = await downloading;
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

test('export in every format from the popup; the JSON re-imported into an empty profile gives the same library', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await item(popup, TORA).locator('select[data-paperlight="state"]').selectOption('done');
  await item(popup, LLAMA).locator('button[data-paperlight="note"]').click();
  await popup.keyboard.type('Long, but "worth it" & more');
  await expect(popup.locator('[data-paperlight="note-status"]')).toHaveText('Saved');
  await popup.getByRole('button', { name: 'Done' }).click();

  const json = await exportAs(popup, 'json');
  expect(json.name).toMatch(/^paperlight-\d{4}-\d{2}-\d{2}\.json$/);
  const parsed = JSON.parse(json.text) as { format: string; version: number; papers: { id: string }[]; tags: unknown[] };
  expect(parsed).toMatchObject({ format: 'paperlight', version: 1 });
  expect(parsed.papers.map((paper) => paper.id).sort()).toEqual([LLAMA, MOMA, TORA].sort());

  await expectCitationExports((format) => exportAs(popup, format));
  const csv = await exportAs(popup, 'csv');
  expect(csv.text.split(/\r?\n/)[0]).toMatch(/^title,url,time_added,tags,status/);
  expect(csv.text).toContain('"Long, but ""worth it"" & more"');

  // A selection exports only itself.
  await item(popup, TORA).locator('[data-paperlight="select"]').check();
  const one = await exportAs(popup, 'json');
  expect((JSON.parse(one.text) as { papers: unknown[] }).papers).toHaveLength(1);

  // A fresh profile imports the backup and ends up with the same library.
  const before = await library(popup);
  const { context: fresh } = await launchBrowser({ headless: true });
  try {
    await routeSite(fresh);
    const other = await freshPopup(fresh);
    await expect(other.locator('[data-paperlight="empty-list"]')).toBeVisible();
    await importFile(other, 'backup.json', json.text);
    await expect(other.locator('[data-paperlight="import-plan"]')).toContainText('3 papers added');
    await other.locator('button[data-paperlight="import-apply"]').click();
    await expect(other.locator('[data-paperlight="import-done"]')).toContainText('3 papers');
    await expect(items(other)).toHaveCount(3);
    expect(await library(other)).toEqual(before);
    // And the page in that profile shows the stars, tags and note.
    const tabPage = await fresh.newPage();
    await tabPage.goto(`${SITE}/papers/date/2024-08-01`);
    await expect(star(tabPage, LLAMA)).toHaveAttribute('aria-pressed', 'true');
    await expect(tabPage.locator(`[data-paperlight-id="${MOMA}"] [data-paperlight="tag"]`)).toHaveText(['LLM', 'multimodal']);
    await expect(tabPage.locator(`[data-paperlight-id="${LLAMA}"] [data-paperlight="note-indicator"]`)).toBeVisible();
  } finally {
    await fresh.close();
  }
});

async function freshPopup(context: BrowserContext): Promise<Page> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
  return popup;
}

async function importFile(popup: Page, name: string, text: string) {
  const toggle = popup.locator('button[data-paperlight="import-toggle"]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await popup.locator('[data-paperlight="import"] input[type="file"]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

test('an import the popup writes reaches the full page and the site’s tab, and a preview gone stale is worked out again', async ({ openSite, openPopup, context }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await expect(items(popup)).toHaveCount(3);
  const full = await openFullPage(popup, context);
  await expect(items(full)).toHaveCount(3);

  // A backup without Llama, with Tora done: replacing the library with it.
  const before = await library(popup);
  const backup = {
    format: 'paperlight',
    version: 1,
    papers: before.papers.filter((paper) => paper.id !== LLAMA).map((paper) => (paper.id === TORA ? { ...paper, state: 'done' } : paper)),
    tags: before.tags,
    rules: [],
    settings: before.settings,
  };
  await importFile(popup, 'backup.json', JSON.stringify(backup));
  await popup.locator('input[name="import-mode"][value="replace"]').check();
  await expect(popup.locator('[data-paperlight="import-plan"]')).toContainText('0 papers added, 1 updated, 1 unchanged, 1 removed');

  // Meanwhile a paper is starred on the page: the preview no longer says what would happen.
  await star(page, '2407.21646').click();
  await expect(star(page, '2407.21646')).toHaveAttribute('aria-pressed', 'true');
  await popup.locator('button[data-paperlight="import-apply"]').click();
  await expect(popup.locator('[data-paperlight="import-error"]')).toContainText('changed while the import was being previewed');
  await expect(popup.locator('[data-paperlight="import-plan"]')).toContainText('2 removed');
  expect((await library(popup)).papers).toHaveLength(4);

  await popup.locator('button[data-paperlight="import-apply"]').click();
  await expect(popup.locator('[data-paperlight="import-done"]')).toContainText('2 papers');
  await expect(items(popup)).toHaveCount(2);
  // Every other view hears of it: the full page, and the stars on the site's tab.
  await expect(items(full)).toHaveCount(2);
  await expect(item(full, TORA)).toHaveAttribute('data-state', 'done');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  await expect(star(page, '2407.21646')).toHaveAttribute('aria-pressed', 'false');
  expect((await library(popup)).papers.map((paper) => paper.id).sort()).toEqual([MOMA, TORA].sort());
});

test('an import applied from a popup that closes at once still reaches the full page and the site’s tab', async ({ openSite, openPopup, context }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  const full = await openFullPage(popup, context);
  await expect(items(full)).toHaveCount(3);
  const before = await library(popup);
  // Without Llama, and with two thousand papers more: an import with something to write.
  const kept = before.papers.filter((paper) => paper.id !== LLAMA);
  const more = Array.from({ length: 2_000 }, (_, n) => ({ ...kept[0]!, id: `2401.${String(n).padStart(5, '0')}`, note: '', tags: [] }));
  const backup = { format: 'paperlight', version: 1, papers: [...kept, ...more], tags: before.tags, rules: [], settings: before.settings };
  await importFile(popup, 'backup.json', JSON.stringify(backup));
  await popup.locator('input[name="import-mode"][value="replace"]').check();
  await expect(popup.locator('[data-paperlight="import-plan"]')).toContainText('1 removed');
  // The popup closes as the user clicks away from it: the import is the background's to finish.
  await popup.locator('button[data-paperlight="import-apply"]').click();
  await popup.close();
  await expect(tab(full, 'all')).toContainText('All 2002');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');
});

test('a corrupt import changes nothing and says why', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  const before = await library(popup);
  const good = JSON.stringify({ format: 'paperlight', version: 1, papers: before.papers, tags: before.tags, rules: [], settings: before.settings });
  const withoutId = JSON.parse(good) as { papers: Record<string, unknown>[] };
  delete withoutId.papers[1]!.id;
  const wrongType = JSON.parse(good) as { papers: Record<string, unknown>[] };
  wrongType.papers[0]!.title = 42;
  const cases: [string, string, RegExp][] = [
    ['truncated.json', good.slice(0, good.length / 2), /not valid JSON|ends early|cut/i],
    ['wrong-types.json', JSON.stringify(wrongType), /title/],
    ['no-id.json', JSON.stringify(withoutId), /2|id/],
    ['refs.bib', '@misc{smith2024thing,\n  title = {A thing},\n  author = {Smith, Jane},\n  year = {2024}\n}\n', /smith2024thing/],
  ];
  for (const [name, text, reason] of cases) {
    await importFile(popup, name, text);
    const error = popup.locator('[data-paperlight="import-error"]');
    await expect(error).toContainText(`${name} was not imported`);
    await expect(error).toContainText(reason);
    await expect(popup.locator('[data-paperlight="import-plan"]')).toHaveCount(0);
  }
  expect(await library(popup)).toEqual(before);
});

test('an import with what the rule, tag and key editors refuse changes nothing and says why', async ({ openSite, openPopup }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  const before = await library(popup);
  const good = { format: 'paperlight', version: 1, papers: before.papers, tags: before.tags, rules: [], settings: before.settings };
  // Issue #12 §5: each of these was previewed, applied and changed the library.
  const cases: [string, object, RegExp][] = [
    ['nested.json', { ...good, rules: [{ id: 'r1', pattern: '(a+)+$', kind: 'regex', createdAt: 1 }] }, /Rule 1 \(r1\): pattern: This pattern nests repetition/],
    ['comma-tag.json', { ...good, tags: [{ key: 'a, b', name: 'a, b', color: '#2563eb', createdAt: 1 }], papers: [] }, /Tag 1 \(a, b\): name: A comma separates tags/],
    ['keys.json', { ...good, settings: { keyBindings: { star: 'j' } } }, /keyBindings: “j” is both “Next paper” and “Star \/ unstar”/],
  ];
  for (const [name, file, reason] of cases) {
    await importFile(popup, name, JSON.stringify(file));
    const error = popup.locator('[data-paperlight="import-error"]');
    await expect(error).toContainText(`${name} was not imported`);
    await expect(error).toContainText(reason);
    await expect(popup.locator('[data-paperlight="import-plan"]')).toHaveCount(0);
  }
  expect(await library(popup)).toEqual(before);
});

test('a BibTeX keyword longer than a tag is shortened, listed in the preview, and the file imported', async ({ openPopup }) => {
  const popup = await openPopup();
  const long = `Reinforcement learning from human feedback ${'x'.repeat(20)}`;
  const shortened = [...long].slice(0, 40).join('').trim();
  await importFile(popup, 'refs.bib', `@misc{a,\n  title = {A paper},\n  eprint = {2401.00001},\n  archivePrefix = {arXiv},\n  keywords = {${long}, LLM}\n}\n`);
  await expect(popup.locator('[data-paperlight="import-plan"]')).toContainText('1 paper added');
  await expect(popup.locator('[data-paperlight="import-adjusted"]')).toContainText(`shortened to “${shortened}”`);
  await popup.locator('button[data-paperlight="import-apply"]').click();
  await expect(popup.locator('[data-paperlight="import-done"]')).toContainText('1 paper');
  expect(((await library(popup)).tags as { name: string }[]).map((tag) => tag.name).sort()).toEqual(['LLM', shortened].sort());
});

test('the full-page view opens from the popup and shows the same list', async ({ openSite, openPopup, context }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  const full = await openFullPage(popup, context);
  await expect(full).toHaveTitle('Paperlight reading list');
  await expect(items(full)).toHaveCount(3);
  await expect(tab(full, 'all')).toContainText('All 3');
});
