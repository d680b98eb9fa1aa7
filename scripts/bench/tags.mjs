// `npm run bench` §1b: a 105-card view when 500 papers carry 5 tags each, against the untagged view.
import { fakeId } from '../../tests/support/generate-listing.mjs';
import { FRAME_MS, fixed, generatedPath, heading, loadMany, printTable, spread, stats } from './common.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */
/** @typedef {import('./common.mjs').LoadSample} LoadSample */

// ---------------------------------------------------------------------------------------------
// 1b. Tags

export const TAGGED_PAPERS = 500;
export const TAGS_PER_PAPER = 5;
export const TAG_COUNT = 40;

/**
 * Runs in an extension page: gives papers `ids` `perPaper` tags each, through the background (one
 * `tag.restore` per tag, as an undone tag deletion brings its papers back), so the records are
 * stored however the store keeps them.
 * @param {{ ids: string[], perPaper: number, tagCount: number }} options
 */
export async function seedTags({ ids, perPaper, tagCount }) {
  const send = /** @type {any} */ (globalThis).chrome.runtime.sendMessage;
  const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#ca8a04'];
  /** @type {Map<string, object[]>} */
  const byTag = new Map();
  ids.forEach((id, n) => {
    const tags = Array.from({ length: perPaper }, (_, k) => `topic ${(n + k * 7) % tagCount}`);
    const paper = { id, title: `Paper ${id}`, authors: [], abstract: null, publishedAt: null, organization: null, upvotes: null, sourceUrl: 'https://huggingface.co/papers' };
    for (const tag of tags) byTag.set(tag, [...(byTag.get(tag) ?? []), { id, tags, manual: tags, paper }]);
  });
  for (let i = 0; i < tagCount; i++) {
    const key = `topic ${i}`;
    const tag = { key, name: `Topic ${i}`, color: colors[i % colors.length], createdAt: i };
    const reply = await send({ type: 'tag.restore', deleted: { tag, papers: byTag.get(key) ?? [] } });
    if (!reply?.ok) throw new Error(reply?.error ?? 'tag.restore failed');
  }
}

/**
 * @param {Browser} browser
 * @param {number} runs
 */
export async function benchTags(browser, runs) {
  const size = 105;
  heading(`1b. ${size}-card view, ${TAGGED_PAPERS} papers × ${TAGS_PER_PAPER} tags in the store (median (min–max) of ${runs} loads; ms)`);
  const before = await loadMany(browser, generatedPath(size), runs);
  const page = await browser.context.newPage();
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  await page.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
  const ids = Array.from({ length: TAGGED_PAPERS }, (_, index) => fakeId(index));
  await page.evaluate(seedTags, { ids, perPaper: TAGS_PER_PAPER, tagCount: TAG_COUNT });
  await page.close();
  const after = await loadMany(browser, generatedPath(size), runs);
  /** @param {LoadSample[]} samples @param {(s: LoadSample) => number | null} field */
  const pick = (samples, field) => stats(samples.map((sample) => field(sample) ?? NaN));
  const rows = [
    ['first slice', (/** @type {LoadSample} */ s) => s.firstSlice],
    ['whole pass (CPU)', (/** @type {LoadSample} */ s) => s.whole],
    ['longest chip repaint task', (/** @type {LoadSample} */ s) => s.tagPaint],
    ['nav → ready', (/** @type {LoadSample} */ s) => s.ready],
  ].map(([label, field]) => {
    const untagged = pick(before, /** @type {(s: LoadSample) => number | null} */ (field));
    const tagged = pick(after, /** @type {(s: LoadSample) => number | null} */ (field));
    return [/** @type {string} */ (label), spread(untagged, 1), spread(tagged, 1), `${fixed(tagged.median / untagged.median, 2)}×`];
  });
  printTable(['', 'no tags', 'tagged', 'tagged/no tags'], rows);
  const chips = pick(after, (s) => s.chips).min;
  console.log(`${chips} chips on the page (${size} cards × ${TAGS_PER_PAPER}). Budget: the first slice stays under ${FRAME_MS} ms. Chips arrive`);
  console.log('with the background\'s answer and are painted in tasks of about 6 ms, top of the page first.');
  return chips === size * TAGS_PER_PAPER;
}
