// `npm run bench` §1f: sync through storage.sync (issue #15): packing a library's decisions into
// the browser's sync storage (time, bytes, items, how many papers fit) for 1,000 and 10,000
// papers, and the time from another device's change arriving to the page's star showing it.
import { LOAD_TIMEOUT_MS, ORIGIN, REAL_PAGE, heading, printTable, spread, stats } from './common.mjs';
import { extensionBase, generateLibrary, seedLibrary } from './library.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */

const SIZES = [1_000, 10_000];

/** Runs in an extension page: asks the background to sync now (turning sync on does) and waits for its answer. */
async function syncNow() {
  const chrome = /** @type {any} */ (globalThis).chrome;
  const reply = await chrome.runtime.sendMessage({ type: 'sync.set', enabled: true });
  if (!reply?.ok) throw new Error(reply?.error ?? 'sync.set failed');
  return reply.value;
}

/**
 * Runs in an extension page: plays another device. Reads the item this device wrote for `id`'s
 * arXiv month, adds a write of `id` (saved, or removed) with a clock newer than any, and stores it
 * in sync storage as the sync service would deliver it. Returns the time it was handed over
 * (ms since the epoch, sub-ms).
 * @param {{ id: string, saved: boolean }} change
 */
async function remoteWrite({ id, saved }) {
  const chrome = /** @type {any} */ (globalThis).chrome;
  const key = `pl1.p${id.slice(0, 4)}.0`;
  const items = await chrome.storage.sync.get(key);
  const inflate = async (/** @type {string} */ value) => {
    const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    return JSON.parse(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text());
  };
  const deflate = async (/** @type {unknown} */ part) => {
    const bytes = new Uint8Array(await new Response(new Blob([JSON.stringify(part)]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  };
  const part = items[key] ? await inflate(items[key]) : { v: 1, p: [] };
  const clock = (Date.now() + 1).toString(36).padStart(9, '0') + '000' + 'zzzz';
  const row = [id, [clock, saved ? Date.now() : -Date.now()], [clock, 0], [clock, '']];
  part.p = [...part.p.filter((/** @type {unknown[]} */ r) => r[0] !== id), row];
  const value = await deflate(part);
  const handedOver = performance.timeOrigin + performance.now();
  await chrome.storage.sync.set({ [key]: value });
  return handedOver;
}

/** Runs in the Daily Papers page: starts watching for `id`'s star to flip; `starShown` then
 * resolves with when it did (ms since the epoch). Returns the state it waits for (saved or not). */
function watchStar(/** @type {string} */ id) {
  const button = document.querySelector(`[data-paperlight-id="${id}"] button[data-paperlight="star"]`);
  if (!button) throw new Error(`no star for ${id}`);
  const wanted = button.getAttribute('aria-pressed') === 'true' ? 'false' : 'true';
  /** @type {any} */ (window).benchStarShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (button.getAttribute('aria-pressed') !== wanted) return;
      observer.disconnect();
      resolve(performance.timeOrigin + performance.now());
    });
    observer.observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
  });
  return wanted === 'true';
}

/** Runs in the Daily Papers page: when the watched star changed. */
const starShown = () => /** @type {Promise<number>} */ (/** @type {any} */ (window).benchStarShown);

/** Runs in an extension page: the same change made from another tab (the popup's remove, or a save). */
async function localWrite(/** @type {{ id: string, saved: boolean, paper: unknown }} */ { id, saved, paper }) {
  const chrome = /** @type {any} */ (globalThis).chrome;
  const handedOver = performance.timeOrigin + performance.now();
  const reply = await chrome.runtime.sendMessage(saved ? { type: 'paper.save', paper } : { type: 'paper.remove', id });
  if (!reply?.ok) throw new Error(reply?.error ?? 'write failed');
  return handedOver;
}

/** @param {Browser} browser @param {number} runs */
export async function benchSync(browser, runs) {
  heading('1f. Sync through the browser’s sync storage (median (min–max))');
  const settings = { openMarksReading: true, badgeCountsToRead: true, keyBindings: {} };
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker', { timeout: LOAD_TIMEOUT_MS }));
  const options = await browser.context.newPage();
  await options.goto(`${await extensionBase(browser)}/options.html`);
  /** @type {string[][]} */
  const rows = [];
  let ok = true;
  for (const size of SIZES) {
    await seedLibrary(browser, await generateLibrary(size), settings);
    await worker.evaluate(() => performance.clearMeasures('paperlight:sync-pack'));
    for (let run = 0; run < runs; run++) await options.evaluate(syncNow);
    const packs = /** @type {{ duration: number, detail: { synced: number, saved: number, bytes: number, items: number } }[]} */ (
      await worker.evaluate((papers) => performance.getEntriesByName('paperlight:sync-pack').filter((e) => /** @type {any} */ (e).detail.saved === papers).map((e) => ({ duration: e.duration, detail: /** @type {any} */ (e).detail })), size)
    );
    const last = packs.at(-1)?.detail;
    rows.push([
      `${size.toLocaleString('en')} papers: packing the decisions (ms)`,
      spread(stats(packs.map((p) => p.duration)), 0),
      last ? `${last.synced.toLocaleString('en')} of ${last.saved.toLocaleString('en')} sync · ${last.bytes.toLocaleString('en')} bytes · ${last.items} items` : '–',
    ]);
    if (!last || last.bytes > 102_400 || last.items > 512) ok = false;
  }

  // Another device's change arriving, while the 10,000-paper library is loaded and a day page is open.
  const page = await browser.context.newPage();
  await page.goto(ORIGIN + REAL_PAGE);
  await page.waitForFunction(() => document.documentElement.dataset.paperlight === 'ready', undefined, { timeout: LOAD_TIMEOUT_MS });
  const id = /** @type {string} */ (await page.evaluate(() => document.querySelector('[data-paperlight-id]')?.getAttribute('data-paperlight-id')));
  const paper = { id, title: 'A paper', authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: `${ORIGIN}/papers/${id}` };
  /** @type {number[]} */
  const remote = [];
  /** @type {number[]} */
  const local = [];
  // Each change flips the star; another tab's change (the baseline) and another device's take
  // turns going first, so each measures saves and removes alike.
  for (let run = 0; run < runs * 2; run++) {
    for (const source of run % 2 === 0 ? ['tab', 'device'] : ['device', 'tab']) {
      const saved = await page.evaluate(watchStar, id);
      const handed = source === 'tab' ? await options.evaluate(localWrite, { id, saved, paper }) : await options.evaluate(remoteWrite, { id, saved });
      (source === 'tab' ? local : remote).push((await page.evaluate(starShown)) - handed);
    }
  }
  const applied = /** @type {number[]} */ (await worker.evaluate(() => performance.getEntriesByName('paperlight:sync-remote').filter((e) => /** @type {any} */ (e).detail.papers > 0).map((e) => e.duration)));
  await page.close();
  await options.close();
  await seedLibrary(browser, { papers: [], tags: [] }, settings);
  const target = stats(remote).median <= 50;
  rows.push(
    ['another device’s change → the page’s star (ms)', spread(stats(remote), 1), `target ≤ 50: ${target ? 'met' : 'NOT MET'}`],
    ['  in the background: from its arrival to the library written and the views told (ms)', spread(stats(applied), 1), ''],
    ['baseline: the same change from another tab → the page’s star (ms)', spread(stats(local), 1), `ratio ${(stats(remote).median / stats(local).median).toFixed(2)}×`],
  );
  printTable(['', 'this build', ''], rows);
  console.log(`Packing: each sync reads sync storage, merges it and packs the whole document (the papers most recently touched first, within 102,400 bytes and 512 items); ${runs} syncs per size.`);
  console.log(`Remote changes: an item of sync storage rewritten as the sync service delivers another device's write, ${runs * 2} times (saved, removed), with a 10,000-paper library and the day page open.`);
  return ok && target;
}
