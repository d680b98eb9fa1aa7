/**
 * The reading list as the popup and the full-page view see it: every saved paper with its state,
 * note and tags, the tag definitions and the settings, loaded once and then kept current by the
 * background's broadcasts (a star on a page, a tag in another tab, an import). A broadcast that
 * arrives while the first load is under way is applied after it, so nothing newer is lost.
 *
 * Reading goes straight to the database (an extension page shares the background's origin):
 * first the newest screenful (one record, the summary kept with every write; see
 * lib/store/shards.ts), shown at once, then everything, for search and the other orders. Ten
 * thousand papers would otherwise cross the messaging channel before the first row showed. Every
 * change goes through the background, imports too (ImportPanel sends them in chunks).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryPaper, Settings } from '@/lib/model/library';
import { SearchIndex } from '@/lib/library/search-index';
import type { Broadcast } from '@/lib/protocol/messages';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import { pageStore } from '@/lib/library/page-store';
import { painted } from '@/lib/library/painted';
import { firstPageFrom, wholeListFrom, withAbstracts, type FirstPage, type LoadedLibrary, type LibraryView, type WholeListRecords } from '@/lib/store/pages';
import type { SavedPaper } from '@/lib/model/records';
import type { TagWithCount } from '@/lib/model/changes';
import { errorMessage } from '@/lib/text/error-message';

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
  /** Saved papers in each state while only the first page is loaded (from the summary). */
  firstCounts: FirstPage['counts'];
  /** Shows a library this page has just imported (the background wrote it), without reading it back. */
  adopt: (view: LibraryView) => void;
  /** The whole library as read (or adopted), while no change has been applied to it since: with
   * its version, an export or import plan can use it instead of reading it again. */
  loaded: () => LoadedLibrary | null;
}


/** Rows shown before the whole list is read: more than any window shows. */
const FIRST_PAGE = 40;

/** Folds the search index's text a slice at a time while the page is idle (a search folds what it
 * still needs itself), then marks the timeline once: search is ready. */
function foldWhenIdle(index: () => SearchIndex): void {
  const idle = globalThis.requestIdleCallback ?? ((run: (deadline: { timeRemaining(): number }) => void) => setTimeout(() => run({ timeRemaining: () => 8 }), 1));
  const step = (deadline: { timeRemaining(): number }) => {
    if (index().foldSome(() => deadline.timeRemaining() < 2)) performance.mark('paperlight:search-ready');
    else idle(step, { timeout: 100 });
  };
  idle(step, { timeout: 100 });
}

/** A first page, with the whole list read beside it when it came from entrypoints/first-page.ts. */
interface Prefetched {
  page: FirstPage;
  whole: Promise<WholeListRecords | null> | null;
}

let firstPage: Promise<Prefetched> | null = null;
/** The first page once it has arrived, for a view that starts after it: its first render has rows. */
let firstPageArrived: Prefetched | null = null;

/**
 * The first screenful, from what entrypoints/first-page.ts read while the page's scripts loaded
 * (or, without it, read now), and the page's own connection opened for the rest. The view takes
 * the answer once; changes made meanwhile come with the whole list, which is read after the view
 * listens for them.
 */
export function prefetchFirstPage(): Promise<Prefetched> {
  if (!firstPage) {
    const early = window.paperlightFirstPage ?? Promise.resolve(null);
    window.paperlightFirstPage = undefined;
    const connection = pageStore();
    firstPage = early
      .catch(() => null)
      .then(async (records) => {
        const page = records && firstPageFrom(records, FIRST_PAGE);
        if (page) return { page, whole: records.whole ?? null };
        return { page: await (await connection).library.newest(FIRST_PAGE), whole: null };
      });
    const asked = firstPage;
    asked.then(
      (page) => {
        if (firstPage === asked) firstPageArrived = page;
      },
      // A failure is the view's to report when it takes the answer.
      () => undefined,
    );
  }
  return firstPage;
}

/** How long a page's first render waits for the first screenful: rows in the first render save
 * rendering the empty frame first, but not at any price. */
const FIRST_RENDER_WAIT_MS = 100;

/**
 * Settles when the first screenful has arrived (entrypoints/first-page.ts started reading it before
 * the page's modules loaded), or after FIRST_RENDER_WAIT_MS, whichever is first: the popup and the
 * full page render after it.
 */
export function firstPageOrSoon(): Promise<void> {
  return Promise.race([
    prefetchFirstPage().then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS)),
  ]);
}

function takeFirstPage(): Promise<Prefetched> {
  const answer = prefetchFirstPage();
  firstPage = null;
  firstPageArrived = null;
  return answer;
}

/** The first page if it has arrived (taken: the next view reads afresh). */
function takeArrivedFirstPage(): Prefetched | null {
  const page = firstPageArrived;
  if (page) {
    firstPage = null;
    firstPageArrived = null;
  }
  return page;
}

/** What the view shows of a first page. */
function firstPageState(page: FirstPage | null) {
  return {
    papers: new Map(page?.papers.map((paper) => [paper.id, paper])),
    index: new SearchIndex(page?.papers ?? [], page?.tags ?? []),
    partial: page && (page.counts ? page.counts.all > page.papers.length : page.papers.length === FIRST_PAGE) ? {} : null,
  };
}

export function useLibrary(): LibraryState {
  // Rows in the first render when the first page is here already (the popup waits a moment for it).
  const [prefetched] = useState(takeArrivedFirstPage);
  const arrived = prefetched?.page ?? null;
  const [initial] = useState(() => firstPageState(arrived));
  const [papers, setPapers] = useState<Map<string, LibraryPaper>>(initial.papers);
  const [tags, setTags] = useState<readonly TagWithCount[]>(arrived?.tags ?? []);
  const [settings, setSettings] = useState<Settings | null>(arrived?.settings ?? null);
  const [version, setVersion] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);
  const [partial, setPartial] = useState<LibraryState['partial']>(initial.partial);
  const [firstCounts, setFirstCounts] = useState<FirstPage['counts']>(arrived?.counts ?? null);
  const indexRef = useRef(initial.index);
  /** The summary's version of the whole list last read (or adopted), see lib/store/shards.ts. */
  const loadedVersion = useRef<number | null>(null);
  const adoptRef = useRef<(view: LibraryView) => void>(() => undefined);
  const pending = useRef<Broadcast[] | null>([]);
  const current = useRef(papers);
  current.current = papers;
  const tagsNow = useRef(tags);
  tagsNow.current = tags;

  useEffect(() => {
    const apply = (change: Broadcast) => {
      // What the view holds is no longer a version that was read.
      loadedVersion.current = null;
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
    let first = true;
    /** The whole library, shown. Without its abstracts (`settled` false) what arrived meanwhile
     * waits on: it is applied to the library with them. */
    const show = (library: LibraryView, settled = true) => {
      // A read that started before this page's own import and ended after it is older.
      if (loadedVersion.current !== null && library.version < loadedVersion.current) return;
      const loaded = new Map(library.papers.map((paper) => [paper.id, paper]));
      // Built once per load; changes after it are applied paper by paper.
      indexRef.current = new SearchIndex(library.papers, library.tags);
      current.current = loaded;
      setPapers(loaded);
      setTags(library.tags);
      setSettings(library.settings);
      setSkipped(library.skipped);
      setPartial(null);
      setFirstCounts(null);
      setError(null);
      if (settled) {
        loadedVersion.current = library.version;
        const early = pending.current ?? [];
        pending.current = null;
        early.forEach(apply);
        foldWhenIdle(() => indexRef.current);
      }
      setVersion((v) => v + 1);
    };
    adoptRef.current = (view) => {
      // What arrived before the import is in what it wrote (it was planned after it).
      if (pending.current) pending.current = [];
      show(view);
    };
    const load = async () => {
      pending.current ??= [];
      setLoading(true);
      try {
        let early: LibraryView | null = null;
        if (first) {
          first = false;
          let taken = prefetched;
          if (!taken) {
            taken = await takeFirstPage();
            const page = taken.page;
            // Nothing newer may have arrived meanwhile: broadcasts wait in `pending`, and the
            // whole list read next has whatever came before the view listened.
            const shown = firstPageState(page);
            indexRef.current = shown.index;
            current.current = shown.papers;
            setPapers(shown.papers);
            setTags(page.tags);
            setSettings(page.settings);
            setPartial(shown.partial);
            setFirstCounts(page.counts);
            setVersion((v) => v + 1);
          }
          // The whole list after the first rows are on screen: its records are turned into
          // objects and checked on this thread and would hold their paint back.
          await painted();
          const whole = await taken.whole?.catch(() => null);
          // Megabytes of raw shards: not kept for the life of the view once read.
          taken.whole = null;
          // Read before this view listened for changes: one written in between shows in the
          // version, which the abstracts' read below compares (and reads everything again).
          if (whole) early = wholeListFrom(whole, taken.page);
        }
        // Every row first, without the abstracts (most of the bytes, read and checked apart):
        // search and export need them, the rows do not.
        const store = await pageStore();
        const listed = early ?? (await store.library.read({ abstracts: false }));
        show(listed, false);
        performance.mark('paperlight:library-loaded', { detail: { papers: listed.papers.length } });
        const shown = current.current;
        const abstracts = await store.library.abstracts();
        // This page's own import (adopt) or a later load has shown a newer library meanwhile.
        if (current.current !== shown) return;
        // Or something was written between the two reads: read as one.
        show(withAbstracts(listed, abstracts) ?? (await store.library.read()));
      } catch (reason) {
        pending.current = null;
        setError(`Could not read your reading list: ${errorMessage(reason)}`);
      } finally {
        setLoading(false);
      }
    };
    /** Everything may have changed: read again, unless this view has that version already (the
     * page that wrote an import shows it at once). */
    const reload = async () => {
      const known = loadedVersion.current;
      if (known !== null && pending.current === null) {
        const version = await (await pageStore()).library.version().catch(() => null);
        if (version === known) return;
      }
      await load();
    };
    const stops = [
      onBroadcast('papers.changed', receive),
      onBroadcast('tags.changed', receive),
      onBroadcast('settings.changed', receive),
      onBroadcast('library.changed', () => void reload()),
      // A new background worker: the old one may have stopped before announcing its last write.
      onBroadcast('background.started', () => void reload()),
    ];
    void load();
    return () => stops.forEach((stop) => stop());
  }, []);

  const loaded = (): LoadedLibrary | null =>
    loadedVersion.current === null || pending.current !== null ? null : { papers: [...current.current.values()], tags: tagsNow.current, version: loadedVersion.current };
  return { papers, tags, settings, index: indexRef.current, version, loading, partial, error, skipped, firstCounts, adopt: (view) => adoptRef.current(view), loaded };
}
