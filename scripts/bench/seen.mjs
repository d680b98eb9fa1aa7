// `npm run bench` §1g: what is new (issue #16). The first slice of the 105- and 1,000-card views
// with an empty seen ledger and with one of 40,000 papers (a year of daily use), and what marking
// papers seen costs while the reader scrolls a 1,000-card view (the longest task, the writes).
import { fakeId } from '../../tests/support/generate-listing.mjs';
import { FRAME_MS, LOAD_TIMEOUT_MS, ORIGIN, fixed, generatedPath, heading, loadMany, printTable, spread, stats } from './common.mjs';
import { extensionBase } from './library.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */

const LEDGER = 40_000;
const VIEWS = [105, 1_000];
const BATCH = 2_000;

/** 40,000 papers over two years of arXiv months, and every card of the generated views. */
function ledgerIds() {
  const ids = Array.from({ length: 1_000 }, (_, i) => fakeId(i));
  for (let i = 0; ids.length < LEDGER; i++) ids.push(`${2401 + (i % 12) + (i % 24 >= 12 ? 100 : 0)}.${String(10_000 + Math.floor(i / 24)).padStart(5, '0')}`);
  return ids;
}

/** Runs in an extension page: records `ids` as seen, as pages report them. */
async function markSeen(/** @type {string[]} */ ids) {
  const chrome = /** @type {any} */ (globalThis).chrome;
  const reply = await chrome.runtime.sendMessage({ type: 'seen.mark', marks: ids.map((id) => ({ id, how: 'glimpsed', upvotes: 10 })) });
  if (!reply?.ok) throw new Error(reply?.error ?? 'seen.mark failed');
}

/** Runs in the page: scrolls `steps` times by `by` pixels every `every` ms, as a reader does; the
 * long tasks meanwhile (ms) and how long it took. */
async function scrollAndWatch(/** @type {{ steps: number, by: number, every: number }} */ { steps, by, every }) {
  /** @type {number[]} */
  const long = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) long.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  for (let step = 0; step < steps; step++) {
    window.scrollBy(0, by);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  observer.disconnect();
  return { long, seconds: (performance.now() - started) / 1000 };
}

/** @param {Browser} browser @param {number} runs */
export async function benchSeen(browser, runs) {
  heading('1g. What is new: a 40,000-paper seen ledger (median (min–max))');
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker', { timeout: LOAD_TIMEOUT_MS }));
  /** @type {Map<number, number[]>} */
  const without = new Map();
  for (const size of VIEWS) without.set(size, (await loadMany(browser, generatedPath(size), runs)).map((sample) => sample.firstSlice ?? NaN));

  const extension = await browser.context.newPage();
  await extension.goto(`${await extensionBase(browser)}/options.html`);
  const ids = ledgerIds();
  const seeding = performance.now();
  for (let start = 0; start < ids.length; start += BATCH) await extension.evaluate(markSeen, ids.slice(start, start + BATCH));
  const seeded = performance.now() - seeding;
  /** @type {string[][]} */
  const rows = [];
  let ok = true;
  for (const size of VIEWS) {
    const samples = await loadMany(browser, generatedPath(size), runs);
    const withLedger = stats(samples.map((sample) => sample.firstSlice ?? NaN));
    const empty = stats(without.get(size) ?? []);
    const within = withLedger.max <= FRAME_MS && withLedger.median - empty.median <= 1;
    if (!within) ok = false;
    rows.push([`${size.toLocaleString('en')} cards: first slice, empty ledger → 40,000 papers (ms)`, `${spread(empty, 1)} → ${spread(withLedger, 1)}`, `≤ 16 ms and ≤ +1 ms: ${within ? 'met' : 'NOT MET'}`]);
  }

  // Reading down a 1,000-card view: 60 steps of 150 px, one every 250 ms (15 s).
  await worker.evaluate(() => performance.clearMeasures('paperlight:seen-mark'));
  const page = await browser.context.newPage();
  await page.goto(ORIGIN + generatedPath(1_000));
  await page.waitForFunction(() => document.documentElement.dataset.paperlight === 'ready', undefined, { timeout: LOAD_TIMEOUT_MS });
  const scrolled = await page.evaluate(scrollAndWatch, { steps: 60, by: 150, every: 250 });
  // What waits is sent when the tab is hidden: the report after the last step.
  await page.close();
  const writes = /** @type {{ duration: number, marks: number }[]} */ (
    await worker.evaluate(() => performance.getEntriesByName('paperlight:seen-mark').map((e) => ({ duration: e.duration, marks: /** @type {any} */ (e).detail.marks })))
  );
  await extension.close();
  const longest = Math.max(0, ...scrolled.long);
  rows.push(
    ['scrolling a 1,000-card view for 15 s: the longest task (ms)', scrolled.long.length > 0 ? fixed(longest, 0) : 'none over 50', `${scrolled.long.length} long tasks`],
    ['  writes to the ledger (per second) / papers per write', `${fixed(writes.length / scrolled.seconds, 2)} / ${fixed(stats(writes.map((w) => w.marks)).median, 0)}`, `${writes.length} writes, ${writes.reduce((sum, w) => sum + w.marks, 0)} papers`],
    ['  a write in the background, 40,000 papers in the ledger (ms)', spread(stats(writes.map((w) => w.duration)), 1), ''],
  );
  printTable(['', 'this build', ''], rows);
  console.log(`The ledger seeded with ${LEDGER.toLocaleString('en')} papers (every card of the generated views among them: they show as seen) in ${fixed(seeded / 1000, 1)} s, ${BATCH.toLocaleString('en')} a write; ${runs} loads per view and ledger.`);
  return ok;
}
