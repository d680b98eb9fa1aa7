// `npm run bench` §1e: snapshots of a 10,000-paper library (time, compressed size) and restoring one.
import { LOAD_TIMEOUT_MS, heading, printTable, spread, stats } from './common.mjs';
import { LIBRARY_SIZE, extensionBase, generateLibrary, seedLibrary } from './library.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */

/** Runs in an extension page: the id of the newest snapshot holding `papers` papers. @param {number} papers */
function newestHolding(papers) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('paperlight-snapshots');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('entries').objectStore('entries').getAll();
      all.onsuccess = () => {
        open.result.close();
        const ids = all.result.filter((entry) => entry.papers === papers).map((entry) => entry.id);
        resolve(Math.max(...ids));
      };
      all.onerror = () => reject(all.error);
    };
  });
}

/**
 * Runs in the service worker: the floor under a snapshot's packing, the generated papers turned
 * into JSON text (JSON.stringify alone) and that text gzipped with CompressionStream in one write,
 * nothing else. Milliseconds of each, and the compressed bytes.
 * @param {unknown[]} papers
 */
async function packFloor(papers) {
  let started = performance.now();
  const text = papers.map((paper) => JSON.stringify(paper)).join(',\n');
  const stringify = performance.now() - started;
  started = performance.now();
  const gzip = new CompressionStream('gzip');
  const writer = gzip.writable.getWriter();
  writer.write(new TextEncoder().encode(text));
  writer.close();
  const bytes = (await new Response(gzip.readable).arrayBuffer()).byteLength;
  return [stringify, performance.now() - started, bytes];
}

/** Runs in an extension page: restores snapshot `id` through the background, as the Data section does. @param {number} id */
async function restore(id) {
  const started = performance.now();
  const reply = await /** @type {any} */ (globalThis).chrome.runtime.sendMessage({ type: 'snapshot.restore', id });
  if (!reply?.ok || 'changed' in reply.value) throw new Error(reply?.error ?? 'snapshot.restore failed');
  return performance.now() - started;
}

/** @param {Browser} browser @param {number} runs */
export async function benchSnapshots(browser, runs) {
  heading(`1e. Snapshots of a ${LIBRARY_SIZE.toLocaleString('en')}-paper library (median (min–max))`);
  const library = await generateLibrary(LIBRARY_SIZE);
  const settings = { openMarksReading: true, badgeCountsToRead: true, keyBindings: {} };
  await seedLibrary(browser, library, settings);
  // Written again: the snapshot taken before it holds all 10,000.
  await seedLibrary(browser, library, settings);
  const page = await browser.context.newPage();
  await page.goto(`${await extensionBase(browser)}/options.html`);
  const roundTrips = [];
  for (let run = 0; run < runs; run++) {
    const id = /** @type {number} */ (await page.evaluate(newestHolding, LIBRARY_SIZE));
    // Each restore takes a snapshot of the 10,000 papers first, then writes the snapshot's 10,000.
    roundTrips.push(await page.evaluate(restore, id));
  }
  await page.close();
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker', { timeout: LOAD_TIMEOUT_MS }));
  const measured = await worker.evaluate((papers) => ({
    snapshots: performance.getEntriesByName('paperlight:snapshot').filter((e) => /** @type {any} */ (e).detail.papers === papers).map((e) => [e.duration, /** @type {any} */ (e).detail.bytes, /** @type {any} */ (e).detail.readMs, /** @type {any} */ (e).detail.packMs, /** @type {any} */ (e).detail.body, /** @type {any} */ (e).detail.shardsMs, /** @type {any} */ (e).detail.bodyMs]),
    restores: performance.getEntriesByName('paperlight:restore').map((e) => e.duration),
  }), LIBRARY_SIZE);
  /** @type {[number, number, number][]} */
  const floors = [];
  for (let run = 0; run < Math.min(runs, 3); run++) floors.push(/** @type {[number, number, number]} */ (await worker.evaluate(packFloor, library.papers)));
  await seedLibrary(browser, { papers: [], tags: [] }, settings);

  // The first snapshot of the 10,000 stores every month's abstracts; the later ones (each restore's
  // undo) find them kept and store their body only.
  const [first, ...later] = measured.snapshots;
  const times = later.map(([ms]) => ms);
  const sizes = later.map(([, bytes]) => bytes / 1e6);
  const reads = later.map(([, , ms]) => ms);
  const packs = later.map(([, , , ms]) => ms);
  const shardMs = later.map(([, , , , , ms]) => ms);
  const bodyMs = later.map(([, , , , , , ms]) => ms);
  const met = (/** @type {number[]} */ values, /** @type {number} */ target) => (stats(values).median <= target ? 'met' : 'NOT MET');
  printTable(
    ['', 'this build', 'target', 'met'],
    [
      ['first snapshot (every month\'s abstracts stored): time (ms) / added (MB)', `${Math.round(first?.[0] ?? NaN)} / ${((first?.[1] ?? NaN) / 1e6).toFixed(2)}`, '–', ''],
      ['snapshot: library read, packed, kept (ms)', spread(stats(times), 0), '≤ 1,000', met(times, 1_000)],
      ['  of which: the library read (ms)', spread(stats(reads), 0), '–', ''],
      ['  of which: JSON text and gzip (CompressionStream) (ms)', spread(stats(packs), 0), '–', ''],
      ['    abstracts by month: fingerprints, new ones gzipped (ms)', spread(stats(shardMs), 0), '–', ''],
      ['    the body: the export without abstracts, gzipped (ms)', spread(stats(bodyMs), 0), '–', ''],
      ['floor: JSON.stringify of the same papers (ms)', spread(stats(floors.map(([ms]) => ms)), 0), '–', ''],
      ['floor: that text gzipped, one write (ms)', spread(stats(floors.map(([, ms]) => ms)), 0), '–', ''],
      ['snapshot: what it adds to storage, compressed (MB)', spread(stats(sizes), 2), '≤ 3', met(sizes, 3)],
      ['floor: that text gzipped (MB)', spread(stats(floors.map(([, , bytes]) => bytes / 1e6)), 2), '–', ''],
      ['restore: whole, its undo snapshot included (ms)', spread(stats(measured.restores), 0), '–', ''],
      ['restore: message round trip from the options page (ms)', spread(stats(roundTrips), 0), '–', ''],
    ],
  );
  console.log('Later snapshots store their body only (the export without abstracts); the abstracts, one arXiv month to a shard, are kept once and shared.');
  console.log('Floors: the generated papers stringified and gzipped in the service worker, nothing else (no read, no checks, no storing).');
  console.log(`${runs} restores of a ${LIBRARY_SIZE.toLocaleString('en')}-paper snapshot; each takes a snapshot first (${times.length} snapshots of ${LIBRARY_SIZE.toLocaleString('en')} papers timed in the background, from its performance timeline).`);
  return stats(times).median <= 1_000 && stats(sizes).median <= 3;
}
