#!/usr/bin/env node
// Prints one line, "N passed, N failed", from the unit (Vitest) and end-to-end (Playwright) JSON
// reports that `npm test` writes to reports/.
import { existsSync, readFileSync } from 'node:fs';

/** @param {string} file */
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const unit = read('reports/unit.json');
const e2e = read('reports/e2e.json');
if (!unit || !e2e) {
  console.error('test-summary: reports/unit.json or reports/e2e.json is missing (did npm test run?)');
  process.exit(1);
}
const passed = unit.numPassedTests + e2e.stats.expected;
const failed = unit.numFailedTests + e2e.stats.unexpected;
const skipped = (unit.numPendingTests ?? 0) + e2e.stats.skipped;
console.log(`unit ${unit.numPassedTests} passed, e2e ${e2e.stats.expected} passed`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
