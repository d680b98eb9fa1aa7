import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LibraryView } from '@/components/library/LibraryView';
import { NOT_RECOGNISED, type PageStatus } from '@/lib/protocol/messages';
import { request } from '@/lib/protocol/messaging';

/** The tab the popup speaks about: the active one, or `?tab=<id>` when opened as a page. */
async function currentTab(): Promise<{ id?: number; url?: string } | undefined> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return browser.tabs.get(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** What Paperlight said about the tab's page, while the tab still shows that page. (The tab's URL
 * is only visible for huggingface.co pages, which is exactly where a status can come from.) */
async function statusOfCurrentTab(): Promise<PageStatus | null> {
  const tab = await currentTab();
  if (tab?.id === undefined) return null;
  const status = await request({ type: 'page.status.get', tabId: tab.id });
  return status && status.url === tab.url ? status : null;
}

/** The popup: what Paperlight made of the current page, then the reading list. */
export function App() {
  const [status, setStatus] = useState<PageStatus | null>(null);
  useEffect(() => {
    statusOfCurrentTab()
      .then(setStatus)
      .catch(() => undefined);
  }, []);

  return (
    <main class="popup">
      <header class="header">
        <h1>Reading list</h1>
        <a class="header-link" data-paperlight="open-full" href={browser.runtime.getURL('/library.html')} target="_blank" rel="noopener">
          Open full page
        </a>
      </header>
      {status && !status.recognised && (
        <p class="notice" role="status" data-paperlight="page-status">
          {NOT_RECOGNISED}: Paperlight found no paper cards on it, so nothing there can be starred. The site may have
          changed its markup.
        </p>
      )}
      <LibraryView compact />
      <footer class="footer">
        <button type="button" data-paperlight="manage-tags" onClick={() => void browser.runtime.openOptionsPage()}>
          Manage tags
        </button>
      </footer>
    </main>
  );
}
