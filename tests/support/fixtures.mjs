// Reads the recorded pages in tests/fixtures/ (see the README there for their provenance).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** @typedef {{ url: string, papers: string[], note?: string }} FixtureEntry */

/** @returns {Record<string, FixtureEntry>} */
export function fixtureManifest() {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8'));
}

/** @param {string} file */
export function fixtureHtml(file) {
  return readFileSync(path.join(FIXTURES, file), 'utf8');
}
