#!/usr/bin/env node
// The Firefox package as addons.mozilla.org will see it: `web-ext lint` on the zip `npm run zip`
// wrote (.output/paperlight-<version>-firefox.zip). Fails on any error, and on any warning or
// notice but one: UNSAFE_VAR_ASSIGNMENT on Preact's own `dom.innerHTML = props.dangerouslySetInnerHTML.__html`
// (Preact's renderer, bundled; Paperlight never passes dangerouslySetInnerHTML, and web-ext lint
// has no way to ignore one finding). That one is accepted only on a line that is Preact's.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const zip = path.resolve(process.argv[2] ?? `.output/paperlight-${version}-firefox.zip`);
let out;
try {
  out = execFileSync('npx', ['web-ext', 'lint', '--source-dir', zip, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch (error) {
  // web-ext exits non-zero when it finds errors; the report is on stdout either way.
  out = /** @type {{ stdout: string }} */ (error).stdout;
}
/** @typedef {{ _type: string, code: string, message: string, file?: string, line?: number }} Finding */
/** @type {{ errors: Finding[], warnings: Finding[], notices: Finding[], summary: { errors: number, warnings: number, notices: number } }} */
const report = JSON.parse(out);
/** Preact's renderer, the one accepted warning: the line assigns `.innerHTML=` from `.__html`.
 * (Read from the build the zip was made of: `wxt zip` zips .output/firefox-mv2/.) */
/** @param {Finding} finding */
const isPreactInnerHtml = (finding) =>
  finding.code === 'UNSAFE_VAR_ASSIGNMENT' &&
  /\.innerHTML=\w+\.__html/.test(readFileSync(path.join('.output/firefox-mv2', finding.file ?? ''), 'utf8').split('\n')[(finding.line ?? 1) - 1] ?? '');

const findings = [...report.errors, ...report.warnings, ...report.notices];
const accepted = findings.filter(isPreactInnerHtml);
const problems = findings.filter((finding) => !accepted.includes(finding));
for (const finding of problems) console.error(`${finding._type} ${finding.code} ${finding.file ?? ''}:${finding.line ?? ''} ${finding.message}`);
console.log(
  `web-ext lint ${path.basename(zip)}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices` +
    (accepted.length ? ` (${accepted.length} accepted: Preact's dangerouslySetInnerHTML support, see README)` : ''),
);
process.exit(problems.length ? 1 : 0);
