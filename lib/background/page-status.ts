/**
 * Per-tab status of the page Paperlight is on, shown as the toolbar badge and in the popup. Kept in
 * storage.session so it outlives a service-worker restart but not the browser session.
 */
import { browser } from 'wxt/browser';
import { NOT_RECOGNISED, PageStatus } from '../protocol/messages';
import { showCountOn } from './badge';

const key = (tabId: number) => `page-status:${tabId}`;
const memory = new Map<string, PageStatus>();
/** storage.session is missing on older Firefox; memory is the fallback there. */
const session = () => browser.storage.session as typeof browser.storage.session | undefined;

function badgeApi() {
  return browser.action ?? browser.browserAction;
}

export async function setPageStatus(tabId: number, status: PageStatus): Promise<void> {
  if (session()) await session()!.set({ [key(tabId)]: status });
  else memory.set(key(tabId), status);
  const badge = badgeApi();
  if (status.recognised) {
    await showCountOn(tabId);
  } else {
    await badge.setBadgeText({ tabId, text: '!' });
    await badge.setBadgeBackgroundColor({ tabId, color: '#b45309' });
  }
  await badge.setTitle({ tabId, title: status.recognised ? 'Paperlight reading list' : `Paperlight: ${NOT_RECOGNISED}` });
}

export async function getPageStatus(tabId: number): Promise<PageStatus | null> {
  const raw = session() ? (await session()!.get(key(tabId)))[key(tabId)] : memory.get(key(tabId));
  const parsed = PageStatus.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function forgetPageStatus(tabId: number): Promise<void> {
  if (session()) await session()!.remove(key(tabId));
  memory.delete(key(tabId));
  await Promise.all([showCountOn(tabId), badgeApi().setTitle({ tabId, title: 'Paperlight reading list' })]).catch(() => undefined); // The tab may be gone already.
}
