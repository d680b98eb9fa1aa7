#!/usr/bin/env node
// npm run demo [-- --headless] [--live] [--no-build] [--out DIR]
// Builds Paperlight, starts Chromium with it and opens the Daily Papers page, served from the
// recorded pages in tests/fixtures/ (offline) unless --live. With no display, or --headless, it
// stars and tags two papers, adds keyword rules (highlight, mute), and writes screenshots of the
// annotated page (light and dark), the popup and the options page (rules and tags) to DIR.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tests/support/browser.mjs';
import { routeSite } from '../tests/support/site-routes.mjs';

const args = process.argv.slice(2);
const flag = (/** @type {string} */ name) => args.includes(name);
const live = flag('--live');
const headless = flag('--headless') || !process.env.DISPLAY;
const outArg = args.indexOf('--out') >= 0 ? args[args.indexOf('--out') + 1] : undefined;
const outDir = path.resolve(outArg ?? 'demo-output');
const START = 'https://huggingface.co/papers/date/2024-08-01';

if (!flag('--no-build')) {
  const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { context, extensionId } = await launchBrowser({ headless });
await routeSite(context, { live });
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(START);
await page.waitForSelector('html[data-paperlight="ready"]', { timeout: 15_000 });
const cards = await page.getAttribute('html', 'data-paperlight-cards');
console.log(`Paperlight ${extensionId} annotated ${cards} paper cards on ${START}${live ? ' (live)' : ' (recorded page)'}.`);

if (!headless) {
  console.log('Click a ☆ to save a paper; open the toolbar popup for the reading list. Close the browser to finish.');
  await new Promise((resolve) => context.on('close', resolve));
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const stars = page.locator('button[data-paperlight="star"]');
await stars.nth(0).click();
await stars.nth(2).click();
await page.locator('button[data-paperlight="star"][aria-pressed="true"]').nth(1).waitFor();
// Tags on two papers, typed as a user would.
for (const [index, typed] of /** @type {const} */ ([[0, 'LLM, scaling'], [2, 'multimodal, LLM']])) {
  await page.locator('button[data-paperlight="add-tag"]').nth(index).click();
  // The tag input's code loads on first use: type once it has the focus, not into the page.
  await page.waitForFunction(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('data-paperlight') === 'tag-input';
  });
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}
await page.locator('[data-paperlight-id] [data-paperlight="tag"]').nth(3).waitFor();
// Keyword rules, sent as the options page sends them; the open page follows at once.
const extensionPage = await context.newPage();
await extensionPage.goto(`chrome-extension://${extensionId}/options.html`);
for (const rule of [
  { pattern: 'diffusion', color: '#2563eb' },
  { pattern: 'language models', kind: 'phrase', color: '#16a34a' },
  { pattern: 'Gemma', action: 'mute', muteStyle: 'fold' },
]) {
  await extensionPage.evaluate((r) => /** @type {any} */ (globalThis).chrome.runtime.sendMessage({ type: 'rule.add', rule: r }), rule);
}
await extensionPage.close();
await page.locator('[data-paperlight-muted="fold"]').waitFor();
await page.bringToFront();
const shots = {
  page: path.join(outDir, 'annotated-page.png'),
  dark: path.join(outDir, 'annotated-page-dark.png'),
  popup: path.join(outDir, 'popup.png'),
  options: path.join(outDir, 'options.png'),
};
await page.screenshot({ path: shots.page });
await page.evaluate(() => document.documentElement.classList.add('dark'));
await page.screenshot({ path: shots.dark });

const popup = await context.newPage();
await popup.setViewportSize({ width: 420, height: 420 });
await popup.goto(`chrome-extension://${extensionId}/popup.html`);
await popup.locator('[data-paperlight="reading-item"]').nth(1).waitFor();
await popup.screenshot({ path: shots.popup });
await popup.setViewportSize({ width: 760, height: 1100 });
await popup.goto(`chrome-extension://${extensionId}/options.html`);
await popup.locator('[data-paperlight="tag-row"]').nth(2).waitFor();
await popup.screenshot({ path: shots.options });
await context.close();

console.log('Screenshots written:');
for (const file of Object.values(shots)) console.log(`  ${path.relative(process.cwd(), file)}`);
