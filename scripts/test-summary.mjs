#!/usr/bin/env node
// Prints one line, "N passed, N failed", from the unit (Vitest) and end-to-end (Playwright: Chromium,
// then Firefox) JSON reports that `npm test` writes to reports/.
import { existsSync, readFileSync } from 'node:fs';

/** @param {string} file */
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const unit = read('reports/unit.json');
const e2e = read('reports/e2e.json');
const firefox = read('reports/e2e-firefox.json');
if (!unit || !e2e || !firefox) {
  console.error('test-summary: reports/unit.json, e2e.json or e2e-firefox.json is missing (did npm test run?)');
  process.exit(1);
}
const passed = unit.numPassedTests + e2e.stats.expected + firefox.stats.expected;
const failed = unit.numFailedTests + e2e.stats.unexpected + firefox.stats.unexpected;
const skipped = (unit.numPendingTests ?? 0) + e2e.stats.skipped + firefox.stats.skipped;
/** @param {number} ms */
const seconds = (ms) => `${Math.round(ms / 1000)} s`;
console.log(
  `unit ${unit.numPassedTests} passed, e2e Chromium ${e2e.stats.expected} passed (${seconds(e2e.stats.duration)}), ` +
    `e2e Firefox ${firefox.stats.expected} passed (${seconds(firefox.stats.duration)})`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
