/**
 * The toolbar badge: how many saved papers are still to read, the same on every tab (when the user
 * wants it). A tab's own badge text, the '!' of page-status.ts for a page whose layout was not
 * recognised, shows over it on that tab until page-status.ts hands the tab back (showCountOn).
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../model/library';
import type { Store } from '../store';

export const COUNT_COLOR = '#2563eb';

/** The part of the action API the badge uses (a fake one in tests). */
export interface BadgeApi {
  setBadgeText(details: { text: string | null; tabId?: number }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string; tabId?: number }): Promise<void>;
}

/** About four characters fit: 1,234 papers show as "1k". */
export function badgeText(toRead: number, settings: Pick<Settings, 'badgeCountsToRead'>): string {
  if (!settings.badgeCountsToRead || toRead <= 0) return '';
  return toRead < 1_000 ? String(toRead) : `${Math.floor(toRead / 1_000)}k`;
}

export interface ToolbarBadge {
  /** Counts again and shows the count. Never rejects: a badge that could not update is no reason
   * to fail the change that moved it. */
  update(): Promise<void>;
}

/** Chrome's typings allow only a string as text, but Chrome and Firefox both take null: "this tab
 * shows the global text again" (developer.chrome.com, action.setBadgeText). */
export const actionApi = () => (browser.action ?? browser.browserAction) as unknown as BadgeApi;

/** Drops a tab's own badge text, so the tab shows the global count again. null, not '': an empty
 * text would be the tab's own, and hide the count there. */
export async function showCountOn(tabId: number, api: BadgeApi = actionApi()): Promise<void> {
  await Promise.all([api.setBadgeText({ tabId, text: null }), api.setBadgeBackgroundColor({ tabId, color: COUNT_COLOR })]).catch(
    () => undefined, // The tab may be gone already.
  );
}

export function toolbarBadge(store: () => Promise<Store>, api: BadgeApi = actionApi()): ToolbarBadge {
  // One update at a time, in order: two racing ones could otherwise leave the older count showing.
  let queue = Promise.resolve();
  const refresh = async () => {
    const opened = await store();
    const [toRead, settings] = await Promise.all([opened.papers.countToRead(), opened.settings.read()]);
    await api.setBadgeBackgroundColor({ color: COUNT_COLOR });
    await api.setBadgeText({ text: badgeText(toRead, settings) });
  };
  return {
    update() {
      queue = queue.then(refresh).catch((error: unknown) => console.warn('[paperlight] could not update the badge', error));
      return queue;
    },
  };
}
