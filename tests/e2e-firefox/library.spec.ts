// The reading list in Firefox (mirrors tests/e2e/library.spec.ts): states and the badge, notes,
// search, export in every format (the saved files read back), and import, which in Firefox happens
// in the full-page view: the popup sends the user there, since Firefox closes a popup when its file
// picker opens.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { expectCitationExports } from '../support/export-checks';
import path from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { EXTENSION_ORIGIN, WAIT, attribute, count, expect, focused, ids, pressed, send, test, texts, toggleStar, useFirefox, type Page } from './firefox';

const ff = useFirefox();
const LLAMA = '2407.21783'; // The Llama 3 Herd of Models (Abhimanyu Dubey et al.)
const TORA = '2407.21705'; // Tora: Trajectory-oriented Diffusion Transformer for Video Generation
const MOMA = '2407.21770'; // MoMa: Efficient Early-Fusion Pre-training with Mixture of Modality-Aware Experts

const item = (id: string) => `[data-paperlight="reading-item"][data-paperlight-id="${id}"]`;
const ITEMS = '[data-paperlight="reading-item"]';
const tab = (state: string) => `[data-paperlight="state-tab"][data-state="${state}"]`;
const tabText = async (page: Page, state: string) => (await texts(page, tab(state)))[0] ?? '';
const card = (id: string) => `[data-paperlight-id="${id}"]`;

/** Replaces an input's value as a user would (Preact listens to `input`). */
async function fill(page: Page, selector: string, text: string) {
  await page.$eval(selector, (input) => {
    (input as HTMLInputElement).value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  if (text) await page.type(selector, text);
}

async function library(page: Page) {
  const reply = (await send(page, { type: 'library.export' })) as { ok: boolean; value: { papers: { id: string; state: string; note: string; tags: string[] }[]; tags: unknown[]; rules: unknown[]; settings: unknown } };
  if (!reply.ok) throw new Error('library.export failed');
  // Without the seen ledger, which the open site's tabs add to as they are looked at.
  const library: typeof reply.value & { seen?: unknown } = { ...reply.value };
  delete library.seen;
  return library;
}

/** The toolbar badge's text: Firefox's MV2 build has browserAction, not action. */
const badge = (extensionPage: Page) =>
  extensionPage.evaluate(() => (globalThis as unknown as { browser: { browserAction: { getBadgeText(d: object): Promise<string> } } }).browser.browserAction.getBadgeText({}));

let page: Page;
let popup: Page;

test('states with counts; a state change and a bulk change move papers between tabs; the badge counts what is to read', async () => {
  page = await ff.openSite('/papers/date/2024-08-01');
  for (const id of [LLAMA, TORA, MOMA]) await toggleStar(page, id);
  for (const [id, typed] of [
    [LLAMA, 'LLM, scaling'],
    [MOMA, 'LLM, multimodal'],
  ] as const) {
    await page.click(`${card(id)} button[data-paperlight="add-tag"]`);
    await page.waitForSelector(`${card(id)} >>> input[data-paperlight="tag-input"]`, WAIT);
    await page.keyboard.type(typed);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
  }
  await expect.poll(() => count(page, `${card(MOMA)} [data-paperlight="tag"]`), WAIT).toBe(2);

  popup = await ff.openPopup();
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(3);
  await expect.poll(() => tabText(popup, 'to-read'), WAIT).toContain('To read 3');
  await expect.poll(() => badge(popup), WAIT).toBe('3');

  await popup.select(`${item(TORA)} select[data-paperlight="state"]`, 'reading');
  await expect.poll(() => tabText(popup, 'reading'), WAIT).toContain('Reading 1');
  expect(await tabText(popup, 'to-read')).toContain('To read 2');

  // Bulk: select two, mark them done.
  await popup.click(`${item(LLAMA)} [data-paperlight="select"]`);
  await popup.click(`${item(MOMA)} [data-paperlight="select"]`);
  await expect.poll(async () => (await texts(popup, '[data-paperlight="bulk"]'))[0], WAIT).toContain('2 selected');
  await popup.select('select[data-paperlight="bulk-state"]', 'done');
  await expect.poll(() => tabText(popup, 'done'), WAIT).toContain('Done 2');
  await popup.click(tab('done'));
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(2);
  await popup.click(tab('all'));
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(3);
  // Unselected again for what follows.
  await popup.click(`${item(LLAMA)} [data-paperlight="select"]`);
  await popup.click(`${item(MOMA)} [data-paperlight="select"]`);

  // The toolbar badge counts what is left to read.
  await expect.poll(() => badge(popup), WAIT).toBe('');
  await popup.select(`${item(LLAMA)} select[data-paperlight="state"]`, 'to-read');
  await expect.poll(() => badge(popup), WAIT).toBe('1');
});

test('a note is saved as it is typed and shows on the card without reload', async () => {
  await popup.click(`${item(LLAMA)} button[data-paperlight="note"]`);
  await expect.poll(() => focused(popup, 'textarea[data-paperlight="note-input"]'), WAIT).toBe(true);
  await popup.keyboard.type('Read section 3 first.');
  await popup.keyboard.press('Enter');
  await popup.keyboard.type('<b>then</b> the appendix, "worth it" & more');
  await expect.poll(() => texts(popup, '[data-paperlight="note-status"]'), WAIT).toEqual(['Saved']);
  const indicator = `${card(LLAMA)} [data-paperlight="note-indicator"]`;
  await expect.poll(() => attribute(page, indicator, 'title'), WAIT).toBe('Read section 3 first.\n<b>then</b> the appendix, "worth it" & more');
  expect(await count(page, `${card(LLAMA)} [data-paperlight="note-indicator"] b`)).toBe(0);
  expect(await attribute(page, `${card(TORA)} [data-paperlight="note-indicator"]`, 'title')).toBeNull();
  await expect.poll(async () => (await texts(popup, `${item(LLAMA)} [data-paperlight="note-preview"]`))[0] ?? '', WAIT).toContain('Read section 3 first.');
  await page.reload();
  await page.waitForSelector('html[data-paperlight="ready"]', WAIT);
  await expect.poll(() => attribute(page, indicator, 'title'), WAIT).toMatch(/& more$/);
  await popup.keyboard.press('Escape');
});

test('search as you type with prefixes and phrases; sort; filter by tag', async () => {
  const search = 'input[data-paperlight="search"]';
  const shown = () => ids(popup, ITEMS);
  await fill(popup, search, 'tag:llm');
  await expect.poll(shown, WAIT).toEqual([MOMA, LLAMA]);
  await fill(popup, search, 'tag:llm -tag:multimodal');
  await expect.poll(shown, WAIT).toEqual([LLAMA]);
  await fill(popup, search, 'author:dubey');
  await expect.poll(shown, WAIT).toEqual([LLAMA]);
  await fill(popup, search, '"video generation"');
  await expect.poll(shown, WAIT).toEqual([TORA]);
  await fill(popup, search, 'generation video');
  await expect.poll(shown, WAIT).toEqual([TORA]);
  await fill(popup, search, '"generation video"');
  await popup.waitForSelector('[data-paperlight="no-results"]', WAIT);
  await fill(popup, search, '');
  await expect.poll(shown, WAIT).toHaveLength(3);

  await popup.select('select[data-paperlight="sort"]', 'title');
  await expect.poll(shown, WAIT).toEqual([MOMA, LLAMA, TORA]);
  await popup.click('button[data-paperlight="sort-direction"]');
  await expect.poll(shown, WAIT).toEqual([TORA, LLAMA, MOMA]);
  await popup.select('select[data-paperlight="sort"]', 'upvotes');
  await expect.poll(shown, WAIT).toEqual([LLAMA, TORA, MOMA]);
  await popup.click('[data-paperlight="tag-filter"][data-paperlight-tag="multimodal"]');
  await expect.poll(shown, WAIT).toEqual([MOMA]);
  await popup.click('[data-paperlight="tag-filter"][data-paperlight-tag="multimodal"]');
  await expect.poll(shown, WAIT).toHaveLength(3);
});

/** Exports from `view` and returns the saved file's name and text (Firefox saves it to the profile's download folder). */
async function exportAs(view: Page, format: string) {
  const before = new Set(readdirSync(ff.downloads));
  await view.select('select[data-paperlight="export-format"]', format);
  await view.click('button[data-paperlight="export"]');
  // Done when the new file has its own name (every export is paperlight-…; Firefox may first write
  // under a random temporary name and rename it), has its content, and Firefox no longer writes a
  // .part beside it (it creates the file empty first). An export is never empty. A file renamed
  // between the listing and the stat is not done yet.
  const done = () => {
    const files = readdirSync(ff.downloads);
    const fresh = files.find((file) => !before.has(file) && file.startsWith('paperlight-') && !file.endsWith('.part'));
    if (!fresh || files.some((file) => file.endsWith('.part'))) return '';
    try {
      return statSync(path.join(ff.downloads, fresh)).size > 0 ? fresh : '';
    } catch {
      return '';
    }
  };
  await expect.poll(done, WAIT).not.toBe('');
  const name = done();
  return { name, text: readFileSync(path.join(ff.downloads, name), 'utf8') };
}

let backup = '';

test('export in every format, the files read back from disk', async () => {
  const json = await exportAs(popup, 'json');
  expect(json.name).toMatch(/^paperlight-\d{4}-\d{2}-\d{2}\.json$/);
  const parsed = JSON.parse(json.text) as { format: string; version: number; papers: { id: string }[] };
  expect(parsed).toMatchObject({ format: 'paperlight', version: 1 });
  expect(parsed.papers.map((paper) => paper.id).sort()).toEqual([LLAMA, MOMA, TORA].sort());
  backup = json.text;

  await expectCitationExports((format) => exportAs(popup, format));
  const csv = await exportAs(popup, 'csv');
  expect(csv.text.split(/\r?\n/)[0]).toMatch(/^title,url,time_added,tags,status/);
  expect(csv.text).toContain('""worth it"" & more"');

  // A selection exports only itself.
  await popup.click(`${item(TORA)} [data-paperlight="select"]`);
  const one = await exportAs(popup, 'json');
  expect((JSON.parse(one.text) as { papers: unknown[] }).papers).toHaveLength(1);
  await popup.click(`${item(TORA)} [data-paperlight="select"]`);
});

/** Every tab's page: a tab the extension opened is not known to the test until it looks. */
async function findPage(prefix: string): Promise<Page> {
  let found: Page | undefined;
  await expect
    .poll(async () => {
      for (const candidate of await ff.browser.pages()) {
        const href = await candidate.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
        if (href.startsWith(prefix) && href.endsWith(' complete')) found = candidate;
      }
      return Boolean(found);
    }, WAIT)
    .toBe(true);
  return found!;
}

async function importFile(view: Page, name: string, text: string) {
  const file = path.join(ff.downloads, `import-${name}`);
  writeFileSync(file, text);
  const input = (await view.waitForSelector('[data-paperlight="import"] input[type="file"]', WAIT)) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
}

/** What the import panel says after Apply: that it imported, or why it did not. */
const outcome = async (view: Page) => (await texts(view, '[data-paperlight="import-done"], [data-paperlight="import-error"]')).join(' ');

test('the popup’s Import opens the full page with the import panel; a Paperlight JSON backup and a BibTeX file import there', async () => {
  const before = await library(popup);
  // The popup does not offer a file picker Firefox would close it for: it opens the full page.
  expect(await attribute(popup, 'button[data-paperlight="import-toggle"]', 'aria-expanded')).toBeNull();
  await popup.click('button[data-paperlight="import-toggle"]');
  const full = await findPage(`${EXTENSION_ORIGIN}/library.html#import`);
  expect(await full.title()).toBe('Paperlight reading list');
  await full.waitForSelector('[data-paperlight="import"] input[type="file"]', WAIT);
  // And closes itself, as the toolbar popup would once the full page has the focus.
  // (puppeteer's isClosed() misses a tab an extension page closes: its context is gone, though.)
  await expect.poll(() => popup.evaluate(() => 'open').catch(() => 'closed'), WAIT).toBe('closed');
  popup = await ff.openPopup();
  await expect.poll(() => count(full, ITEMS), WAIT).toBe(3);

  // Everything removed, then the backup brings it back as it was.
  await full.click('[data-paperlight="select-all"]');
  await full.click('button[data-paperlight="bulk-remove"]');
  await full.waitForSelector('[data-paperlight="empty-list"]', WAIT);
  await expect.poll(() => pressed(page, LLAMA), WAIT).toBe('false');
  await importFile(full, 'backup.json', backup);
  await expect.poll(async () => (await texts(full, '[data-paperlight="import-plan"]'))[0] ?? '', WAIT).toContain('3 papers added');
  await full.click('button[data-paperlight="import-apply"]');
  await expect.poll(() => outcome(full), WAIT).toContain('3 papers');
  await expect.poll(() => count(full, ITEMS), WAIT).toBe(3);
  expect(await library(full)).toEqual(before);
  // Every other view hears of it: the popup and the site's tab.
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(3);
  await expect.poll(() => pressed(page, LLAMA), WAIT).toBe('true');
  await expect.poll(() => texts(page, `${card(MOMA)} [data-paperlight="tag"]`), WAIT).toEqual(['LLM', 'multimodal']);

  // BibTeX: an entry with an arXiv id is a paper.
  const bib = '@misc{touvron2023llama,\n  title = {Llama 2: Open Foundation and Fine-Tuned Chat Models},\n  author = {Touvron, Hugo and Martin, Louis},\n  year = {2023},\n  eprint = {2307.09288},\n  archivePrefix = {arXiv}\n}\n';
  const toggle = await attribute(full, 'button[data-paperlight="import-toggle"]', 'aria-expanded');
  if (toggle !== 'true') await full.click('button[data-paperlight="import-toggle"]');
  await importFile(full, 'refs.bib', bib);
  await expect.poll(async () => (await texts(full, '[data-paperlight="import-plan"]'))[0] ?? '', WAIT).toContain('1 paper added');
  await full.click('button[data-paperlight="import-apply"]');
  // The panel's outcome first: should the import be refused, the failure names why (once, under
  // a busy CI, the list stayed at 3 with no trace of the reason).
  await expect.poll(() => outcome(full), WAIT).toContain('Imported import-refs.bib');
  await expect.poll(() => count(full, ITEMS), WAIT).toBe(4);
  expect(await texts(full, `${item('2307.09288')} a.item-title`)).toEqual(['Llama 2: Open Foundation and Fine-Tuned Chat Models']);
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(4);
  expect(existsSync(ff.downloads)).toBe(true);
});
