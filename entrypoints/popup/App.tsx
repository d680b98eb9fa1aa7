import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ReadingList } from '@/components/ReadingList';
import { NOT_RECOGNISED, type PageStatus, type PapersChanged } from '@/lib/messages';
import { onBroadcast, request } from '@/lib/messaging';
import { applyChange, newestFirst } from '@/lib/reading-list';
import type { SavedPaper } from '@/lib/store/records';

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

export function App() {
  const [papers, setPapers] = useState<SavedPaper[] | null>(null);
  const [skipped, setSkipped] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<PageStatus | null>(null);
  const [now, setNow] = useState(Date.now());

  /** Changes that arrive while the list is still loading, applied once it is there. */
  const early = useRef<PapersChanged[]>([]);

  useEffect(() => {
    const stop = onBroadcast('papers.changed', (change) =>
      setPapers((list) => {
        if (list) return applyChange(list, change);
        early.current.push(change);
        return list;
      }),
    );
    request({ type: 'list.get' })
      .then((list) => {
        setPapers(early.current.reduce(applyChange, newestFirst(list.papers)));
        early.current = [];
        setSkipped(list.skipped);
      })
      .catch((reason: unknown) => setError(`Could not read the reading list: ${String(reason)}`));
    statusOfCurrentTab()
      .then(setStatus)
      .catch(() => undefined);
    const clock = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      stop();
      clearInterval(clock);
    };
  }, []);

  const remove = useCallback((id: string) => {
    setError(null);
    request({ type: 'paper.remove', id }).catch((reason: unknown) =>
      setError(`Could not remove ${id}: ${reason instanceof Error ? reason.message : String(reason)}`),
    );
  }, []);

  return (
    <main class="popup">
      <header class="header">
        <h1>Reading list</h1>
        {papers && papers.length > 0 && <span class="count" data-paperlight="reading-count">{papers.length}</span>}
      </header>
      {status && !status.recognised && (
        <p class="notice" role="status" data-paperlight="page-status">
          {NOT_RECOGNISED}: Paperlight found no paper cards on it, so nothing there can be starred. The site may have
          changed its markup.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {skipped > 0 && (
        <p class="notice" role="status">
          {skipped} stored record{skipped === 1 ? '' : 's'} could not be read and {skipped === 1 ? 'is' : 'are'} hidden (kept, not deleted).
        </p>
      )}
      {papers === null && !error ? <p class="loading">Loading…</p> : papers && <ReadingList papers={papers} now={now} onRemove={remove} />}
    </main>
  );
}
