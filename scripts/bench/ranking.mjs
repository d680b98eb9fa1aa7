// `npm run bench` §1h: For you (issue #17). Training the reader's model in the background on 1,000
// saved papers and 5,000 papers seen and not kept (real titles and abstracts of 2025 from
// tests/fixtures/ranking/), the first time after the worker starts (nothing tokenised yet) and
// again (retrained after a change); the model's size; scoring the 105-card view (the page reads its
// cards' texts and sends them, the background scores them, the page paints the dots); the view's
// first slice with a model against the same view without one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FRAME_MS, LOAD_TIMEOUT_MS, ORIGIN, ROOT, fixed, generatedPath, heading, loadMany, printTable, spread, stats } from './common.mjs';
import { extensionBase, generateLibrary, replaceLibrary } from './library.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */

const POSITIVES = 1_000;
const NEGATIVES = 5_000;
const BATCH = 2_000;
const DISMISS_BATCH = 1_000;
/** The seen papers whose texts are kept (lib/store/ranking.ts keeps the last 3,000). */
const SEEN = 3_000;
const TRAIN_MS = 300;
const SCORE_MS = 2;
const MODEL_BYTES = 100_000;

/** @returns {{ id: string, title: string, abstract: string }[]} */
function realPapers() {
  const file = path.join(ROOT, 'tests/fixtures/ranking/papers-2025.jsonl.gz');
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** A distinct arXiv id for the `i`-th negative (a block no real paper of the data uses). */
const negativeId = (/** @type {number} */ i) => `${2601 + (i % 12)}.${String(90_000 + Math.floor(i / 12)).padStart(5, '0')}`;

/** Runs in an extension page: sends `message`, returns its value. */
async function send(/** @type {any} */ message) {
  const reply = await /** @type {any} */ (globalThis).chrome.runtime.sendMessage(message);
  if (!reply?.ok) throw new Error(reply?.error ?? `${message.type} failed`);
  return reply.value;
}

/** @param {import('playwright-core').Page} extension @param {(summary: any) => boolean} until */
async function summaryWhen(extension, until) {
  const deadline = Date.now() + 10 * LOAD_TIMEOUT_MS;
  for (;;) {
    const summary = await extension.evaluate(send, { type: 'rank.summary' });
    if (until(summary)) return summary;
    if (Date.now() > deadline) throw new Error(`the model was not trained: ${JSON.stringify({ ...summary, overall: undefined, tags: undefined })}`);
    await extension.waitForTimeout(50);
  }
}

/** Trains again (a reset, undone at once) and waits for it; the summary after. */
async function retrain(/** @type {import('playwright-core').Page} */ extension) {
  const before = await extension.evaluate(send, { type: 'rank.summary' });
  const { resetAt } = await extension.evaluate(send, { type: 'rank.reset' });
  await extension.evaluate(send, { type: 'rank.unreset', resetAt });
  return summaryWhen(extension, (summary) => summary.ready && summary.trainedAt !== before.trainedAt && summary.positives === POSITIVES);
}

/** @param {Browser} browser @param {number} runs */
export async function benchRanking(browser, runs) {
  heading('1h. For you: the reader’s model (median (min–max))');
  const without = (await loadMany(browser, generatedPath(105), runs)).map((sample) => sample.firstSlice ?? NaN);

  const papers = realPapers();
  const extension = await browser.context.newPage();
  await extension.goto(`${await extensionBase(browser)}/options.html`);
  const library = await generateLibrary(POSITIVES);
  const saved = /** @type {any[]} */ (library.papers).map((paper, i) => {
    const real = /** @type {{ id: string, title: string, abstract: string }} */ (papers[i]);
    // Untagged: the figure is the reader's model (tag models come after it, in the same training).
    return { ...paper, id: real.id, title: real.title, abstract: real.abstract, tags: [] };
  });
  await extension.evaluate(replaceLibrary, { papers: saved, tags: [], rules: [], settings: {} });
  // The texts of the last 3,000 papers seen are kept (the weak negatives); the other 2,000 are
  // dismissed (strong negatives, their texts kept while dismissed).
  const negative = (/** @type {number} */ i) => {
    // The data's other papers first, then its texts again under other ids.
    const paper = /** @type {{ title: string, abstract: string }} */ (papers[POSITIVES + (i % (papers.length - POSITIVES))]);
    return { id: negativeId(i), text: { title: paper.title, abstract: paper.abstract } };
  };
  for (let start = 0; start < SEEN; start += BATCH) {
    const marks = Array.from({ length: Math.min(BATCH, SEEN - start) }, (_, k) => ({ ...negative(start + k), how: 'glimpsed', upvotes: 1 }));
    await extension.evaluate(send, { type: 'seen.mark', marks });
  }
  for (let start = SEEN; start < NEGATIVES; start += DISMISS_BATCH) {
    const dismissed = Array.from({ length: Math.min(DISMISS_BATCH, NEGATIVES - start) }, (_, k) => negative(start + k));
    await extension.evaluate(send, { type: 'seen.dismiss', ids: dismissed.map((paper) => paper.id), dismissed: true, texts: Object.fromEntries(dismissed.map((paper) => [paper.id, paper.text])) });
  }
  const first = await summaryWhen(extension, (summary) => summary.ready && summary.positives === POSITIVES && summary.negatives.weak === SEEN && summary.negatives.strong === NEGATIVES - SEEN);

  // The first training of a worker tokenises every paper; later ones only what changed. The
  // background's timeline says how much of it was the training itself (the rest reads the library
  // and the texts from the database).
  const cdp = await browser.context.newCDPSession(extension);
  await cdp.send('ServiceWorker.enable');
  const lastTraining = async () => {
    const worker = browser.context.serviceWorkers().at(-1) ?? (await browser.context.waitForEvent('serviceworker', { timeout: LOAD_TIMEOUT_MS }));
    return /** @type {number} */ (await worker.evaluate(() => /** @type {any} */ (performance.getEntriesByName('paperlight:rank-train').at(-1))?.detail?.fitMs ?? NaN));
  };
  /** @type {number[]} */
  const cold = [];
  /** @type {number[]} */
  const coldFit = [];
  /** @type {number[]} */
  const warm = [];
  /** @type {number[]} */
  const warmFit = [];
  for (let run = 0; run < runs; run++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    cold.push((await retrain(extension)).trainMs);
    coldFit.push(await lastTraining());
    warm.push((await retrain(extension)).trainMs);
    warmFit.push(await lastTraining());
  }
  const bytes = (await extension.evaluate(send, { type: 'rank.summary' })).modelBytes;

  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker', { timeout: LOAD_TIMEOUT_MS }));
  /** @type {number[]} */
  const scoring = [];
  /** @type {number[]} */
  const background = [];
  /** @type {number[]} */
  const painting = [];
  /** @type {number[]} */
  const untilScored = [];
  /** @type {number[]} */
  const firstSlices = [];
  for (let run = 0; run < runs; run++) {
    await worker.evaluate(() => performance.clearMeasures('paperlight:rank-score'));
    const page = await browser.context.newPage();
    await page.goto(ORIGIN + generatedPath(105));
    await page.waitForFunction(() => document.querySelectorAll('[data-paperlight-score]').length === 105, undefined, { timeout: LOAD_TIMEOUT_MS });
    const measured = await page.evaluate(() => {
      const sum = (/** @type {string} */ name) => performance.getEntriesByName(name).reduce((total, entry) => total + entry.duration, 0);
      const ready = performance.getEntriesByName('bench:paperlight-ready')[0]?.startTime ?? NaN;
      const lastPaint = performance.getEntriesByName('paperlight:for-you-paint').at(-1);
      return {
        score: sum('paperlight:for-you-score'),
        paint: sum('paperlight:for-you-paint'),
        untilScored: lastPaint ? lastPaint.startTime + lastPaint.duration - ready : NaN,
        firstSlice: performance.getEntriesByName('paperlight:annotate')[0]?.duration ?? NaN,
      };
    });
    scoring.push(measured.score);
    painting.push(measured.paint);
    untilScored.push(measured.untilScored);
    firstSlices.push(measured.firstSlice);
    background.push(await worker.evaluate(() => performance.getEntriesByName('paperlight:rank-score').reduce((total, entry) => total + entry.duration, 0)));
    await page.close();
  }
  await extension.close();

  const coldStats = stats(coldFit);
  const scoreStats = stats(scoring);
  const sliceWith = stats(firstSlices);
  const sliceWithout = stats(without);
  const trainMet = coldStats.median <= TRAIN_MS;
  const scoreMet = scoreStats.median <= SCORE_MS;
  const bytesMet = bytes <= MODEL_BYTES;
  const sliceMet = sliceWith.median <= FRAME_MS;
  printTable(
    ['', 'this build', 'target'],
    [
      [`training, ${POSITIVES.toLocaleString('en')} saved + ${NEGATIVES.toLocaleString('en')} seen, a worker’s first (ms)`, spread(coldStats, 0), `≤ ${TRAIN_MS} ms: ${trainMet ? 'met' : 'NOT MET'}`],
      ['  with reading the library and the texts first (ms)', spread(stats(cold), 0), ''],
      ['  trained again after a change: training / with reading (ms)', `${spread(stats(warmFit), 0)} / ${spread(stats(warm), 0)}`, ''],
      ['  the very first training, while the papers arrived (ms)', fixed(first.trainMs, 0), ''],
      ['the model (bytes of JSON; the background keeps it, pages get scores)', bytes.toLocaleString('en'), `≤ ${MODEL_BYTES.toLocaleString('en')}: ${bytesMet ? 'met' : 'NOT MET'}`],
      ['scoring the 105-card view: the page’s part, reading the texts (ms)', spread(scoreStats, 2), `≤ ${SCORE_MS} ms: ${scoreMet ? 'met' : 'NOT MET'}`],
      ['  the background scoring them (ms)', spread(stats(background), 2), ''],
      ['  the page painting the dots (ms)', spread(stats(painting), 2), ''],
      ['  from ready to the last card scored, wall (ms)', spread(stats(untilScored), 0), ''],
      ['105 cards: first slice, no model → scoring on (ms)', `${spread(sliceWithout, 1)} → ${spread(sliceWith, 1)}`, `≤ ${FRAME_MS} ms: ${sliceMet ? 'met' : 'NOT MET'}`],
    ],
  );
  console.log(`${runs} runs: each stops the worker and trains (reset and undone), then trains again; ${runs} loads of the 105-card view with the model.`);
  return trainMet && scoreMet && bytesMet && sliceMet;
}
