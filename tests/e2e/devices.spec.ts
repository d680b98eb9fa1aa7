/**
 * Sync between two browsers (issue #15 §2): two Chromium profiles with the built extension, and a
 * relay that plays the browser's sync service, copying every `storage.sync` item from one profile's
 * extension to the other's (both ways, in any order, late, twice). Every wait is on state: the
 * relay runs again until both devices show what the test expects.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { launchBrowser } from '../support/browser.mjs';
import { routeSite } from '../support/site-routes.mjs';
import { SITE, star } from './extension';

const LLAMA = '2407.21783';
const TORA = '2407.21705';
const MOMA = '2407.21770';

interface Device {
  context: BrowserContext;
  /** The options page: runs the relay's storage calls and shows sync's status. */
  options: Page;
  popupUrl: string;
}

async function openDevice(): Promise<Device> {
  const { context, extensionId } = await launchBrowser({ headless: true });
  await routeSite(context, {
    // The site's API for a paper, as `/api/papers/<id>` answers (the details a synced paper lacks).
    extra: new Map([[`/api/papers/${LLAMA}`, JSON.stringify({ id: LLAMA, title: 'The Llama 3 Herd of Models', summary: 'Modern artificial intelligence…', authors: [{ name: 'Abhimanyu Dubey' }], publishedAt: '2024-07-31T17:54:27.000Z', upvotes: 82 })]]),
  });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('[data-paperlight="sync-status"]')).toContainText('Sync is on');
  return { context, options, popupUrl: `chrome-extension://${extensionId}/popup.html` };
}

const test = base.extend<{ laptop: Device; desktop: Device }>({
  // eslint-disable-next-line no-empty-pattern
  laptop: async ({}, use) => {
    const device = await openDevice();
    await use(device);
    await device.context.close();
  },
  // eslint-disable-next-line no-empty-pattern
  desktop: async ({}, use) => {
    const device = await openDevice();
    await use(device);
    await device.context.close();
  },
});

type Items = Record<string, unknown>;
/** The extension page's `chrome` (the tests' types do not declare it). */
interface Chrome {
  storage: { sync: { get(keys: null): Promise<Items>; set(items: Items): Promise<void> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}
const syncItems = (device: Device) => device.options.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.sync.get(null));

/** Items arrive at `to` (what a device held, maybe a while ago): the sync service delivering. */
async function deliver(items: Items, to: Device): Promise<void> {
  const theirs = await syncItems(to);
  const arriving = Object.fromEntries(Object.entries(items).filter(([key, value]) => theirs[key] !== value));
  if (Object.keys(arriving).length > 0) await to.options.evaluate((values) => (globalThis as unknown as { chrome: Chrome }).chrome.storage.sync.set(values), arriving);
}

/**
 * The browser's sync service: it keeps the newest write of every item, takes from each device the
 * items it wrote since the service last looked, and hands each device what it lacks.
 */
class SyncService {
  private readonly server = new Map<string, unknown>();
  private readonly known = new Map<Device, Items>();

  async upload(device: Device): Promise<void> {
    const items = await syncItems(device);
    const known = this.known.get(device) ?? {};
    for (const [key, value] of Object.entries(items)) if (known[key] !== value) this.server.set(key, value);
    for (const key of Object.keys(known)) if (!(key in items)) this.server.delete(key);
    this.known.set(device, items);
  }

  async download(device: Device): Promise<void> {
    const items = await syncItems(device);
    const arriving = Object.fromEntries([...this.server].filter(([key, value]) => items[key] !== value));
    if (Object.keys(arriving).length > 0) await deliver(arriving, device);
    // Only what it handed over: a write the device made since its upload is still news to the service.
    this.known.set(device, { ...this.known.get(device), ...arriving });
  }
}

const services = new WeakMap<Device, SyncService>();

/** Both devices' writes go up, then each gets what it lacks. */
async function relay(a: Device, b: Device): Promise<void> {
  const service = services.get(a) ?? new SyncService();
  services.set(a, service);
  services.set(b, service);
  await service.upload(a);
  await service.upload(b);
  await service.download(a);
  await service.download(b);
}

async function send<T>(device: Device, message: unknown): Promise<T> {
  const reply = (await device.options.evaluate((msg) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(msg), message)) as { ok: boolean; value: T; error?: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

interface Decisions {
  papers: { id: string; state: string; note: string; tags: string[] }[];
  tags: { key: string; color: string }[];
  rules: { pattern: string; color: string; enabled: boolean }[];
}

async function decisions(device: Device): Promise<Decisions> {
  const library = await send<{ papers: Decisions['papers']; tags: Decisions['tags']; rules: Decisions['rules'] }>(device, { type: 'library.export' });
  return {
    papers: library.papers.map(({ id, state, note, tags }) => ({ id, state, note, tags: [...tags].sort() })).sort((a, b) => a.id.localeCompare(b.id)),
    tags: library.tags.map(({ key, color }) => ({ key, color })),
    rules: library.rules.map(({ pattern, color, enabled }) => ({ pattern, color, enabled })),
  };
}

/** Relays until both devices hold the same decisions and `check` holds for them. */
async function converge(a: Device, b: Device, check: (both: Decisions) => boolean): Promise<Decisions> {
  let seen = '';
  try {
    await expect
      .poll(async () => {
        await relay(a, b);
        const both = [await decisions(a), await decisions(b)];
        seen = JSON.stringify(both);
        return JSON.stringify(both[0]) === JSON.stringify(both[1]) && check(both[0]!);
      })
      .toBe(true);
  } catch (error) {
    // What each device held last, when they never agree.
    throw new Error(`The devices did not converge; they held ${seen}`, { cause: error });
  }
  return (JSON.parse(seen) as Decisions[])[0]!;
}

async function openDay(device: Device): Promise<Page> {
  const page = await device.context.newPage();
  await page.goto(`${SITE}/papers/date/2024-08-01`);
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  return page;
}

test('a star on one browser shows on the other’s open page and in its popup, with the paper’s details', async ({ laptop, desktop }) => {
  const [laptopPage, desktopPage] = [await openDay(laptop), await openDay(desktop)];
  await star(laptopPage, LLAMA).click();
  await expect(star(laptopPage, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await expect(star(desktopPage, LLAMA)).toHaveAttribute('aria-pressed', 'false');
  // The desktop's page updates live when the laptop's change arrives (no reload).
  await expect.poll(async () => (await relay(laptop, desktop), await star(desktopPage, LLAMA).getAttribute('aria-pressed'))).toBe('true');
  const popup = await desktop.context.newPage();
  await popup.goto(desktop.popupUrl);
  const row = popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${LLAMA}"]`);
  // Its details come from the site's API, in the background.
  await expect(row.locator('.item-title')).toHaveText('The Llama 3 Herd of Models');
  // Delivered late and twice, the same items change nothing.
  const before = await decisions(desktop);
  await deliver(await syncItems(laptop), desktop);
  await deliver(await syncItems(laptop), desktop);
  expect(await decisions(desktop)).toEqual(before);
  await expect(desktop.options.locator('[data-paperlight="sync-status"]')).toContainText('all 1 paper sync');
});

test('concurrent edits of one paper converge to the same merge on both', async ({ laptop, desktop }) => {
  await send(laptop, { type: 'paper.save', paper: { id: MOMA, title: 'MoMa', authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: `${SITE}/papers/${MOMA}` } });
  await send(laptop, { type: 'papers.tagMany', ids: [MOMA], add: 'LLM' });
  await converge(laptop, desktop, (both) => both.papers.length === 1);
  // Offline from each other: the laptop moves it to done and notes it, the desktop tags it and notes it later.
  const laptopItems = await syncItems(laptop);
  await send(laptop, { type: 'papers.state', ids: [MOMA], state: 'done' });
  await send(laptop, { type: 'paper.note', id: MOMA, note: 'laptop note' });
  await send(desktop, { type: 'papers.tagMany', ids: [MOMA], add: 'multimodal' });
  await send(desktop, { type: 'papers.tagMany', ids: [MOMA], remove: 'llm' });
  await send(desktop, { type: 'paper.note', id: MOMA, note: 'desktop note, written later' });
  // A stale copy of the laptop's items arrives late.
  await deliver(laptopItems, desktop);
  const merged = await converge(laptop, desktop, (both) => both.papers[0]?.state === 'done' && both.papers[0]?.note === 'desktop note, written later');
  expect(merged.papers).toEqual([{ id: MOMA, state: 'done', note: 'desktop note, written later', tags: ['multimodal'] }]);
  // And the popups agree.
  for (const device of [laptop, desktop]) {
    const popup = await device.context.newPage();
    await popup.goto(device.popupUrl);
    const row = popup.locator(`[data-paperlight="reading-item"][data-paperlight-id="${MOMA}"]`);
    await expect(row.locator('[data-paperlight="note-preview"]')).toHaveText('desktop note, written later');
    await expect(row.locator('[data-paperlight="tag"]')).toHaveText(['multimodal']);
  }
});

test('a removal wins over an older edit; a rule and a tag colour changed on both converge', async ({ laptop, desktop }) => {
  const paper = (id: string) => ({ id, title: id, authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: `${SITE}/papers/${id}` });
  await send(laptop, { type: 'paper.save', paper: paper(LLAMA) });
  await send(laptop, { type: 'paper.save', paper: paper(TORA) });
  await send(laptop, { type: 'papers.tagMany', ids: [TORA], add: 'Agents' });
  const { rule } = await send<{ rule: { id: string } }>(laptop, { type: 'rule.add', rule: { pattern: 'diffusion', action: 'highlight' } });
  await converge(laptop, desktop, (both) => both.papers.length === 2 && both.rules.length === 1);
  await send(desktop, { type: 'papers.state', ids: [LLAMA], state: 'reading' });
  await send(laptop, { type: 'paper.remove', id: LLAMA });
  await send(laptop, { type: 'tag.recolor', key: 'agents', color: '#111111' });
  await send(desktop, { type: 'tag.recolor', key: 'agents', color: '#222222' });
  await send(laptop, { type: 'rule.update', id: rule.id, patch: { color: '#dc2626' } });
  await send(desktop, { type: 'rule.update', id: rule.id, patch: { enabled: false } });
  const merged = await converge(laptop, desktop, (both) => both.papers.length === 1 && both.tags[0]?.color === '#222222' && both.rules[0]?.enabled === false);
  expect(merged.papers.map((p) => p.id)).toEqual([TORA]);
});

test('sync turned off keeps changes here, and turned on again merges both sides', async ({ laptop, desktop }) => {
  const paper = (id: string) => ({ id, title: id, authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: `${SITE}/papers/${id}` });
  await send(laptop, { type: 'paper.save', paper: paper(LLAMA) });
  await converge(laptop, desktop, (both) => both.papers.length === 1);
  await desktop.options.locator('button[data-paperlight="sync-toggle"]').click();
  await expect(desktop.options.locator('[data-paperlight="sync-status"]')).toContainText('Sync is off');
  await expect(desktop.options.locator('button[data-paperlight="sync-toggle"]')).toHaveAttribute('aria-pressed', 'false');
  await send(desktop, { type: 'papers.state', ids: [LLAMA], state: 'done' });
  await send(laptop, { type: 'paper.save', paper: paper(TORA) });
  await relay(laptop, desktop);
  await relay(laptop, desktop);
  expect((await decisions(desktop)).papers.map((p) => p.id)).toEqual([LLAMA]);
  expect((await decisions(laptop)).papers.find((p) => p.id === LLAMA)?.state).toBe('to-read');
  await desktop.options.locator('button[data-paperlight="sync-toggle"]').click();
  await expect(desktop.options.locator('[data-paperlight="sync-status"]')).toContainText('Sync is on');
  const merged = await converge(laptop, desktop, (both) => both.papers.length === 2);
  expect(merged.papers.find((p) => p.id === LLAMA)?.state).toBe('done');
});
