/**
 * The Playwright fixture every end-to-end test uses: a fresh Chromium profile with the built
 * extension loaded and https://huggingface.co/** served from tests/fixtures/.
 */
import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { launchBrowser } from '../support/browser.mjs';
import { routeSite } from '../support/site-routes.mjs';

export const SITE = 'https://huggingface.co';

interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  background: Worker;
  /** Pages a test builds itself, by path (with search): set before the first navigation. */
  extraPages: Map<string, string>;
  /** Opens a site URL and waits until Paperlight's first pass over it is done. */
  openSite: (path: string, page?: Page) => Promise<Page>;
  /** Opens the popup as a page (optionally speaking about a given tab). */
  openPopup: (tabId?: number) => Promise<Page>;
}

export const test = base.extend<ExtensionFixtures>({
  // Playwright requires the destructuring pattern even when a fixture needs no other fixture.
  // eslint-disable-next-line no-empty-pattern
  extraPages: async ({}, use) => {
    await use(new Map());
  },
  context: async ({ extraPages }, use) => {
    const { context } = await launchBrowser({ headless: true });
    await routeSite(context, { extra: extraPages });
    await use(context);
    await context.close();
  },
  background: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ background }, use) => {
    await use(new URL(background.url()).host);
  },
  openSite: async ({ context }, use) => {
    await use(async (path, page) => {
      const target = page ?? (await context.newPage());
      await target.goto(SITE + path);
      await expect(target.locator('html')).toHaveAttribute('data-paperlight', 'ready');
      return target;
    });
  },
  openPopup: async ({ context, extensionId }, use) => {
    await use(async (tabId) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html${tabId ? `?tab=${tabId}` : ''}`);
      await expect(page.locator('main.popup')).toBeVisible();
      return page;
    });
  },
});

export { expect };

export const star = (page: Page, id: string) =>
  page.locator(`[data-paperlight-id="${id}"] button[data-paperlight="star"]`);

/** Sends a raw runtime message from an extension page (as the popup would) and returns the reply. */
export function sendFromExtensionPage(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(
    (msg) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(msg),
    message,
  );
}

/** Adds a keyword rule as the options page would; the background checks it. */
export async function addRule(extensionPage: Page, rule: Record<string, unknown> & { pattern: string }): Promise<{ id: string }> {
  const reply = (await sendFromExtensionPage(extensionPage, { type: 'rule.add', rule })) as { ok: boolean; value?: { rule: { id: string } }; error?: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value!.rule;
}

/** The reading list as the background holds it. */
export async function readingList(page: Page): Promise<{ id: string; title: string; savedAt: number }[]> {
  const reply = (await sendFromExtensionPage(page, { type: 'list.get' })) as { ok: boolean; value: { papers: { id: string; title: string; savedAt: number }[] } };
  if (!reply.ok) throw new Error('list.get failed');
  return reply.value.papers;
}
