// Starts Chromium with the built extension loaded. Shared by the Playwright tests, the demo and
// the benchmark. CHROMIUM_PATH overrides Debian's /usr/bin/chromium.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

export const EXTENSION_DIR = fileURLToPath(new URL('../../.output/chrome-mv3/', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * @param {{ headless?: boolean, extension?: boolean, extensionDir?: string, userDataDir?: string, viewport?: {width: number, height: number} }} [options]
 */
export async function launchBrowser(options = {}) {
  // extensionDir: another build (the benchmark compares an older one side by side).
  const { headless = true, extension = true, extensionDir = EXTENSION_DIR, userDataDir = '', viewport = { width: 1280, height: 900 } } = options;
  const args = [
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (extension) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    viewport,
    args,
  });
  let extensionId = '';
  if (extension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 120_000 }));
    extensionId = new URL(worker.url()).host;
  }
  return { context, extensionId };
}
