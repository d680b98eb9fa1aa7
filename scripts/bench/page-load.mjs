// `npm run bench` §2: page load with and without the extension, as a ratio.
import { REAL_PAGE, SHOWN_MARK, fixed, generatedPath, heading, loadOnce, markShown, printTable, spread, stats } from './common.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */
/** @typedef {import('./common.mjs').LoadSample} LoadSample */

// ---------------------------------------------------------------------------------------------
// 2. Page load with and without the extension

/**
 * Loads `pagePath` `runs` times in each browser, after one discarded load each (a page's first
 * load in a browser also pays for compiling its CSS and warming caches). Alternating which
 * browser goes first spreads any drift in the machine's load over both sides.
 * @param {Browser} withExtension
 * @param {Browser} without
 * @param {string} pagePath
 * @param {number} runs
 */
export async function loadPairs(withExtension, without, pagePath, runs) {
  /** @type {{ on: LoadSample[], off: LoadSample[] }} */
  const samples = { on: [], off: [] };
  await loadOnce(withExtension, pagePath);
  await loadOnce(without, pagePath);
  for (let run = 0; run < runs; run++) {
    const order = run % 2 ? [without, withExtension] : [withExtension, without];
    for (const browser of order) {
      samples[browser === without ? 'off' : 'on'].push(await loadOnce(browser, pagePath));
    }
  }
  return samples;
}

/** @param {number} on @param {number} off */
export const ratio = (on, off) => `${fixed(on / off, 2)}×`;

/**
 * Rows for one page: DCL and load with and without the extension, then time-to-ready, which only
 * exists with it and so is set against the load without it. Minimums are shown beside medians:
 * on a busy machine they are the steadier estimate of what the page itself costs.
 * @param {string} label
 * @param {{ on: LoadSample[], off: LoadSample[] }} samples
 */
export function pageLoadRows(label, { on, off }) {
  /** @param {LoadSample[]} list @param {(s: LoadSample) => number | null} pick */
  const of = (list, pick) => stats(list.map((sample) => pick(sample) ?? NaN));
  const both = (/** @type {(s: LoadSample) => number | null} */ pick) => ({ on: of(on, pick), off: of(off, pick) });
  const dcl = both((sample) => sample.domContentLoaded);
  const fcp = both((sample) => sample.firstPaint);
  const load = both((sample) => sample.load);
  const ready = of(on, (sample) => sample.ready);
  const shown = of(on, (sample) => sample.shown);
  // Loads where Paperlight had not let the cards show by the time it was ready (hold.css's 1.5 s
  // failsafe does then).
  const unshown = on.filter((sample) => sample.shown === null).length;
  const cell = (/** @type {{ median: number, min: number, max: number }} */ s) => spread(s, 0);
  return [
    [label, 'DCL', cell(dcl.off), cell(dcl.on), ratio(dcl.on.median, dcl.off.median), ratio(dcl.on.min, dcl.off.min)],
    ['', 'FCP', cell(fcp.off), cell(fcp.on), ratio(fcp.on.median, fcp.off.median), ratio(fcp.on.min, fcp.off.min)],
    ['', 'load', cell(load.off), cell(load.on), ratio(load.on.median, load.off.median), ratio(load.on.min, load.off.min)],
    ['', 'ready', '', cell(ready), ratio(ready.median, load.off.median), ratio(ready.min, load.off.min)],
    ['', unshown ? `shown (${unshown} held at ready!)` : 'shown', '', cell(shown), ratio(shown.median, fcp.off.median), ratio(shown.min, fcp.off.min)],
  ];
}

/**
 * @param {Browser} withExtension
 * @param {Browser} without
 * @param {number} runs
 */
export async function benchPageLoad(withExtension, without, runs) {
  heading(`2. Page load with / without Paperlight (${runs} fresh loads each; ms from navigation start)`);
  // Only pages opened from here on get the mark; both browsers, so "off" pays the same observer.
  await Promise.all([withExtension.context.addInitScript(markShown, SHOWN_MARK), without.context.addInitScript(markShown, SHOWN_MARK)]);
  const pages = [
    { label: `real 13-card page (${REAL_PAGE})`, path: REAL_PAGE },
    { label: '105-card generated listing', path: generatedPath(105) },
    { label: '1,000-card generated listing', path: generatedPath(1000) },
  ];
  /** @type {string[][]} */
  const rows = [];
  for (const page of pages) rows.push(...pageLoadRows(page.label, await loadPairs(withExtension, without, page.path, runs)));
  printTable(['page', 'metric', 'off: median (min–max)', 'on: median (min–max)', 'on/off medians', 'on/off mins'], rows, 2);
  console.log('off = Chromium without the extension, on = with it. DCL = domContentLoadedEventEnd, FCP = first contentful');
  console.log('paint (what the reader sees first: Paperlight annotates after it), load = loadEventEnd,');
  console.log('ready = html[data-paperlight="ready"] (stars painted with their saved state); its ratios are against load off.');
  console.log('shown = html[data-paperlight-shown] (hold.css holds the cards until then, so no muted paper shows unmuted);');
  console.log('its ratios are against FCP off, where the cards show at first paint. "held at ready!" counts loads still holding');
  console.log('them when Paperlight was ready (hold.css lets them show after 1.5 s), left out of the figures.');
}
