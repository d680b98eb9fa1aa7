// `npm run bench` §3: raw and gzipped size of every bundle file, and the content scripts against their budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR } from '../../tests/support/browser.mjs';
import { fixed, heading, kib, printTable } from './common.mjs';

// ---------------------------------------------------------------------------------------------
// 3. Bundle size

/** @param {string} dir @returns {string[]} */
export function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Sizes the build the browsers are about to load. Measured straight after the build, not at the
 * end, because the build directory is shared: a build started elsewhere meanwhile would replace it.
 * @returns {{ rows: string[][], contentScripts: ReturnType<typeof contentScriptSizes> }} table rows and the content scripts' sizes
 */
export function measureBundle() {
  const files = filesUnder(EXTENSION_DIR)
    .filter((file) => /\.(js|css)$/.test(file))
    .sort();
  let raw = 0;
  let gzipped = 0;
  const rows = files.map((file) => {
    const size = statSync(file).size;
    const gz = gzipSync(readFileSync(file), { level: 9 }).length;
    raw += size;
    gzipped += gz;
    return [path.relative(EXTENSION_DIR, file), kib(size), kib(gz), `${fixed((gz / size) * 100, 0)} %`];
  });
  rows.push(['total', kib(raw), kib(gzipped), `${fixed((gzipped / raw) * 100, 0)} %`]);
  return { rows, contentScripts: contentScriptSizes() };
}

/** Content scripts (issue #12 §2): what every Daily Papers page loads, gzipped, against this. */
export const CONTENT_BUDGET_KIB = 25;

/**
 * The manifest's content scripts (js and css, every entry), which each Daily Papers page loads,
 * and apart from them the chunks a page loads only when it needs them.
 */
export function contentScriptSizes() {
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  /** @type {string[]} */
  const listed = (manifest.content_scripts ?? []).flatMap((/** @type {{ js?: string[], css?: string[] }} */ script) => [...(script.js ?? []), ...(script.css ?? [])]);
  /** @type {string[]} */
  // The chunks (lib/content/chunk-files.ts): every other script of content-scripts/.
  const onDemand = readdirSync(path.join(EXTENSION_DIR, 'content-scripts'))
    .map((name) => `content-scripts/${name}`)
    .filter((file) => file.endsWith('.js') && !listed.includes(file) && file !== 'content-scripts/early.js');
  const gz = (/** @type {string} */ file) => gzipSync(readFileSync(path.join(EXTENSION_DIR, file)), { level: 9 }).length;
  const sum = (/** @type {string[]} */ files) => files.reduce((total, file) => total + gz(file), 0);
  return {
    js: sum(listed.filter((file) => file.endsWith('.js'))),
    all: sum(listed),
    onDemand: onDemand.map((file) => ({ file, gz: gz(file) })),
    // Registered by the background (lib/background/page-scripts.ts): the script while there are
    // rules, its CSS while one mutes.
    early: gz('content-scripts/early.js'),
    hold: gz('content-scripts/early.css'),
  };
}

/** @param {ReturnType<typeof measureBundle>} bundle */
export function printBundle({ rows, contentScripts }) {
  heading('3. Bundle size (.output/chrome-mv3, js and css; gzip at zlib level 9)');
  printTable(['file', 'raw', 'gzip', 'gzip/raw'], rows);
  console.log('content-scripts/* is what a Daily Papers page loads (its chunks only when it needs them: on-demand.js at the first use of');
  console.log('a rarely used feature, rules.js when the reader has keyword rules, broadcast-checks.js at the first broadcast); the rest');
  console.log('runs in the extension.');
  const budget = CONTENT_BUDGET_KIB * 1024;
  const verdict = (/** @type {number} */ bytes) => (bytes <= budget ? 'pass' : 'FAIL');
  console.log('');
  const rules = contentScripts.onDemand.find(({ file }) => file.endsWith('/rules.js'));
  printTable(['content scripts every page loads (manifest)', 'gzip', 'budget', ''], [
    ['js', kib(contentScripts.js), `${CONTENT_BUDGET_KIB} KiB`, verdict(contentScripts.js)],
    ['js + css', kib(contentScripts.all), `${CONTENT_BUDGET_KIB} KiB`, verdict(contentScripts.all)],
    ...contentScripts.onDemand.map(({ file, gz }) => [`  on demand, apart: ${file}`, kib(gz), '', '']),
    ['  registered while there are rules: early.js (+ early.css while one mutes)', kib(contentScripts.early + contentScripts.hold), '', ''],
    ...(rules
      ? [
          ['  every page of a reader with keyword rules (js + css + rules.js + early.js)', kib(contentScripts.all + rules.gz + contentScripts.early), '', ''],
          ['  … with a mute rule (+ early.css)', kib(contentScripts.all + rules.gz + contentScripts.early + contentScripts.hold), '', ''],
        ]
      : []),
  ]);
  return contentScripts.all <= budget;
}
