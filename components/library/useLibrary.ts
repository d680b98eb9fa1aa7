/**
 * The reading list as the popup and the full-page view see it: every saved paper with its state,
 * note and tags, the tag definitions and the settings, loaded once and then kept current by the
 * background's broadcasts (a star on a page, a tag in another tab, an import). A broadcast that
 * arrives while the first load is under way is applied after it, so nothing newer is lost.
 *
 * Reading goes straight to the database (an extension page shares the background's origin):
 * first the newest screenful, shown at once, then everything, for search and the other orders.
 * Ten thousand papers would otherwise cross the messaging channel before the first row showed.
 * Every change still goes through the background.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryPaper, Settings } from '@/lib/library/model';
import { SearchIndex } from '@/lib/library/search-index';
import type { Broadcast } from '@/lib/messages';
import { onBroadcast, request } from '@/lib/messaging';
import { pageDatabase } from '@/lib/library/page-database';
import { readLibrary, readNewest } from '@/lib/store/library';
import type { SavedPaper } from '@/lib/store/records';
import type { TagWithCount } from '@/lib/store/tags';

export interface LibraryState {
  papers: ReadonlyMap<string, LibraryPaper>;
  tags: readonly TagWithCount[];
  settings: Settings | null;
  index: SearchIndex;
  /** Bumped by every change, for memoised searches. */
  version: number;
  loading: boolean;
  /** Only the newest papers are loaded yet (the rest is on its way). */
  partial: object | null;
  error: string | null;
  skipped: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Rows shown before the whole list is read: more than any window shows. */
const FIRST_PAGE = 40;

export function useLibrary(): LibraryState {
  const [papers, setPapers] = useState<Map<string, LibraryPaper>>(new Map());
  const [tags, setTags] = useState<readonly TagWithCount[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [version, setVersion] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);
  const [partial, setPartial] = useState<LibraryState['partial']>(null);
  const indexRef = useRef(new SearchIndex());
  const pending = useRef<Broadcast[] | null>([]);
  const current = useRef(papers);
  current.current = papers;
  const tagsNow = useRef(tags);
  tagsNow.current = tags;

  useEffect(() => {
    const apply = (change: Broadcast) => {
      const index = indexRef.current;
      const next = new Map(current.current);
      if (change.type === 'papers.changed') {
        // A paper saved from a page may carry tags from before: ask for them.
        const fresh = change.saved.filter((saved) => !next.has(saved.id)).map((saved) => saved.id);
        if (fresh.length > 0) {
          request({ type: 'papers.tags', ids: fresh })
            .then((found) => apply({ type: 'tags.changed', tags: [...tagsNow.current], papers: Object.entries(found).map(([id, keys]) => ({ id, tags: keys })) }))
            .catch(() => undefined);
        }
        for (const saved of change.saved) {
          const known = saved as SavedPaper & Partial<LibraryPaper>;
          const paper: LibraryPaper = { ...known, state: known.state ?? 'to-read', note: known.note ?? '', tags: next.get(saved.id)?.tags ?? [] };
          next.set(saved.id, paper);
          index.upsert(paper);
        }
        for (const id of change.removed) {
          next.delete(id);
          index.remove(id);
        }
      } else if (change.type === 'tags.changed') {
        setTags(change.tags);
        index.setTags(change.tags);
        for (const { id, tags: keys } of change.papers) {
          const paper = next.get(id);
          if (!paper) continue;
          const updated = { ...paper, tags: keys };
          next.set(id, updated);
          index.upsert(updated);
        }
      } else if (change.type === 'settings.changed') {
        setSettings(change.settings);
        return;
      } else {
        return;
      }
      current.current = next;
      setPapers(next);
      setVersion((v) => v + 1);
    };
    const receive = (change: Broadcast) => (pending.current ? pending.current.push(change) : apply(change));
    const database = pageDatabase;
    let first = true;
    const load = async () => {
      pending.current ??= [];
      setLoading(true);
      try {
        if (first) {
          first = false;
          const page = await readNewest(await database(), FIRST_PAGE);
          // Nothing newer may have arrived meanwhile: broadcasts wait in `pending`.
          indexRef.current = new SearchIndex(page.papers, page.tags);
          const shown = new Map(page.papers.map((paper) => [paper.id, paper]));
          current.current = shown;
          setPapers(shown);
          setTags(page.tags);
          setSettings(page.settings);
          setPartial(page.papers.length === FIRST_PAGE ? {} : null);
          setVersion((v) => v + 1);
        }
        const library = await readLibrary(await database());
        const loaded = new Map(library.papers.map((paper) => [paper.id, paper]));
        // Built once per load; changes after it are applied paper by paper.
        indexRef.current = new SearchIndex(library.papers, library.tags);
        current.current = loaded;
        setPapers(loaded);
        setTags(library.tags);
        setSettings(library.settings);
        setSkipped(library.skipped);
        setPartial(null);
        setError(null);
        performance.mark('paperlight:library-loaded', { detail: { papers: library.papers.length } });
        const early = pending.current ?? [];
        pending.current = null;
        early.forEach(apply);
        setVersion((v) => v + 1);
      } catch (reason) {
        pending.current = null;
        setError(`Could not read your reading list: ${message(reason)}`);
      } finally {
        setLoading(false);
      }
    };
    const stops = [
      onBroadcast('papers.changed', receive),
      onBroadcast('tags.changed', receive),
      onBroadcast('settings.changed', receive),
      onBroadcast('library.changed', () => void load()),
    ];
    void load();
    return () => stops.forEach((stop) => stop());
  }, []);

  return { papers, tags, settings, index: indexRef.current, version, loading, partial, error, skipped };
}
