/**
 * When Paperlight starts on a page (lib/content/start-moment.ts): after the page's `load`, so none of
 * its work delays it; a while after the first frame on a page still loading its images; at the first
 * frame while cards are held back for mute rules.
 */
import type { Page } from '@playwright/test';
import { readStart } from '../support/start-mark';
import { SITE, addRule, expect, star, test } from './extension';

const LLAMA = '2407.21783';
const SHIELD = '2407.21772'; // "ShieldGemma: Generative AI Content Moderation Based on Gemma"
/** One of the day page's thumbnails: while it is held, the page cannot fire `load`. */
const THUMBNAIL = `**/social-thumbnails/papers/${LLAMA}.png`;

/** Holds the thumbnail's response until the returned function lets it go. */
async function holdThumbnail(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(THUMBNAIL, async (route) => {
    await released;
    await route.abort();
  });
  return release;
}

test('Paperlight starts after the page has loaded: its first pass never runs before load', async ({ openSite }) => {
  const page = await openSite('/papers/date/2024-08-01');
  const start = await page.evaluate(readStart);
  // 'load-wait' only when the page was still loading well after its first frame (a very busy machine).
  expect(['load', 'loaded', 'load-wait']).toContain(start.cause);
  if (start.cause !== 'load-wait') {
    expect(start.at).toBeGreaterThanOrEqual(start.loadEnd);
    expect(start.firstPass).toBeGreaterThanOrEqual(start.loadEnd);
  }
});

test('a page whose images never finish loading still gets its stars, with their saved state', async ({ context, openSite }) => {
  const first = await openSite('/papers/date/2024-08-01');
  await star(first, LLAMA).click();
  await expect(star(first, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await first.close();

  const page = await context.newPage();
  const release = await holdThumbnail(page);
  await page.goto(`${SITE}/papers/date/2024-08-01`, { waitUntil: 'domcontentloaded' });
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(star(page, LLAMA)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('button[data-paperlight="star"]')).toHaveCount(13);
  const start = await page.evaluate(readStart);
  expect(start.cause).toBe('load-wait');
  expect(start.readyState).not.toBe('complete');
  release();
});

test('while a mute rule holds the cards back, Paperlight starts at the first frame, not at load', async ({ context, openPopup }) => {
  const popup = await openPopup();
  await addRule(popup, { pattern: 'Gemma', action: 'mute', muteStyle: 'dim' });

  const page = await context.newPage();
  const release = await holdThumbnail(page);
  await page.goto(`${SITE}/papers/date/2024-08-01`, { waitUntil: 'domcontentloaded' });
  await expect(page.locator('html')).toHaveAttribute('data-paperlight', 'ready');
  await expect(page.locator(`[data-paperlight-id="${SHIELD}"]`)).toHaveAttribute('data-paperlight-muted', 'dim');
  await expect(page.locator('html')).toHaveAttribute('data-paperlight-shown', '');
  const start = await page.evaluate(readStart);
  expect(start.cause).toBe('held');
  expect(start.readyState).not.toBe('complete');
  release();
});
