/**
 * Snapshots and restore (issue #15 §1), in the real extension: a replacing import is undone from the
 * options page's Data section, and a library found empty at start is offered its snapshot.
 */
import type { Page } from '@playwright/test';
import { SITE, expect, sendFromExtensionPage, star, test } from './extension';
import { deleteDatabase } from '../support/delete-database';

const LLAMA = '2407.21783';
const TORA = '2407.21705';
const MOMA = '2407.21770';

const items = (page: Page) => page.locator('[data-paperlight="reading-item"]');
const snapshots = (options: Page) => options.locator('[data-paperlight="snapshot"]');

/** Stars three papers on the recorded day and tags two. */
async function saveThree(page: Page) {
  for (const id of [LLAMA, TORA, MOMA]) {
    await star(page, id).click();
    await expect(star(page, id)).toHaveAttribute('aria-pressed', 'true');
  }
  await page.locator(`[data-paperlight-id="${MOMA}"] button[data-paperlight="add-tag"]`).click();
  await expect(page.locator(`[data-paperlight-id="${MOMA}"] input[data-paperlight="tag-input"]`)).toBeFocused();
  await page.keyboard.type('LLM, multimodal');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(page.locator(`[data-paperlight-id="${MOMA}"] [data-paperlight="tag"]`)).toHaveCount(2);
}

async function send<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await sendFromExtensionPage(page, message)) as { ok: boolean; value: T; error?: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** The library without the seen ledger, which the open site's tab adds to as it is looked at. */
const library = async (page: Page) => {
  const library = await send<{ papers: unknown[]; tags: unknown[]; rules: unknown[]; settings: unknown; seen?: unknown }>(page, { type: 'library.export' });
  delete library.seen;
  return library;
};

const EMPTY_BACKUP = JSON.stringify({ format: 'paperlight', version: 1, papers: [], tags: [], rules: [], settings: {} });

test('a replacing import is undone by restoring its snapshot from the Data section, and the restore itself can be undone', async ({ openSite, openPopup, context, extensionId }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await send(popup, { type: 'paper.note', id: LLAMA, note: 'Read §3 <b>twice</b>' });
  await send(popup, { type: 'papers.state', ids: [TORA], state: 'done' });
  await send(popup, { type: 'rule.add', rule: { pattern: 'diffusion', action: 'auto-tag', tag: 'Diffusion' } });
  await send(popup, { type: 'settings.set', settings: { openMarksReading: false, keyBindings: { next: 'l' } } });
  const before = await library(popup);
  expect(before.papers).toHaveLength(3);

  // The reader replaces the library with an empty backup.
  await popup.locator('button[data-paperlight="import-toggle"]').click();
  await popup.locator('[data-paperlight="import"] input[type="file"]').setInputFiles({ name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from(EMPTY_BACKUP) });
  await popup.locator('input[name="import-mode"][value="replace"]').check();
  await expect(popup.locator('[data-paperlight="import-plan"]')).toContainText('3 removed');
  await popup.locator('button[data-paperlight="import-apply"]').click();
  await expect(popup.locator('[data-paperlight="empty-list"]')).toBeVisible();
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'false');

  // The Data section lists the snapshot taken before it, and restores it after a preview.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('[data-paperlight="storage-status"]')).toContainText('Storage is persistent');
  const taken = snapshots(options).filter({ hasText: 'Before an import replaced the library' });
  await expect(taken).toHaveCount(1);
  await expect(taken).toHaveAttribute('data-paperlight-papers', '3');
  await expect(taken).toContainText('3 papers · 3 tags · 1 note · 1 rule');
  await taken.locator('button[data-paperlight="restore"]').click();
  await expect(options.locator('[data-paperlight="restore-plan"]')).toContainText('3 papers added');
  await options.locator('button[data-paperlight="restore-apply"]').click();
  await expect(options.locator('[data-paperlight="restore-done"]')).toContainText('3 papers');
  expect(await library(options)).toEqual(before);
  // Every view follows: the popup's list and the site's stars, tags and note.
  await expect(items(popup)).toHaveCount(3);
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator(`[data-paperlight-id="${MOMA}"] [data-paperlight="tag"]`)).toHaveText(['LLM', 'multimodal']);
  await expect(page.locator(`[data-paperlight-id="${LLAMA}"] [data-paperlight="note-indicator"]`)).toBeVisible();

  // The restore took a snapshot first, which Undo restores.
  await expect(snapshots(options).filter({ hasText: 'Before a restore' })).toHaveAttribute('data-paperlight-papers', '0');
  await options.locator('button[data-paperlight="restore-undo"]').click();
  await expect(options.locator('[data-paperlight="restore-done"]')).toContainText('0 papers');
  await expect(items(popup)).toHaveCount(0);
  expect((await library(options)).papers).toEqual([]);
});

test('a snapshot downloads as a Paperlight JSON file holding the library it was taken of', async ({ openSite, openPopup, context, extensionId }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const popup = await openPopup();
  await send(popup, { type: 'papers.removeMany', ids: [TORA] });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const taken = snapshots(options).filter({ hasText: 'Before removing papers' });
  await expect(taken).toHaveAttribute('data-paperlight-papers', '3');
  const [download] = await Promise.all([options.waitForEvent('download'), taken.locator('button[data-paperlight="snapshot-download"]').click()]);
  expect(download.suggestedFilename()).toMatch(/^paperlight-snapshot-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
  const file = JSON.parse(await streamText(download)) as { format: string; papers: { id: string }[] };
  expect(file.format).toBe('paperlight');
  expect(file.papers.map((paper) => paper.id).sort()).toEqual([LLAMA, MOMA, TORA].sort());
});

test('a library found empty at start is offered its newest snapshot in the popup, and restored from there', async ({ openSite, openPopup, context, extensionId }) => {
  const page = await openSite('/papers/date/2024-08-01');
  await saveThree(page);
  const first = await openPopup();
  // A snapshot holding all three: taken before one is removed.
  await send(first, { type: 'papers.removeMany', ids: [TORA] });
  await first.close();
  // The library's database is lost (a profile reset, a broken update); its snapshots are not.
  const other = await context.newPage();
  await other.goto(`chrome-extension://${extensionId}/options.html`);
  await other.evaluate(deleteDatabase, 'paperlight');

  const popup = await openPopup();
  const offer = popup.locator('[data-paperlight="snapshot-offer"]');
  await expect(offer).toContainText('Your reading list is empty. A snapshot from');
  await expect(offer).toHaveAttribute('data-paperlight-papers', '3');
  await offer.locator('button[data-paperlight="restore"]').click();
  await expect(items(popup)).toHaveCount(3);
  await expect(offer).toHaveCount(0);
  await page.goto(`${SITE}/papers/date/2024-08-01`);
  await expect(star(page, TORA)).toHaveAttribute('aria-pressed', 'true');
});

async function streamText(download: { createReadStream(): Promise<NodeJS.ReadableStream> }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
