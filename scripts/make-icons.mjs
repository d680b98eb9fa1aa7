#!/usr/bin/env node
// Renders public/icon/{16,32,48,128}.png from the star drawn below, with the machine's Chromium.
// Run it again after changing the drawing; the PNGs are committed.
import { mkdirSync } from 'node:fs';
import { launchBrowser } from '../tests/support/browser.mjs';

const svg = (/** @type {number} */ size) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24">
  <rect x="0.5" y="0.5" width="23" height="23" rx="5.5" fill="#1f2937"/>
  <path d="M12 3.6l2.55 5.17 5.7.83-4.12 4.02.97 5.68L12 16.62l-5.1 2.68.97-5.68-4.12-4.02 5.7-.83z"
        fill="#fbbf24" stroke="#f59e0b" stroke-width="0.8" stroke-linejoin="round"/>
</svg>`;

mkdirSync('public/icon', { recursive: true });
const { context } = await launchBrowser({ extension: false });
const page = await context.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg(size)}`);
  await page.locator('svg').screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
}
await context.close();
console.log('public/icon/{16,32,48,128}.png written');
