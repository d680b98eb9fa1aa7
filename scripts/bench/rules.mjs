// `npm run bench` §1c: keyword highlights: matching, painting and a rules change.
import { fixtureHtml } from '../../tests/support/fixtures.mjs';
import { FRAME_MS, LOAD_TIMEOUT_MS, ORIGIN, READY_MARK, fixed, heading, printTable, readSample, spread, stats } from './common.mjs';

/** @typedef {import('./common.mjs').Browser} Browser */

// ---------------------------------------------------------------------------------------------
// 1c. Keyword highlights

export const RULE_COUNTS = [10, 100, 1000];
export const RULES_PAGE = '/papers?q=bench-rules';
export const RULES_CARDS = 105;
export const RULE_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#ca8a04'];

/**
 * `count` rules drawn from the words of the search fixture's abstracts (so many of them match),
 * of every kind: mostly whole words, then phrases, prefixes and a few regexes.
 * @param {number} count
 */
export function makeRules(count) {
  const words = [...new Set((fixtureHtml('hf-papers-search-causal.html').match(/\b[a-z]{5,12}\b/g) ?? []))];
  return Array.from({ length: count }, (_, i) => {
    const word = words[(i * 7) % words.length] ?? `word${i}`;
    const next = words[(i * 7 + 1) % words.length] ?? 'model';
    const slot = i % 20;
    const [kind, pattern] =
      slot < 14 ? ['word', word] : slot < 17 ? ['phrase', `${word} ${next}`] : slot < 19 ? ['prefix', word.slice(0, 5)] : ['regex', `\\b${word}s?\\b`];
    return {
      id: `bench-${i}`,
      pattern,
      kind,
      caseSensitive: false,
      fields: ['title', 'abstract'],
      color: RULE_COLORS[i % RULE_COLORS.length],
      action: 'highlight',
      muteStyle: 'dim',
      tag: null,
      enabled: true,
      disabledReason: null,
      createdAt: i,
    };
  });
}

/**
 * Runs in an extension page: replaces every rule, in the database and in the copy pages read.
 * @param {unknown[]} rules
 */
export async function seedRules(rules) {
  /** @type {IDBDatabase} */
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('paperlight');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction('rules', 'readwrite');
  tx.objectStore('rules').clear();
  for (const rule of rules) tx.objectStore('rules').put(rule);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  await /** @type {{ chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }} */ (/** @type {unknown} */ (globalThis)).chrome.storage.local.set({ rules });
}

/**
 * Runs in an extension page: publishes the rules again, changed in nothing that matters, so every
 * open page matches all its cards again.
 * @param {number} round
 */
export async function republish(round) {
  const storage = /** @type {{ chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown[]>>, set(v: unknown): Promise<void> } } } }} */ (/** @type {unknown} */ (globalThis)).chrome.storage.local;
  const { rules = [] } = await storage.get('rules');
  await storage.set({ rules: rules.map((rule) => ({ .../** @type {object} */ (rule), createdAt: round })) });
}

/** Runs in the page: what Paperlight's rule work cost in this load. */
export function readRuleWork() {
  const apply = performance.getEntriesByName('paperlight:rules');
  const build = performance.getEntriesByName('paperlight:rules-build').at(-1);
  let ranges = 0;
  for (const [name, highlight] of CSS.highlights) if (name.startsWith('paperlight')) ranges += /** @type {Highlight} */ (highlight).size;
  return {
    build: build?.duration ?? 0,
    apply: apply.reduce((sum, entry) => sum + entry.duration, 0),
    longestBatch: Math.max(0, ...apply.map((entry) => entry.duration)),
    ranges,
  };
}

/**
 * Runs in the page, after a rules change's pass: its cost (building the matcher, then matching and
 * marking every card), and what painting the cards near the view cost in the tasks after it.
 * @param {number} paintsBefore paint measures there were before the change
 */
export async function readRepass(paintsBefore) {
  // The painter runs from an IntersectionObserver callback, after the next frame's layout.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))));
  const build = performance.getEntriesByName('paperlight:rules-build').at(-1)?.duration ?? 0;
  const pass = performance.getEntriesByName('paperlight:rules').at(-1)?.duration ?? 0;
  const change = performance.getEntriesByName('paperlight:rules-change').at(-1)?.duration ?? NaN;
  const paints = performance.getEntriesByName('paperlight:paint').slice(paintsBefore);
  return { build, repass: build + pass, change, repaint: paints.reduce((sum, entry) => sum + entry.duration, 0) };
}

/**
 * Runs in the page, after Paperlight's pass: the baseline, the usual way to highlight keywords
 * (one RegExp per rule, every match wrapped in a `<mark>`, splitting the page's text nodes), over
 * the same titles and abstracts; timed, then undone.
 * @param {{ pattern: string, kind: string }[]} rules
 */
export function markBaseline(rules) {
  const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = performance.now();
  const regexes = rules.map((rule) => {
    const words = rule.pattern.split(/\s+/).map(escape).join('\\s+');
    const source = rule.kind === 'regex' ? rule.pattern : rule.kind === 'prefix' ? `\\b${words}\\w*` : `\\b${words}\\b`;
    return new RegExp(source, 'gi');
  });
  /** @type {Element[]} */
  const regions = [];
  for (const article of document.querySelectorAll('article')) {
    const title = article.querySelector('h3');
    if (title) regions.push(title);
    let abstract = null;
    for (const p of article.querySelectorAll('p')) if (!abstract || (p.textContent ?? '').length > (abstract.textContent ?? '').length) abstract = p;
    if (abstract) regions.push(abstract);
  }
  let marks = 0;
  for (const region of regions) {
    for (const regex of regexes) {
      const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      /** @type {Text[]} */
      const nodes = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!node.parentElement?.closest('mark')) nodes.push(/** @type {Text} */ (node));
      for (const node of nodes) {
        regex.lastIndex = 0;
        const found = [...node.data.matchAll(regex)];
        for (const match of found.reverse()) {
          const index = match.index ?? 0;
          const hit = node.splitText(index);
          hit.splitText(match[0].length);
          const mark = document.createElement('mark');
          hit.replaceWith(mark);
          mark.append(hit);
          marks++;
        }
      }
    }
  }
  const ms = performance.now() - start;
  for (const mark of document.querySelectorAll('mark')) mark.replaceWith(...mark.childNodes);
  for (const region of regions) region.normalize();
  return { ms, marks };
}

/**
 * @param {Browser} browser
 * @param {number} runs
 */
export async function benchRules(browser, runs) {
  heading(`1c. Keyword highlights: ${RULES_CARDS}-card search page with abstracts (median (min–max) of ${runs} loads; ms)`);
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  const extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
  const rows = [];
  let ok = true;
  for (const count of RULE_COUNTS) {
    const rules = makeRules(count);
    await extensionPage.evaluate(seedRules, rules);
    /** @type {{ build: number, apply: number, repass: number, rebuild: number, change: number, repaint: number, longestBatch: number, ranges: number, firstSlice: number, baseline: number, marks: number }[]} */
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const page = await browser.context.newPage();
      try {
        await page.goto(ORIGIN + RULES_PAGE, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
        await page.waitForSelector('html[data-paperlight="ready"]', { state: 'attached', timeout: LOAD_TIMEOUT_MS });
        const work = await page.evaluate(readRuleWork);
        const sample = await page.evaluate(readSample, READY_MARK);
        // A rules change makes one pass over every card at once: the steady-state figure, with
        // the code warm (the load's pass ran cold, spread over slices).
        let repass = NaN;
        let rebuild = NaN;
        let change = NaN;
        let repaint = NaN;
        for (let again = 1; again <= 2; again++) {
          const before = await page.evaluate(() => ({
            pass: performance.getEntriesByName('paperlight:rules').length,
            paint: performance.getEntriesByName('paperlight:paint').length,
          }));
          await extensionPage.evaluate(republish, again);
          await page.waitForFunction((n) => performance.getEntriesByName('paperlight:rules').length > n, before.pass);
          ({ repass, build: rebuild, change, repaint } = await page.evaluate(readRepass, before.paint));
        }
        const baseline = await page.evaluate(markBaseline, rules.map(({ pattern, kind }) => ({ pattern, kind })));
        samples.push({ ...work, repass, rebuild, change, repaint, firstSlice: sample.firstSlice ?? NaN, baseline: baseline.ms, marks: baseline.marks });
      } finally {
        await page.close();
      }
    }
    /** @param {(s: (typeof samples)[number]) => number} field */
    const pick = (field) => stats(samples.map(field));
    const ours = pick((s) => s.repass);
    const painting = pick((s) => s.repaint);
    const atLoad = pick((s) => s.build + s.apply);
    const baseline = pick((s) => s.baseline);
    ok &&= count < 1000 || ours.median <= FRAME_MS;
    rows.push([
      String(count),
      spread(ours),
      spread(pick((s) => s.rebuild)),
      spread(pick((s) => s.change)),
      spread(painting),
      spread(atLoad),
      spread(pick((s) => s.longestBatch)),
      spread(pick((s) => s.firstSlice)),
      String(pick((s) => s.ranges).min),
      spread(baseline),
      String(pick((s) => s.marks).min),
      `${fixed(baseline.median / ours.median, 1)}×`,
    ]);
  }
  await extensionPage.evaluate(seedRules, []);
  await extensionPage.close();
  printTable(['rules', 'one pass', 'of it, build', 'whole change task', 'paint near view', 'at load (cold)', 'longest slice part', 'first slice', 'ranges', '<mark> baseline', 'marks', 'baseline/ours'], rows);
  console.log(`"one pass" = building the matcher, then matching and marking all ${RULES_CARDS} cards in one go, as after a rules change. Target: ≤ ${FRAME_MS} ms at 1,000 rules.`);
  console.log('"build": the matcher, from rules compiled before where their pattern, kind and case are unchanged (the cold build is in "at load").');
  console.log('"whole change task" = the page\'s task for the change: validating the published rules (every one here: each rule\'s date changed), the pass, the filter summary.');
  console.log('"paint near view" = the task after it that paints the highlights of the cards within a screen of the view (the others are painted as they come near).');
  console.log('"at load" = the same work during the page load, where the code runs cold and is spread over the pass\'s slices.');
  console.log('The baseline compiles one RegExp per rule and wraps each match in <mark> over the same titles and abstracts, in the same page.');
  return ok;
}
