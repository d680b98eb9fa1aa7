import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ReadingList } from '@/components/ReadingList';
import { NOT_RECOGNISED, type PageStatus, type PapersChanged } from '@/lib/messages';
import { onBroadcast, request } from '@/lib/messaging';
import { applyChange, newestFirst } from '@/lib/reading-list';
import type { SavedPaper, Tag } from '@/lib/store/records';

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
  const [tagDefs, setTagDefs] = useState<ReadonlyMap<string, Tag>>(new Map());
  const [paperTags, setPaperTags] = useState<Readonly<Record<string, readonly string[]>>>({});

  /** Reads the tags of `ids` (after the list loads, and for each paper saved while open). */
  /** Papers whose tags a broadcast set: an answer asked for before it must not replace it. */
  const broadcastTags = useRef(new Map<string, number>());
  const loadTags = useCallback((ids: string[]) => {
    if (ids.length === 0) return;
    const asked = performance.now();
    const stale = (id: string) => (broadcastTags.current.get(id) ?? -1) > asked;
    request({ type: 'papers.tags', ids })
      .then((tags) =>
        setPaperTags((known) => ({ ...known, ...Object.fromEntries(ids.filter((id) => !stale(id)).map((id) => [id, tags[id] ?? []])) })),
      )
      .catch(() => undefined);
  }, []);

  /** Changes that arrive while the list is still loading, applied once it is there. */
  const early = useRef<PapersChanged[]>([]);

  useEffect(() => {
    const stop = onBroadcast('papers.changed', (change) => {
      loadTags(change.saved.map((paper) => paper.id));
      setPapers((list) => {
        if (list) return applyChange(list, change);
        early.current.push(change);
        return list;
      });
    });
    const stopTags = onBroadcast('tags.changed', (change) => {
      setTagDefs(new Map(change.tags.map((tag) => [tag.key, tag])));
      const at = performance.now();
      change.papers.forEach((paper) => broadcastTags.current.set(paper.id, at));
      setPaperTags((known) => ({ ...known, ...Object.fromEntries(change.papers.map((paper) => [paper.id, paper.tags])) }));
    });
    request({ type: 'tags.get' })
      .then((tags) => setTagDefs(new Map(tags.map((tag) => [tag.key, tag]))))
      .catch(() => undefined);
    request({ type: 'list.get' })
      .then((list) => {
        setPapers(early.current.reduce(applyChange, newestFirst(list.papers)));
        early.current = [];
        setSkipped(list.skipped);
        loadTags(list.papers.map((paper) => paper.id));
      })
      .catch((reason: unknown) => setError(`Could not read the reading list: ${String(reason)}`));
    statusOfCurrentTab()
      .then(setStatus)
      .catch(() => undefined);
    const clock = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      stop();
      stopTags();
      clearInterval(clock);
    };
  }, [loadTags]);

  const tagsOf = (id: string) =>
    (paperTags[id] ?? []).map((key) => tagDefs.get(key)).filter((tag): tag is Tag => tag !== undefined);

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
      {papers === null && !error ? <p class="loading">Loading…</p> : papers && <ReadingList papers={papers} tagsOf={tagsOf} now={now} onRemove={remove} />}
      <footer class="footer">
        <button type="button" data-paperlight="manage-tags" onClick={() => void browser.runtime.openOptionsPage()}>
          Manage tags
        </button>
      </footer>
    </main>
  );
}
