/** Reads the recorded pages in tests/fixtures/ for the unit tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'fixtures') + '/';

export interface FixtureEntry {
  url: string;
  papers: string[];
  note?: string;
}

export const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as Record<string, FixtureEntry>;

export const LISTING_FIXTURES = [
  'hf-papers-2024-08-01.html',
  'hf-papers-date-2024-08-01.html',
  'hf-papers-search-causal.html',
] as const;
export const PAPER_FIXTURE = 'hf-paper-2407.21783.html';

export function fixtureEntry(file: string): FixtureEntry {
  const entry = manifest[file];
  if (!entry) throw new Error(`${file} is not in tests/fixtures/manifest.json`);
  return entry;
}

export function readFixture(file: string): string {
  return readFileSync(`${DIR}${file}`, 'utf8');
}

/**
 * Parses HTML into a fresh document (never through innerHTML). Stylesheet links are dropped first:
 * happy-dom would try (and loudly fail) to fetch them.
 */
export function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html.replace(/<link\b[^>]*>/gi, ''), 'text/html');
}

const docs = new Map<string, Document>();

/** A fixture as a document; pass `fresh` when the test mutates it. */
export function loadFixture(file: string, fresh = false): Document {
  if (fresh) return parseHtml(readFixture(file));
  let doc = docs.get(file);
  if (!doc) docs.set(file, (doc = parseHtml(readFixture(file))));
  return doc;
}

/** The raw `data-props` of the fixture's element with `data-target=<target>`, entity-decoded. */
export function blobJson(file: string, target: 'DailyPapers' | 'PaperContent'): string {
  const el = loadFixture(file).querySelector(`[data-target="${target}"]`);
  const json = el?.getAttribute('data-props');
  if (!json) throw new Error(`${file} has no ${target} blob`);
  return json;
}
