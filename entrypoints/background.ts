import { browser } from 'wxt/browser';
import { toolbarBadge } from '@/lib/background/badge';
import { handleRequest, type BackgroundDeps } from '@/lib/background/handle-request';
import { ImportSessions } from '@/lib/background/import-sessions';
import { forgetPageStatus, getPageStatus, setPageStatus } from '@/lib/background/page-status';
import { Broadcast } from '@/lib/protocol/messages';
import { keepPageScripts, runRulesScript } from '@/lib/background/page-scripts';
import { PUBLISHED_RULES_KEY } from '@/lib/rules/published';
import type { Rule } from '@/lib/model/rule';
import { sharedSnapshots, sharedStore, sharedSyncLedger } from '@/lib/store';
import { snapshotKeeper } from '@/lib/background/snapshot-keeper';
import { seenForgetting } from '@/lib/background/seen-forgetting';
import { changedPapers, syncEngine } from '@/lib/background/sync-engine';
import { paperDetails } from '@/lib/background/paper-details';
import { rankingService } from '@/lib/background/ranking-service';

/** Every change goes to the extension's own pages (popup, options) and to every Daily Papers tab. */
async function broadcastToViews(change: Broadcast): Promise<void> {
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
  // "For you" (issue #17): trained here, from the changes this background makes and hears.
  const ranking = rankingService({ store, broadcast: broadcastToViews });
  const details = paperDetails({
    store,
    fetchJson: async (url) => {
      const response = await fetch(url, { credentials: 'omit' });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.json() as Promise<unknown>;
    },
    announce: (saved) => {
      // Abstracts read for synced papers: what the model reads of them changed.
      ranking.changed();
      return broadcastToViews({ type: 'papers.changed', saved, removed: [] });
    },
  });
  /** A change every view hears of; the model trains again when it learns from it. */
  const heardByViews = (change: Broadcast): Promise<void> => {
    ranking.heard(change);
    return broadcastToViews(change);
  };
  const sync = syncEngine({
    store,
    ledger: sharedSyncLedger(),
    area: {
      get: () => browser.storage.sync.get(null),
      set: (items) => browser.storage.sync.set(items),
      remove: (keys) => browser.storage.sync.remove(keys),
    },
    // What another device changed reaches every view as a change from another tab does; it is
    // not recorded again (sync hears only the user's changes, through `broadcast` below).
    announce: async ({ applied, rules, settings }) => {
      if (applied && (applied.saved.length > 0 || applied.removed.length > 0)) await heardByViews({ type: 'papers.changed', saved: applied.saved, removed: applied.removed });
      if (applied?.tags) await heardByViews({ type: 'tags.changed', tags: applied.tags, papers: applied.tagged });
      if (rules) {
        ranking.rulesChanged(rules);
        await publishRules(rules);
      }
      if (settings) await broadcastToViews({ type: 'settings.changed', settings });
      await badge.update();
    },
    statusChanged: () => void broadcastToViews({ type: 'sync.changed' }),
    detailsPending: (ids) => details.want(ids),
  });
  /** A change made here: every view hears of it, and sync records it. */
  const broadcast = async (change: Broadcast): Promise<void> => {
    const papers = changedPapers(change);
    if (papers) sync.localChanged(papers);
    await heardByViews(change);
  };
  const deps: BackgroundDeps = {
    store,
    broadcast,
    setPageStatus,
    getPageStatus,
    publishRules: async (rules) => {
      sync.localChanged([]);
      ranking.rulesChanged(rules);
      await publishRules(rules);
    },
    updateBadge: () => badge.update(),
    imports: new ImportSessions(),
    snapshots: snapshotKeeper(store, sharedSnapshots(), { taken: () => broadcastToViews({ type: 'snapshots.changed' }) }),
    sync,
    forgetSeen: seenForgetting(),
    ranking,
    openTab: async (url, active) => {
      await browser.tabs.create({ url, active });
    },
    ...(!import.meta.env.FIREFOX && { loadRules: runRulesScript }),
  };
  void badge.update();
  sync.start().catch((error: unknown) => console.warn('[paperlight] sync could not start', error));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync') sync.remoteChanged(changes);
  });
  deps.snapshots?.daily().catch((error: unknown) => console.warn('[paperlight] could not take the daily snapshot', error));
  // The previous worker may have stopped between a write and its broadcast: every view checks.
  broadcastToViews({ type: 'background.started' }).catch((error: unknown) => console.warn('[paperlight] could not announce the new worker', error));
  // The published copy follows the database (after an update, or if storage was cleared).
  void store()
    .then((opened) => opened.rules.list())
    .then((rules) => {
      // The model reads the stored one, and trains again if the last worker left it out of date.
      ranking.rulesChanged(rules);
      return publishRules(rules);
    })
    .catch((error: unknown) => console.warn('[paperlight] could not publish rules', error));

  browser.runtime.onMessage.addListener((message, sender) => {
    // Replies only to our own contexts; broadcasts from other pages are not requests.
    if (sender.id !== browser.runtime.id) return undefined;
    if (Broadcast.safeParse(message).success) return undefined;
    const extensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) ?? false;
    // A Daily Papers page asks which of its papers are saved: synced papers still waiting for
    // their details get them now ("details load on next visit").
    if (!extensionPage && (message as { type?: unknown }).type === 'papers.saved') details.visit();
    return handleRequest(deps, message, { tabId: sender.tab?.id, frameId: sender.frameId, extensionPage });
  });

  browser.tabs.onRemoved.addListener((tabId) => void forgetPageStatus(tabId));
  // A new page load in a tab: what was said about the old page no longer holds. (The content
  // script reports again for Daily Papers pages.)
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void forgetPageStatus(tabId);
  });
});
