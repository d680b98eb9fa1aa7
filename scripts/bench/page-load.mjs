// `npm run bench` §2: page load with and without the extension, as a ratio, beside an empty extension's.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR } from '../../tests/support/browser.mjs';
import { REAL_PAGE, SHOWN_MARK, fixed, generatedPath, heading, loadOnce, markShown, printTable, spread, stats } from './common.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */
/** @typedef {import('./common.mjs').LoadSample} LoadSample */

// ---------------------------------------------------------------------------------------------
// 2. Page load with and without the extension, beside the floor of any extension

/**
 * The floor: an extension that injects an empty content script where and when Paperlight's runs
 * (and has an empty service worker). What the browser charges a page for any content script at
 * all (a script world made, the file injected) is in its figures, and none of Paperlight's work.
 * Written to a temporary directory by the bench; never shipped.
 */
export function writeFloorExtension() {
  const dir = mkdtempSync(path.join(tmpdir(), 'paperlight-floor-'));
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const script = manifest.content_scripts[0];
  const floor = {
    manifest_version: 3,
    name: 'Empty content script (bench floor)',
    version: '1.0.0',
    host_permissions: manifest.host_permissions,
    background: { service_worker: 'worker.js' },
    content_scripts: [{ matches: script.matches, run_at: script.run_at, js: ['content.js'] }],
  };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(floor));
  writeFileSync(path.join(dir, 'worker.js'), '');
  writeFileSync(path.join(dir, 'content.js'), 'void 0;\n');
  return dir;
}

/** @typedef {'off' | 'floor' | 'on'} Side */

/**
 * Loads `pagePath` `runs` times in each browser, after one discarded load each (a page's first
 * load in a browser also pays for compiling its CSS and warming caches). The browsers take turns
 * going first, so drift in the machine's load falls on every side.
 * @param {Record<Side, Browser>} browsers
 * @param {string} pagePath
 * @param {number} runs
 */
export async function loadSides(browsers, pagePath, runs) {
  const sides = /** @type {Side[]} */ (Object.keys(browsers));
  /** @type {Record<Side, LoadSample[]>} */
  const samples = { off: [], floor: [], on: [] };
  for (const side of sides) await loadOnce(browsers[side], pagePath);
  for (let run = 0; run < runs; run++) {
    const order = [...sides.slice(run % sides.length), ...sides.slice(0, run % sides.length)];
    for (const side of order) samples[side].push(await loadOnce(browsers[side], pagePath));
  }
  return samples;
}

/** @param {number} on @param {number} off */
export const ratio = (on, off) => `${fixed(on / off, 2)}×`;

/**
 * Rows for one page: DCL, FCP and load without any extension, with the empty one (the floor) and
 * with Paperlight, then time-to-ready, which only exists with it and so is set against the load
 * without it. Minimums are shown beside medians: on a busy machine they are the steadier estimate
 * of what the page itself costs.
 * @param {string} label
 * @param {Record<Side, LoadSample[]>} samples
 */
export function pageLoadRows(label, { on, floor, off }) {
  /** @param {LoadSample[]} list @param {(s: LoadSample) => number | null} pick */
  const of = (list, pick) => stats(list.map((sample) => pick(sample) ?? NaN));
  const sides = (/** @type {(s: LoadSample) => number | null} */ pick) => ({ on: of(on, pick), floor: of(floor, pick), off: of(off, pick) });
  const ready = of(on, (sample) => sample.ready);
  const shown = of(on, (sample) => sample.shown);
  const fcpOff = of(off, (sample) => sample.firstPaint);
  const loadOff = of(off, (sample) => sample.load);
  // Loads where Paperlight had not let the cards show by the time it was ready (hold.css's 1.5 s
  // failsafe does then).
  const unshown = on.filter((sample) => sample.shown === null).length;
  const cell = (/** @type {{ median: number, min: number, max: number }} */ s) => spread(s, 0);
  /** @type {[string, (s: LoadSample) => number | null][]} */
  const metrics = [
    ['DCL', (sample) => sample.domContentLoaded],
    ['FCP', (sample) => sample.firstPaint],
    ['load', (sample) => sample.load],
  ];
  const rows = metrics.map(([name, pick], i) => {
    const s = sides(pick);
    return [i === 0 ? label : '', name, cell(s.off), cell(s.floor), cell(s.on), ratio(s.on.median, s.off.median), ratio(s.floor.median, s.off.median), ratio(s.on.median, s.floor.median), ratio(s.on.min, s.off.min)];
  });
  return [
    ...rows,
    ['', 'ready', '', '', cell(ready), ratio(ready.median, loadOff.median), '', '', ratio(ready.min, loadOff.min)],
    ['', unshown ? `shown (${unshown} held at ready!)` : 'shown', '', '', cell(shown), ratio(shown.median, fcpOff.median), '', '', ratio(shown.min, fcpOff.min)],
  ];
}

/**
 * @param {Record<Side, Browser>} browsers
 * @param {number} runs
 */
export async function benchPageLoad(browsers, runs) {
  heading(`2. Page load without an extension, with an empty one, with Paperlight (${runs} fresh loads each; ms from navigation start)`);
  // Only pages opened from here on get the mark; every browser, so each side pays the same observer.
  await Promise.all(Object.values(browsers).map((browser) => browser.context.addInitScript(markShown, SHOWN_MARK)));
  const pages = [
    { label: `real 13-card page (${REAL_PAGE})`, path: REAL_PAGE },
    { label: '105-card generated listing', path: generatedPath(105) },
    { label: '1,000-card generated listing', path: generatedPath(1000) },
  ];
  /** @type {string[][]} */
  const rows = [];
  for (const page of pages) rows.push(...pageLoadRows(page.label, await loadSides(browsers, page.path, runs)));
  printTable(['page', 'metric', 'off: median (min–max)', 'floor', 'on', 'on/off', 'floor/off', 'on/floor', 'on/off mins'], rows, 2);
  console.log('off = Chromium without extensions; floor = with an extension whose content script is empty (same matches and');
  console.log('run_at as Paperlight\'s): what any content script costs the page; on = with Paperlight. Ratios are of medians.');
  console.log('DCL = domContentLoadedEventEnd, FCP = first contentful paint (what the reader sees first: Paperlight annotates');
  console.log('after it), load = loadEventEnd, ready = html[data-paperlight="ready"] (stars painted with their saved state);');
  console.log('its ratios are against load off; Paperlight starts after the page\'s load (lib/content/start-moment.ts).');
  console.log('shown = html[data-paperlight-shown]: with a mute rule hold.css holds the cards until then, so no muted paper');
  console.log('shows unmuted. This profile has none, so Chrome holds nothing (hold.css is registered only while a rule mutes)');
  console.log('and the row only says when Paperlight set it, after load. Its ratios are against FCP off. "held at ready!" counts');
  console.log('loads still without it when Paperlight was ready, left out.');
}
