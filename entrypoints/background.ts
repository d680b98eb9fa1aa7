import { browser } from 'wxt/browser';
import { toolbarBadge } from '@/lib/background/badge';
import { handleRequest, type BackgroundDeps } from '@/lib/background/handle-request';
import { ImportSessions } from '@/lib/background/import-sessions';
import { forgetPageStatus, getPageStatus, setPageStatus } from '@/lib/background/page-status';
import { Broadcast } from '@/lib/protocol/messages';
import { keepPageScripts, runRulesScript } from '@/lib/background/page-scripts';
import { PUBLISHED_RULES_KEY } from '@/lib/rules/published';
import type { Rule } from '@/lib/model/rule';
import { sharedSnapshots, sharedStore } from '@/lib/store';
import { snapshotKeeper } from '@/lib/background/snapshot-keeper';

/** Every change goes to the extension's own pages (popup, options) and to every Daily Papers tab. */
async function broadcast(change: Broadcast): Promise<void> {
  // No open popup means no receiver, which is not an error.
  await browser.runtime.sendMessage(change).catch(() => undefined);
  const tabs = await browser.tabs.query({ url: 'https://huggingface.co/*' });
  await Promise.all(
    tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, change).catch(() => undefined))),
  );
}

async function publishRules(rules: Rule[]): Promise<void> {
  await browser.storage.local.set({ [PUBLISHED_RULES_KEY]: rules });
  // Pages load the rule engine, and hold their cards back, only while the rules need it.
  if (!import.meta.env.FIREFOX) await keepPageScripts(rules);
}

export default defineBackground(() => {
  const store = sharedStore();
  const badge = toolbarBadge(store);
  const deps: BackgroundDeps = {
    store,
    broadcast,
    setPageStatus,
    getPageStatus,
    publishRules,
    updateBadge: () => badge.update(),
    imports: new ImportSessions(),
    snapshots: snapshotKeeper(store, sharedSnapshots(), { taken: () => broadcast({ type: 'snapshots.changed' }) }),
    openTab: async (url, active) => {
      await browser.tabs.create({ url, active });
    },
    ...(!import.meta.env.FIREFOX && { loadRules: runRulesScript }),
  };
  void badge.update();
  deps.snapshots?.daily().catch((error: unknown) => console.warn('[paperlight] could not take the daily snapshot', error));
  // The previous worker may have stopped between a write and its broadcast: every view checks.
  broadcast({ type: 'background.started' }).catch((error: unknown) => console.warn('[paperlight] could not announce the new worker', error));
  // The published copy follows the database (after an update, or if storage was cleared).
  void store()
    .then((opened) => opened.rules.list())
    .then(publishRules)
    .catch((error: unknown) => console.warn('[paperlight] could not publish rules', error));

  browser.runtime.onMessage.addListener((message, sender) => {
    // Replies only to our own contexts; broadcasts from other pages are not requests.
    if (sender.id !== browser.runtime.id) return undefined;
    if (Broadcast.safeParse(message).success) return undefined;
    const extensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) ?? false;
    return handleRequest(deps, message, { tabId: sender.tab?.id, frameId: sender.frameId, extensionPage });
  });

  browser.tabs.onRemoved.addListener((tabId) => void forgetPageStatus(tabId));
  // A new page load in a tab: what was said about the old page no longer holds. (The content
  // script reports again for Daily Papers pages.)
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void forgetPageStatus(tabId);
  });
});
