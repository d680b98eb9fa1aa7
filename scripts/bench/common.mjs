// `npm run bench`: what the sections share: constants, statistics, tables, the build, the
// functions that run in the page, and opening and loading pages.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { launchBrowser } from '../../tests/support/browser.mjs';
import { routeSite } from '../../tests/support/site-routes.mjs';

export const ORIGIN = 'https://huggingface.co';
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const FRAME_MS = 16;
export const VIEWPORT = { width: 1280, height: 900 };
export const SIZES = [13, 105, 1000];
/** The recorded 2024 page: the site's real markup, not our reconstruction. */
export const REAL_PAGE = '/papers?date=2024-08-01';
/** Generated pages get dates far from any fixture so routes never clash. */
export const generatedPath = (/** @type {number} */ cards) => `/papers/date/2030-01-01?cards=${cards}`;
export const READY_MARK = 'bench:paperlight-ready';
/** §2: when Paperlight lets the cards show (hold.css holds them until `html[data-paperlight-shown]`). */
export const SHOWN_MARK = 'bench:paperlight-shown';
export const LOAD_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Small helpers

/** @param {number[]} values */
export function stats(values) {
  // A load can lack a figure (no first-paint entry, say): it counts as missing, not as zero.
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

/** @param {number} value @param {number} [digits] */
export const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** @param {{ median: number, min: number, max: number }} s @param {number} [digits] */
export const spread = (s, digits = 1) => `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;

/** @param {number} bytes */
export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Prints a plain-text table. The first `labels` columns are left-aligned text; the rest hold
 * numbers and are right-aligned so their digits line up.
 * @param {string[]} headers
 * @param {string[][]} rows
 * @param {number} [labels]
 */
export function printTable(headers, rows, labels = 1) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells.map((cell, column) => (column < labels ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(line(headers));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** @param {string} title */
export function heading(title) {
  console.log(`\n== ${title} ${'='.repeat(Math.max(3, 100 - title.length))}`);
}

// ---------------------------------------------------------------------------------------------
// Build

/** Builds quietly: the build log only matters when it fails. */
export function build() {
  const started = performance.now();
  process.stdout.write('Building (npx wxt build)… ');
  const result = spawnSync('npx', ['wxt', 'build'], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) {
    console.log('failed');
    console.error(result.stdout, result.stderr);
    process.exit(result.status ?? 1);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------------------------------------
// Browser side

/**
 * Runs in the page before any of its scripts: the moment `html[data-paperlight]` turns "ready"
 * becomes a performance mark, so time-to-ready is measured from navigation start inside the page
 * rather than by polling from Node.
 * @param {string} markName
 */
export function markReadiness(markName) {
  let counted = false;
  const observer = new MutationObserver(() => {
    const html = document.documentElement;
    // When the first pass has been through every card (it sets the count at its end): 'bench:paperlight-counted'.
    if (!counted && html?.hasAttribute('data-paperlight-cards')) {
      counted = true;
      performance.mark('bench:paperlight-counted');
    }
    if (html?.getAttribute('data-paperlight') !== 'ready') return;
    performance.mark(markName);
    observer.disconnect();
  });
  observer.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-paperlight', 'data-paperlight-cards'] });
}

/**
 * Runs in the page before any of its scripts (§2 only): the moment Paperlight lets the cards show
 * (`html[data-paperlight-shown]`; until then hold.css keeps them hidden) becomes a performance mark.
 * @param {string} markName
 */
export function markShown(markName) {
  // The document_start content script may have got there first (it sets it once its storage read
  // is answered): then the mark is now, a little late rather than missing.
  if (document.documentElement?.hasAttribute('data-paperlight-shown')) {
    performance.mark(markName);
    return;
  }
  const observer = new MutationObserver(() => {
    if (!document.documentElement?.hasAttribute('data-paperlight-shown')) return;
    performance.mark(markName);
    observer.disconnect();
  });
  observer.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-paperlight-shown'] });
}

/** Runs in the page. */
export function loadEnded() {
  const navigation = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
  return (navigation?.loadEventEnd ?? 0) > 0;
}

/**
 * @typedef {{
 *   load: number, domContentLoaded: number, firstPaint: number | null, ready: number | null, shown: number | null,
 *   firstSlice: number | null, inFirstSlice: number | null, whole: number | null, slices: number | null,
 *   longestSlice: number | null, passCards: number | null, passes: number, baseline: number,
 *   tagPaint: number, chips: number,
 *   recognised: number | null, inView: number, responseEnd: number, passStart: number | null, counted: number | null,
 * }} LoadSample
 */

/**
 * Runs in the page: the baseline, the simplest annotator one could write (a button built with
 * createElement after every article's heading, all cards in one go, no discovery by id), timed,
 * then undone. Paperlight's figures are read against it.
 */
export function naiveAnnotation() {
  const start = performance.now();
  const added = [];
  for (const heading of document.querySelectorAll('article h3')) {
    const bar = document.createElement('div');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '☆';
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => button.setAttribute('aria-pressed', 'true'));
    bar.append(button);
    heading.after(bar);
    added.push(bar);
  }
  const took = performance.now() - start;
  for (const bar of added) bar.remove();
  return took;
}

/**
 * What the page knows about its own load, read after it has finished.
 * @param {string} markName
 * @returns {LoadSample}
 */
export function readSample(markName) {
  const navigation = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
  const firstSlices = /** @type {PerformanceMeasure[]} */ (performance.getEntriesByName('paperlight:annotate'));
  const first = firstSlices[0];
  const pass = /** @type {PerformanceMeasure | undefined} */ (performance.getEntriesByName('paperlight:pass')[0]);
  /** @type {{ cards?: number, annotatedInFirstSlice?: number, slices?: number, longestSliceMs?: number } | null} */
  const report = pass?.detail ?? null;
  const ready = performance.getEntriesByName(markName)[0];
  const shown = performance.getEntriesByName('bench:paperlight-shown')[0];
  const cards = document.documentElement.getAttribute('data-paperlight-cards');
  const inView = [...document.querySelectorAll('article')].filter((article) => {
    const box = article.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  }).length;
  return {
    load: navigation.loadEventEnd,
    domContentLoaded: navigation.domContentLoadedEventEnd,
    firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    ready: ready ? ready.startTime : null,
    // SHOWN_MARK (runs in the page, so spelt out); only §2 installs it (markShown): null elsewhere.
    shown: shown ? shown.startTime : null,
    firstSlice: first ? first.duration : null,
    inFirstSlice: report?.annotatedInFirstSlice ?? null,
    whole: pass ? pass.duration : null,
    slices: report?.slices ?? null,
    longestSlice: report?.longestSliceMs ?? null,
    passCards: report?.cards ?? null,
    passes: firstSlices.length,
    baseline: NaN,
    // The longest repaint of tag chips (they arrive after the pass, with the background's answer).
    tagPaint: Math.max(0, ...performance.getEntriesByName('paperlight:tags').map((entry) => entry.duration)),
    chips: document.querySelectorAll('[data-paperlight-id] [data-paperlight="tag"]').length,
    recognised: cards === null ? null : Number(cards),
    inView,
    // Where the time from navigation to "ready" goes (§1's second table).
    responseEnd: navigation.responseEnd,
    passStart: first ? first.startTime : null,
    counted: performance.getEntriesByName('bench:paperlight-counted')[0]?.startTime ?? null,
  };
}

/**
 * @param {{ extension: boolean, pages: Map<string, string>, extensionDir?: string }} options `extension`: Paperlight's build
 *   (loads wait for it to be ready); `extensionDir` alone: another extension, whose loads wait for nothing more
 */
export async function openBrowser({ extension, pages, extensionDir = undefined }) {
  const { context } = await launchBrowser({ extension: extension || extensionDir !== undefined, extensionDir, viewport: VIEWPORT });
  await routeSite(context, { extra: pages });
  await context.addInitScript(markReadiness, READY_MARK);
  return { context, extension };
}

/** @typedef {Awaited<ReturnType<typeof openBrowser>>} Browser */

/**
 * One fresh page load in a new tab. With the extension it waits for Paperlight to say "ready",
 * so the sample always includes the first annotation pass.
 * @param {Browser} browser
 * @param {string} pathAndSearch
 * @returns {Promise<LoadSample>}
 */
export async function loadOnce(browser, pathAndSearch) {
  const page = await browser.context.newPage();
  try {
    await page.goto(ORIGIN + pathAndSearch, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    // loadEventEnd is only set once the load handlers have returned.
    await page.waitForFunction(loadEnded);
    if (browser.extension) {
      await page.waitForSelector('html[data-paperlight="ready"]', { state: 'attached', timeout: LOAD_TIMEOUT_MS });
    }
    const sample = await page.evaluate(readSample, READY_MARK);
    return { ...sample, baseline: await page.evaluate(naiveAnnotation) };
  } finally {
    await page.close();
  }
}

/**
 * @param {Browser} browser
 * @param {string} pathAndSearch
 * @param {number} runs
 */
export async function loadMany(browser, pathAndSearch, runs) {
  /** @type {LoadSample[]} */
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await loadOnce(browser, pathAndSearch));
  return samples;
}
