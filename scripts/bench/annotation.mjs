// `npm run bench` §1: the annotation pass on 13-, 105- and 1,000-card listings.
import { listingPage } from '../../tests/support/generate-listing.mjs';
import { FRAME_MS, SIZES, VIEWPORT, fixed, generatedPath, heading, loadMany, printTable, spread, stats } from './common.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */
/** @typedef {import('./common.mjs').LoadSample} LoadSample */

// ---------------------------------------------------------------------------------------------
// 1. Annotation pass

/** @param {number} value @param {number} expected */
export const check = (value, expected) => (value === expected ? String(value) : `${value} (!)`);

/**
 * One table row for `size` cards, from that page's samples.
 * @param {number} size
 * @param {LoadSample[]} samples
 */
export function annotationRow(size, samples) {
  const pick = (/** @type {(s: LoadSample) => number | null} */ field) => stats(samples.map((sample) => field(sample) ?? NaN));
  const firstSlice = pick((sample) => sample.firstSlice);
  const whole = pick((sample) => sample.whole);
  const baseline = pick((sample) => sample.baseline);
  const cells = [
    String(size),
    `${check(pick((sample) => sample.recognised).min, size)}/${check(pick((sample) => sample.passCards).min, size)}`,
    spread(firstSlice, 1),
    fixed(pick((sample) => sample.inFirstSlice).median, 0),
    firstSlice.max <= FRAME_MS ? 'yes' : 'NO',
    spread(whole, 1),
    fixed(pick((sample) => sample.slices).median, 0),
    fixed(pick((sample) => sample.longestSlice).median, 1),
    spread(baseline, 1),
    `${fixed(firstSlice.median / baseline.median, 2)}× / ${fixed(whole.median / baseline.median, 2)}×`,
    spread(pick((sample) => sample.ready), 0),
  ];
  const recognised = samples.every((sample) => sample.recognised === size && sample.passCards === size);
  return { cells, recognised };
}

/**
 * @param {Browser} browser
 * @param {number} runs
 * @returns {Promise<boolean>} whether every card of every page was recognised
 */
export async function benchAnnotation(browser, runs) {
  heading(`1. Annotation (median (min–max) of ${runs} fresh loads per size; ms)`);
  /** @type {ReturnType<typeof annotationRow>[]} */
  const rows = [];
  /** @type {string[][]} */
  const timeline = [];
  let inView = 0;
  for (const size of SIZES) {
    const samples = await loadMany(browser, generatedPath(size), runs);
    rows.push(annotationRow(size, samples));
    timeline.push(timelineRow(size, samples));
    inView = Math.max(inView, ...samples.map((sample) => sample.inView));
  }
  printTable(
    ['cards', 'attr/pass', 'first slice', 'cards in it', '≤ 16 ms', 'whole pass (CPU)', 'slices', 'longest', 'baseline', 'ratio first/whole', 'nav → ready'],
    rows.map((row) => row.cells),
  );
  console.log(`Budget: annotating must cost less than a frame (${FRAME_MS} ms) for the cards in view (${inView} at ${VIEWPORT.width}×${VIEWPORT.height}).`);
  console.log('"first slice": from the start of the first pass to the end of its first slice (discovery included): how long the');
  console.log('page is blocked before the cards in view have their stars. The rest follows in slices of about 8 ms.');
  console.log('"baseline": the simplest annotator (createElement after every article h3, all at once, no id keying), timed in');
  console.log('the same page load; "ratio" is Paperlight\'s first slice and whole pass against it.');
  console.log('"attr/pass": html[data-paperlight-cards] and the pass report\'s card count (lowest of all loads).');
  const allRecognised = rows.every((row) => row.recognised);
  if (!allRecognised) console.log('WARNING: some loads did not recognise every card (marked "!").');
  console.log('');
  console.log('Where the time from navigation to "ready" goes (ms from navigation start, medians; the page itself, then Paperlight):');
  printTable(['cards', 'HTML', 'response end', 'DCL', 'load', 'pass starts', 'pass ends (wall)', 'of it CPU', 'ready'], timeline);
  console.log('"HTML": the generated page\'s size. Up to "load" the time is the page\'s own (its HTML arriving through the test\'s');
  console.log('network routing, then parsed; §2 compares it with and without Paperlight). The pass starts after "load" (at');
  console.log('most 300 ms after the first frame: lib/content/start-moment.ts); between its slices the browser lays out and');
  console.log('paints the page, which on a long list costs more than the slices themselves ("of it CPU"). "ready" follows once');
  console.log('the background has answered.');
  return allRecognised;
}

/**
 * One row of §1's timeline for `size` cards: medians of when each step happened.
 * @param {number} size
 * @param {LoadSample[]} samples
 */
export function timelineRow(size, samples) {
  const median = (/** @type {(s: LoadSample) => number | null} */ field) => fixed(stats(samples.map((sample) => field(sample) ?? NaN)).median, 0);
  const bytes = Buffer.byteLength(listingPage(size));
  return [
    String(size),
    bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`,
    median((sample) => sample.responseEnd),
    median((sample) => sample.domContentLoaded),
    median((sample) => sample.load),
    median((sample) => sample.passStart),
    median((sample) => sample.counted),
    median((sample) => sample.whole),
    median((sample) => sample.ready),
  ];
}
