// `npm run bench` §1d: the reading list at scale (popup, search, export, import), beside an empty extension page and the bare-IndexedDB floor.
import { copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FRAME_MS, LOAD_TIMEOUT_MS, heading, printTable, spread, stats } from './common.mjs';
import { importTs } from '../import-ts.mjs';
import { EXTENSION_DIR } from '../../tests/support/browser.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */

// ---------------------------------------------------------------------------------------------
// 1d. Reading list at scale

export const LIBRARY_SIZE = 10_000;
export const TYPED = 'diffusion model';

/** tests/support/generate-library.ts, compiled for Node (it is TypeScript; the tests run it in Vitest). */
/** @param {number} count @returns {Promise<{ papers: unknown[], tags: unknown[] }>} */
export async function generateLibrary(count) {
  const { module } = await importTs("export * from './tests/support/generate-library';");
  return module.generateLibrary(count);
}

/**
 * Runs in an extension page: replaces the library through the background (as an import does);
 * the milliseconds the background took, message included.
 * @param {unknown} library
 */
export async function replaceLibrary(library) {
  const started = performance.now();
  const reply = await /** @type {any} */ (globalThis).chrome.runtime.sendMessage({ type: 'library.replace', library });
  if (!reply?.ok) throw new Error(reply?.error ?? 'library.replace failed');
  return performance.now() - started;
}

/** @param {import('playwright-core').Page} page @param {string} name */
export const entry = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.toJSON() ?? null, name);

/**
 * The floor under the popup's first row: a page of the extension with one line of text and no
 * code, written by the bench into the build it loads (so the same origin, the same browser, the
 * same run). Never shipped: `wxt build` does not know it.
 */
export const BLANK_PAGE = 'bench-blank.html';
export const BLANK_HTML = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Paperlight</title></head>\n<body><p elementtiming="bench-blank">Reading list</p></body></html>\n';

/**
 * The floor under the whole list and search: a page of the extension that only reads, with the
 * bare IndexedDB API, the records the popup reads for every row (paper and tag-record shards) and
 * then for search (abstract shards), and turns them into objects: no checks, no sorting, no
 * rendering. Marks `floor:rows` and `floor:abstracts` (from navigation start). Never shipped.
 */
export const FLOOR_PAGE = 'bench-floor.html';
export const FLOOR_HTML = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Paperlight</title><script src="/bench-floor.js"></script></head>\n<body></body></html>\n';
export const FLOOR_JS = `
const open = indexedDB.open('paperlight');
open.onsuccess = () => {
  const db = open.result;
  const tx = db.transaction(['meta', 'tags', 'paperShards', 'tagShards', 'abstractShards'], 'readonly');
  const touch = (request) => { let n = 0; for (const shard of request.result) n += shard.size; return n; };
  const papers = tx.objectStore('paperShards').getAll();
  const tags = tx.objectStore('tagShards').getAll();
  const abstracts = tx.objectStore('abstractShards').getAll();
  tags.onsuccess = () => { touch(papers); touch(tags); performance.mark('floor:rows'); };
  abstracts.onsuccess = () => { touch(abstracts); performance.mark('floor:abstracts'); };
};
`;

/**
 * The floor under a first row from the database: a page of the extension whose one small script
 * opens the database with the bare API, reads the summary record the popup's first screenful is
 * made from (lib/store/shards.ts) and paints its newest paper's title, `elementtiming="bench-first-row"`:
 * no framework, no checks, no other element. Never shipped.
 */
export const FIRST_ROW_PAGE = 'bench-first-row.html';
export const FIRST_ROW_HTML = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Paperlight</title><script src="/bench-first-row.js" async></script></head>\n<body><p>Reading list</p><ul id="rows"></ul></body></html>\n';
export const FIRST_ROW_JS = `
const open = indexedDB.open('paperlight');
open.onsuccess = () => {
  const read = open.result.transaction('meta', 'readonly').objectStore('meta').get('summary');
  read.onsuccess = () => {
    const row = document.createElement('li');
    row.setAttribute('elementtiming', 'bench-first-row');
    row.textContent = read.result.value.newest[0].paper.title;
    document.getElementById('rows').append(row);
  };
};
`;

/**
 * The floor under the popup's first screen as it looks: the popup's own markup once its first
 * rows are shown, saved by the bench as a static page with the popup's stylesheet and no code, so
 * its paint is the browser's layout and paint of that screen and nothing else. Never shipped.
 */
export const STATIC_PAGE = 'bench-static-popup.html';

/**
 * Saves the open popup's markup and stylesheets as STATIC_PAGE in the build at `dir`.
 * @param {import('playwright-core').Page} popup @param {string} dir
 */
export async function writeStaticPopup(popup, dir) {
  // Serialising the popup's own DOM (its text already escaped by the browser) into a bench file
  // that is never shipped: the one place markup is read out as HTML.
  const { head, body } = await popup.evaluate(() => ({
    head: [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => `<link rel="stylesheet" href="${link.getAttribute('href')}">`).join(''),
    // eslint-disable-next-line no-restricted-properties
    body: document.body.innerHTML,
  }));
  writeFileSync(path.join(dir, STATIC_PAGE), `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Paperlight</title>${head}</head><body>${body}</body></html>\n`);
}

/** @param {string} dir */
export function writeBlankPage(dir) {
  writeFileSync(path.join(dir, FIRST_ROW_PAGE), FIRST_ROW_HTML);
  writeFileSync(path.join(dir, 'bench-first-row.js'), FIRST_ROW_JS);
  writeFileSync(path.join(dir, BLANK_PAGE), BLANK_HTML);
  writeFileSync(path.join(dir, FLOOR_PAGE), FLOOR_HTML);
  writeFileSync(path.join(dir, 'bench-floor.js'), FLOOR_JS);
}

/**
 * One load of the floor page: when every row's records, then the abstracts, were read.
 * @param {Browser} browser
 */
export async function loadFloor(browser) {
  const page = await openSized(browser, `${await extensionBase(browser)}/${FLOOR_PAGE}`);
  try {
    await page.waitForFunction(() => performance.getEntriesByName('floor:abstracts').length > 0, null, { timeout: LOAD_TIMEOUT_MS });
    return { rows: (await entry(page, 'floor:rows')).startTime, abstracts: (await entry(page, 'floor:abstracts')).startTime };
  } finally {
    await page.close();
  }
}

/**
 * When the element with `elementtiming="<identifier>"` was painted (its Element Timing entry,
 * from navigation start).
 * @param {import('playwright-core').Page} page @param {string} identifier
 */
export const elementPainted = (page, identifier) =>
  page.evaluate(
    (id) =>
      new Promise((resolve) => {
        const observer = new PerformanceObserver((list) => {
          const found = list.getEntries().find((e) => /** @type {any} */ (e).identifier === id);
          if (!found) return;
          observer.disconnect();
          const paint = /** @type {any} */ (found);
          resolve(paint.renderTime || paint.loadTime || paint.startTime);
        });
        observer.observe({ type: 'element', buffered: true });
      }),
    identifier,
  );

/** The first row's title carries `elementtiming="paperlight-first-row"`. @param {import('playwright-core').Page} page */
export const firstRowPainted = (page) => elementPainted(page, 'paperlight-first-row');

/** @param {import('playwright-core').Page} page */
export const firstContentfulPaint = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        const observer = new PerformanceObserver((list) => {
          const found = list.getEntriesByName('first-contentful-paint')[0];
          if (!found) return;
          observer.disconnect();
          resolve(found.startTime);
        });
        observer.observe({ type: 'paint', buffered: true });
      }),
  );

/**
 * Chooses `file` in the popup's import panel, applies the plan (in `mode`), and answers how long
 * the preview and the apply took, each to what it puts on screen.
 * @param {import('playwright-core').Page} popup @param {string} file the file's path @param {'merge' | 'replace'} mode
 */
export async function importFile(popup, file, mode) {
  const plans = (await popup.evaluate(() => performance.getEntriesByName('paperlight:import-plan').length));
  // By path: the browser reads the file itself (as a buffer, 20 MB crossed the protocol, which
  // could take longer than the import on a busy machine).
  await popup.locator('[data-paperlight="import"] input[type="file"]').setInputFiles(file);
  await popup.locator('[data-paperlight="import-plan"]').waitFor({ timeout: LOAD_TIMEOUT_MS });
  await popup.waitForFunction((n) => performance.getEntriesByName('paperlight:import-plan').length > n, plans, { timeout: LOAD_TIMEOUT_MS });
  const plan = (await entry(popup, 'paperlight:import-plan')).duration;
  if (mode === 'replace') await popup.locator('input[name="import-mode"][value="replace"]').check();
  await popup.locator('[data-paperlight="import-plan"]').waitFor();
  const applies = await popup.evaluate(() => performance.getEntriesByName('paperlight:import-apply').length);
  await popup.locator('button[data-paperlight="import-apply"]').click();
  await popup.locator('[data-paperlight="import-done"]').waitFor({ timeout: LOAD_TIMEOUT_MS });
  await popup.waitForFunction((n) => performance.getEntriesByName('paperlight:import-apply').length > n, applies, { timeout: LOAD_TIMEOUT_MS });
  return { plan, apply: (await entry(popup, 'paperlight:import-apply')).duration };
}

/** @param {Browser} browser */
export async function extensionBase(browser) {
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  return `chrome-extension://${new URL(worker.url()).host}`;
}

/** A new 420×600 tab (the popup's size) at `url`. @param {Browser} browser @param {string} url */
export async function openSized(browser, url) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 600 });
  await page.goto(url);
  return page;
}

/**
 * One load of the empty extension page: its text painted, and its first contentful paint.
 * @param {Browser} browser
 */
export async function loadBlank(browser) {
  const page = await openSized(browser, `${await extensionBase(browser)}/${BLANK_PAGE}`);
  try {
    return { text: /** @type {number} */ (await elementPainted(page, 'bench-blank')), fcp: /** @type {number} */ (await firstContentfulPaint(page)) };
  } finally {
    await page.close();
  }
}

/**
 * One load of a floor page: when its element with `elementtiming="<identifier>"` was painted.
 * @param {Browser} browser @param {string} page @param {string} identifier
 */
export async function loadPainted(browser, page, identifier) {
  const opened = await openSized(browser, `${await extensionBase(browser)}/${page}`);
  try {
    return /** @type {number} */ (await elementPainted(opened, identifier));
  } finally {
    await opened.close();
  }
}

/**
 * Opens the popup as a page; when its first row is painted, its whole list is loaded and its
 * search ready (from navigation start). The page stays open.
 * @param {Browser} browser
 */
export async function loadPopup(browser) {
  const popup = await openSized(browser, `${await extensionBase(browser)}/popup.html`);
  const shown = /** @type {number} */ (await firstRowPainted(popup));
  // Typing waits until search covers every paper's text (abstracts included).
  await popup.waitForFunction(() => performance.getEntriesByName('paperlight:search-ready').length > 0, null, { timeout: LOAD_TIMEOUT_MS });
  const loaded = (await entry(popup, 'paperlight:library-loaded')).startTime;
  const ready = (await entry(popup, 'paperlight:search-ready')).startTime;
  return { popup, shown, loaded, ready };
}

/**
 * Exports everything from the popup in `format`: click → file (the popup's own measure), and
 * where the file is (a copy named for its format, as a user's file would be).
 * @param {import('playwright-core').Page} popup @param {string} format
 */
export async function exportAll(popup, format) {
  await popup.locator('select[data-paperlight="export-format"]').selectOption(format);
  const downloading = popup.waitForEvent('download');
  await popup.locator('button[data-paperlight="export"]').click();
  const download = await downloading;
  // The measure is placed once the file is handed over, which can come after the download starts.
  await popup.waitForFunction(() => performance.getEntriesByName('paperlight:export').length > 0, null, { timeout: LOAD_TIMEOUT_MS });
  const time = (await entry(popup, 'paperlight:export')).duration;
  await popup.evaluate(() => performance.clearMeasures('paperlight:export'));
  const file = path.join(tmpdir(), `paperlight-bench-export.${format === 'json' ? 'json' : 'txt'}`);
  copyFileSync(/** @type {string} */ (await download.path()), file);
  return { time, file };
}

/** JSON export time after a BibTeX export, as this build's is taken (the formats' code is loaded by then). @param {import('playwright-core').Page} popup */
export async function exportJsonAfterBibtex(popup) {
  await exportAll(popup, 'bibtex');
  return (await exportAll(popup, 'json')).time;
}

/** @param {Browser} browser @param {{ papers: unknown[], tags: unknown[] }} library @param {object} settings */
export async function seedLibrary(browser, library, settings) {
  const page = await browser.context.newPage();
  await page.goto(`${await extensionBase(browser)}/options.html`);
  await page.evaluate(replaceLibrary, { ...library, rules: [], settings });
  await page.close();
}

/**
 * @typedef {{ blank: number[], blankFcp: number[], firstRowFloor: number[], staticFloor: number[], shown: number[], ratio: number[], ratioStatic: number[], staticRatio: number[], loaded: number[], ready: number[], exportJson: number[], floorRows: number[], floorAbstracts: number[] }} PopupSamples
 */

/** @returns {PopupSamples} */
export const popupSamples = () => ({ blank: [], blankFcp: [], firstRowFloor: [], staticFloor: [], shown: [], ratio: [], ratioStatic: [], staticRatio: [], loaded: [], ready: [], exportJson: [], floorRows: [], floorAbstracts: [] });

/**
 * The empty page and the popup, one after the other (which goes first alternates with `run`):
 * both paints, their ratio, and the popup's whole list and search. Answers the popup, still open.
 * @param {Browser} browser @param {PopupSamples} samples @param {number} run
 */
export async function popupAgainstBlank(browser, samples, run) {
  /** @type {Awaited<ReturnType<typeof loadBlank>>} */
  let blank;
  /** @type {Awaited<ReturnType<typeof loadPopup>>} */
  let opened;
  if (run % 2) {
    opened = await loadPopup(browser);
    blank = await loadBlank(browser);
  } else {
    blank = await loadBlank(browser);
    opened = await loadPopup(browser);
  }
  samples.blank.push(blank.text);
  samples.blankFcp.push(blank.fcp);
  samples.firstRowFloor.push(await loadPainted(browser, FIRST_ROW_PAGE, 'bench-first-row'));
  const screen = await loadPainted(browser, STATIC_PAGE, 'paperlight-first-row');
  samples.staticFloor.push(screen);
  samples.staticRatio.push(screen / blank.text);
  samples.ratioStatic.push(opened.shown / screen);
  const floor = await loadFloor(browser);
  samples.floorRows.push(floor.rows);
  samples.floorAbstracts.push(floor.abstracts);
  samples.shown.push(opened.shown);
  samples.ratio.push(opened.shown / blank.text);
  samples.loaded.push(opened.loaded);
  samples.ready.push(opened.ready);
  return opened.popup;
}

/**
 * @param {Browser} browser
 * @param {number} runs popup loads (each beside an empty page's)
 * @param {number} heavyRuns of them, those that also type, export and import
 * @param {(Browser & { dir: string }) | null} baseline another build, measured in the same runs for the same figures
 */
export async function benchLibrary(browser, runs, heavyRuns, baseline) {
  heading(`1d. Reading list of ${LIBRARY_SIZE.toLocaleString('en')} papers (median (min–max); ms)`);
  const library = await generateLibrary(LIBRARY_SIZE);
  const settings = { openMarksReading: true, badgeCountsToRead: true, keyBindings: {} };
  await seedLibrary(browser, library, settings);
  if (baseline) await seedLibrary(baseline, library, settings);

  /** @type {Record<'cold' | 'keystroke' | 'keystrokeFrame' | 'exportBib' | 'plan' | 'apply' | 'planEmpty' | 'applyEmpty', number[]>} */
  const samples = { cold: [], keystroke: [], keystrokeFrame: [], exportBib: [], plan: [], apply: [], planEmpty: [], applyEmpty: [] };
  const ours = popupSamples();
  const theirs = popupSamples();
  // The first popup a browser opens also pays for compiling its code, which later opens find
  // cached: reported on its own row, as the other sections discard their warm-up loads. The
  // empty page gets its warm-up load too.
  for (const each of baseline ? [browser, baseline] : [browser]) {
    const cold = await openSized(each, `${await extensionBase(each)}/popup.html`);
    const shown = /** @type {number} */ (await firstRowPainted(cold));
    if (each === browser) samples.cold.push(shown);
    // Its screen once the rows are in, for the static floor (the rows' paint marks it).
    await cold.waitForFunction(() => performance.getEntriesByName('paperlight:search-ready').length > 0, null, { timeout: LOAD_TIMEOUT_MS });
    await writeStaticPopup(cold, each === browser ? EXTENSION_DIR : /** @type {any} */ (each).dir);
    await cold.close();
    await loadBlank(each);
  }
  for (let run = 0; run < runs; run++) {
    const heavy = run < heavyRuns;
    if (baseline) {
      // The older build first on odd runs: drift in the machine's load falls on both.
      if (run % 2) {
        const old = await popupAgainstBlank(baseline, theirs, run);
        if (heavy) theirs.exportJson.push(await exportJsonAfterBibtex(old));
        await old.close();
      }
    }
    const popup = await popupAgainstBlank(browser, ours, run);
    if (heavy) {
      // Each keystroke: the index's search, and from the input event to the frame that shows it.
      await popup.evaluate(() => {
        const frames = /** @type {number[]} */ ([]);
        /** @type {any} */ (window).__frames = frames;
        document.querySelector('input[data-paperlight="search"]')?.addEventListener('input', () => {
          const started = performance.now();
          requestAnimationFrame(() => setTimeout(() => frames.push(performance.now() - started), 0));
        });
      });
      await popup.locator('input[data-paperlight="search"]').focus();
      for (const char of TYPED) {
        await popup.keyboard.type(char);
        await popup.waitForTimeout(60);
      }
      const searches = await popup.evaluate((n) => performance.getEntriesByName('paperlight:search').slice(-n).map((e) => e.duration), TYPED.length);
      samples.keystroke.push(...searches);
      samples.keystrokeFrame.push(...(await popup.evaluate(() => /** @type {any} */ (window).__frames)));
      await popup.locator('input[data-paperlight="search"]').fill('');

      samples.exportBib.push((await exportAll(popup, 'bibtex')).time);
      const json = await exportAll(popup, 'json');
      ours.exportJson.push(json.time);
      // Import the backup just made, replacing the library: the same papers, written again (every
      // paper is written, changed or not).
      await popup.locator('button[data-paperlight="import-toggle"]').click();
      const again = await importFile(popup, json.file, 'replace');
      samples.plan.push(again.plan);
      samples.apply.push(again.apply);
      // And into an empty library, as on a new computer: 10,000 papers added.
      await popup.evaluate(replaceLibrary, { papers: [], tags: [], rules: [], settings });
      await popup.locator('[data-paperlight="empty-list"]').waitFor({ timeout: LOAD_TIMEOUT_MS });
      const fresh = await importFile(popup, json.file, 'merge');
      samples.planEmpty.push(fresh.plan);
      samples.applyEmpty.push(fresh.apply);
    }
    await popup.close();
    if (baseline && !(run % 2)) {
      const old = await popupAgainstBlank(baseline, theirs, run);
      if (heavy) theirs.exportJson.push(await exportJsonAfterBibtex(old));
      await old.close();
    }
  }
  for (const each of baseline ? [browser, baseline] : [browser]) await seedLibrary(each, { papers: [], tags: [] }, settings);

  /** A row: the figure for this build (and the baseline's), its target, and whether it is met.
   * @param {string} label @param {number[]} values @param {number[] | null} old @param {number} target @param {(n: number) => string} [unit] */
  const row = (label, values, old, target, unit = (n) => n.toLocaleString('en')) => {
    const s = stats(values);
    const digits = target < 10 ? 2 : 1;
    const verdict = target === Infinity ? '' : s.median <= target ? 'met' : 'NOT MET';
    return [label, spread(s, digits), ...(baseline ? [old ? spread(stats(old), digits) : ''] : []), unit(target), verdict];
  };
  const times = (/** @type {number} */ n) => `≤ ${n}×`;
  const total = (/** @type {number[]} */ plans, /** @type {number[]} */ applies) => plans.map((plan, i) => plan + (applies[i] ?? NaN));
  const rows = [
    row('empty extension page: its text painted', ours.blank, theirs.blank, Infinity, () => '–'),
    row('empty extension page: first contentful paint', ours.blankFcp, theirs.blankFcp, Infinity, () => '–'),
    row('floor: the popup\'s first screen as static HTML, no code', ours.staticFloor, theirs.staticFloor, Infinity, () => '–'),
    row('floor: one stored title read and painted, no framework', ours.firstRowFloor, theirs.firstRowFloor, Infinity, () => '–'),
    row('popup: first row painted (from navigation)', ours.shown, theirs.shown, Infinity, () => '–'),
    row('popup first row ÷ empty page text (pairs)', ours.ratio, theirs.ratio, 1.5, times),
    row('  the static first screen ÷ empty page text', ours.staticRatio, theirs.staticRatio, Infinity, () => '–'),
    row('popup first row ÷ static first screen (proposed)', ours.ratioStatic, theirs.ratioStatic, 2, times),
    row('  the same, first popup of the browser (cold)', samples.cold, null, Infinity, () => '–'),
    row('floor: every row\'s records read (bare IndexedDB)', ours.floorRows, theirs.floorRows, Infinity, () => '–'),
    row('popup: whole list loaded (every row, by date)', ours.loaded, theirs.loaded, 500),
    row('floor: + every abstract read (bare IndexedDB)', ours.floorAbstracts, theirs.floorAbstracts, Infinity, () => '–'),
    row('popup: search ready (every paper\'s text)', ours.ready, theirs.ready, 800),
    row('export all, JSON (click → file)', ours.exportJson, theirs.exportJson, 500),
    row(`search per keystroke ("${TYPED}")`, samples.keystroke, null, FRAME_MS),
    row('keystroke → frame shown', samples.keystrokeFrame, null, FRAME_MS * 2),
    row('export all, BibTeX (click → file)', samples.exportBib, null, 1_000),
    row('import backup, replace: file chosen → preview', samples.plan, null, 2_000),
    row('import backup, replace: apply → list shown', samples.apply, null, 2_000),
    row('import backup, replace: total', total(samples.plan, samples.apply), null, 2_000),
    row('import into empty library: file → preview', samples.planEmpty, null, 2_000),
    row('import into empty library: apply → list shown', samples.applyEmpty, null, 2_000),
    row('import into empty library: total', total(samples.planEmpty, samples.applyEmpty), null, 2_000),
  ];
  printTable(['', 'this build', ...(baseline ? ['baseline build'] : []), 'target', 'met'], rows);
  console.log(`${runs} popup loads, each beside a load of ${BLANK_PAGE} (one line of text, no code; the order alternates); typing, exports and imports in ${heavyRuns} of them.`);
  if (baseline) console.log(`Baseline: the build in ${baseline.dir}, in its own browser, its loads interleaved with this build's.`);
  console.log('Generated library (tests/support/generate-library.ts): ~1,500-character abstracts, notes on half, 3 tags each.');
  console.log(`First-row floors: ${STATIC_PAGE} is the popup's markup once its rows show, saved as a page with its stylesheet and no code; ${FIRST_ROW_PAGE} reads the summary record with the bare IndexedDB API and paints one title.`);
  console.log(`Floors: ${FLOOR_PAGE} reads the same records with the bare IndexedDB API in one transaction and turns them into objects, nothing else (loaded after each pair).`);
  console.log('Paints are Element Timing entries (the first row\'s title; the empty page\'s text). The ratio is taken per pair, then its median.');
  console.log('Import totals leave out the time the user looks at the preview.');
  const met = (/** @type {number[]} */ values, /** @type {number} */ target) => stats(values).median <= target;
  return met(ours.ratio, 1.5) && met(ours.loaded, 500) && met(ours.ready, 800) && met(ours.exportJson, 500);
}
