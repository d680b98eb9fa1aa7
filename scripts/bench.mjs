// `npm run bench`: what Paperlight costs a Daily Papers page and a reader, in one run. One file per
// section in scripts/bench/ (common.mjs holds what they share); how to read the figures is in
// docs/performance.md.
//   §1  the content script's annotation pass on 13-, 105- and 1,000-card listings (annotation.mjs);
//   §1b the same 105-card view when 500 papers carry 5 tags each, against the untagged view (tags.mjs);
//   §1c keyword highlights: matching, painting, a rules change (rules.mjs);
//   §1d the reading list at scale: popup first row against an empty extension page, every row and
//       search ready against the bare-IndexedDB floor, export, import (library.mjs);
//   §1e snapshots of a 10,000-paper library and restoring one (snapshots.mjs);
//   §1f sync: packing 1,000 and 10,000 papers' decisions, another device's change → the page (sync.mjs);
//   §1g seen: first slices with a 40,000-paper seen ledger, marking papers seen while scrolling (seen.mjs);
//   §1h For you: training the reader's model, its size, scoring a view on the page (ranking.mjs);
//   §2  page load with and without the extension, as ratios (page-load.mjs);
//   §3  bundle sizes, and the content scripts' total against their budget (size.mjs).
// Numbers are noisy, so every figure is the median of several fresh page loads, with min–max.
// Options: --no-build (use the existing .output/chrome-mv3), --runs N (loads per figure, default 7;
// the page-load comparison takes 2N per browser), --only SECTION (annotation, tags, rules, library,
// snapshots, sync, seen, ranking, load or size), --baseline DIR (§1d: another build measured beside this one).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXTENSION_DIR, launchBrowser } from '../tests/support/browser.mjs';
import { listingPage } from '../tests/support/generate-listing.mjs';
import { benchAnnotation } from './bench/annotation.mjs';
import { SIZES, VIEWPORT, build, generatedPath, loadOnce, openBrowser } from './bench/common.mjs';
import { benchLibrary, writeBlankPage } from './bench/library.mjs';
import { benchSnapshots } from './bench/snapshots.mjs';
import { benchSync } from './bench/sync.mjs';
import { benchSeen } from './bench/seen.mjs';
import { benchRanking } from './bench/ranking.mjs';
import { benchPageLoad, writeFloorExtension } from './bench/page-load.mjs';
import { RULES_CARDS, RULES_PAGE, benchRules } from './bench/rules.mjs';
import { measureBundle, printBundle } from './bench/size.mjs';
import { benchTags } from './bench/tags.mjs';

/** @typedef {import('./bench/common.mjs').Browser} Browser */

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      runs: { type: 'string', default: '7' },
      // One section only: annotation, tags, rules, library, snapshots, sync, seen, ranking, load or size (§3 alone opens no browser).
      only: { type: 'string' },
      // §1d: another build's directory (an older .output/chrome-mv3, copied), measured beside this one.
      baseline: { type: 'string' },
    },
  });
  const run = (/** @type {string} */ section) => !values.only || values.only === section;
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const started = performance.now();

  if (!values['no-build']) build();
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No build in ${EXTENSION_DIR}: run without --no-build first.`);
  }
  const bundle = measureBundle();

  if (values.only === 'size') {
    process.exitCode = printBundle(bundle) ? 0 : 1;
    return;
  }
  const pages = new Map(SIZES.map((size) => [generatedPath(size), listingPage(size)]));
  pages.set(RULES_PAGE, listingPage(RULES_CARDS, 'search'));
  const [withExtension, without] = await Promise.all([
    openBrowser({ extension: true, pages }),
    openBrowser({ extension: false, pages }),
  ]);
  let ok;
  try {
    // Warm-up loads (discarded): the first load pays for the service worker's and V8's start-up.
    await loadOnce(withExtension, generatedPath(SIZES[0] ?? 13));
    await loadOnce(without, generatedPath(SIZES[0] ?? 13));
    console.log(`Chromium headless, ${VIEWPORT.width}×${VIEWPORT.height}, pages served offline from tests/fixtures.`);
    ok = true;
    if (run('annotation')) ok = (await benchAnnotation(withExtension, runs)) && ok;
    if (run('tags')) ok = (await benchTags(withExtension, runs)) && ok;
    if (run('rules')) ok = (await benchRules(withExtension, runs)) && ok;
    if (run('library')) {
      writeBlankPage(EXTENSION_DIR);
      const baselineDir = values.baseline ? path.resolve(values.baseline) : null;
      if (baselineDir) writeBlankPage(baselineDir);
      const baseline = baselineDir ? { ...(await launchBrowser({ extensionDir: baselineDir, viewport: VIEWPORT })), extension: true, dir: baselineDir } : null;
      try {
        ok = (await benchLibrary(withExtension, runs, Math.min(runs, 3), baseline)) && ok;
      } finally {
        await baseline?.context.close();
      }
    }
    if (run('snapshots')) ok = (await benchSnapshots(withExtension, Math.min(runs, 5))) && ok;
    if (run('sync')) ok = (await benchSync(withExtension, Math.min(runs, 7))) && ok;
    if (run('seen')) ok = (await benchSeen(withExtension, runs)) && ok;
    if (run('ranking')) ok = (await benchRanking(withExtension, runs)) && ok;
    // Whole-page timings swing more than the annotation pass, so they get twice the loads.
    if (run('load')) {
      const floor = await openBrowser({ extension: false, extensionDir: writeFloorExtension(), pages });
      try {
        await benchPageLoad({ off: without, floor, on: withExtension }, runs * 2);
      } finally {
        await floor.context.close();
      }
    }
  } finally {
    await Promise.all([withExtension.context.close(), without.context.close()]);
  }
  const withinBudget = printBundle(bundle);
  console.log(`\nBenchmark finished in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  if (!ok || !withinBudget) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
