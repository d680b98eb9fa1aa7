// Snapshots in Firefox (mirrors tests/e2e/snapshots.spec.ts): a replacing import's snapshot is
// restored from the options page's Data section, in Firefox's background page and IndexedDB, with
// its CompressionStream; and a library lost at start is offered its snapshot in the popup.
import { WAIT, attribute, count, expect, send, test, texts, toggleStar, useFirefox, type Page } from './firefox';
import { deleteDatabase } from '../support/delete-database';

const ff = useFirefox();
const LLAMA = '2407.21783';
const TORA = '2407.21705';
const MOMA = '2407.21770';
const ITEMS = '[data-paperlight="reading-item"]';
const SNAPSHOT = '[data-paperlight="snapshot"]';

async function ask<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await send(page, message)) as { ok: boolean; value: T; error?: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** The library without the seen ledger, which the open site's tab adds to as it is looked at. */
const library = async (page: Page) => {
  const library = await ask<{ papers: unknown[]; seen?: unknown }>(page, { type: 'library.export' });
  delete library.seen;
  return library;
};

/** The snapshot rows whose text has `reason`, as [papers attribute, text]. */
const rows = (page: Page, reason: string) =>
  page.$$eval(SNAPSHOT, (els, wanted) => els.filter((el) => el.textContent?.includes(wanted)).map((el) => [el.getAttribute('data-paperlight-papers'), el.textContent]), reason);

async function clickIn(page: Page, reason: string, button: string) {
  await page.$$eval(
    SNAPSHOT,
    (els, wanted, hook) => (els.find((el) => el.textContent?.includes(wanted))?.querySelector(`button[data-paperlight="${hook}"]`) as HTMLButtonElement).click(),
    reason,
    button,
  );
}

test('a replaced library comes back from its snapshot in the Data section; the restore can be undone', async () => {
  const page = await ff.openSite('/papers/date/2024-08-01');
  for (const id of [LLAMA, TORA, MOMA]) await toggleStar(page, id);
  const popup = await ff.openPopup();
  await ask(popup, { type: 'paper.note', id: LLAMA, note: 'Read §3' });
  await ask(popup, { type: 'tag.add', paper: { id: MOMA, title: 'MoMa', authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: 'https://huggingface.co/papers/2407.21770' }, name: 'LLM' });
  const before = await library(popup);
  expect(before.papers).toHaveLength(3);
  await ask(popup, { type: 'library.replace', library: { papers: [], tags: [], rules: [], settings: { openMarksReading: true, badgeCountsToRead: true, keyBindings: {} } } });
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(0);

  const options = await ff.openExtensionPage('options.html');
  await expect.poll(() => rows(options, 'Before an import replaced the library'), WAIT).toEqual([['3', expect.stringContaining('3 papers · 1 tag · 1 note')]]);
  await expect.poll(async () => (await texts(options, '[data-paperlight="storage-status"]'))[0] ?? '', WAIT).toContain('Storage is persistent');
  await clickIn(options, 'Before an import replaced the library', 'restore');
  await expect.poll(async () => (await texts(options, '[data-paperlight="restore-plan"]'))[0] ?? '', WAIT).toContain('3 papers added');
  await options.click('button[data-paperlight="restore-apply"]');
  await expect.poll(async () => (await texts(options, '[data-paperlight="restore-done"]'))[0] ?? '', WAIT).toContain('3 papers');
  expect(await library(options)).toEqual(before);
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(3);
  await expect.poll(() => attribute(page, `[data-paperlight-id="${LLAMA}"] button[data-paperlight="star"]`, 'aria-pressed'), WAIT).toBe('true');

  await options.click('button[data-paperlight="restore-undo"]');
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(0);
});

test('a library lost at start is offered its newest snapshot in the popup', async () => {
  const lister = await ff.openExtensionPage('options.html');
  // The previous test left an empty library; the restore snapshot before its undo holds three.
  await lister.evaluate(deleteDatabase, 'paperlight');
  const popup = await ff.openPopup();
  const offer = '[data-paperlight="snapshot-offer"]';
  await expect.poll(() => attribute(popup, offer, 'data-paperlight-papers'), WAIT).toBe('3');
  await popup.click(`${offer} button[data-paperlight="restore"]`);
  await expect.poll(() => count(popup, ITEMS), WAIT).toBe(3);
});
