import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { browser } from 'wxt/browser';
import { EXPORT_FORMATS, type ExportFormat } from '@/lib/library/export-formats';
import { PAPER_STATES, type LibraryPaper, type PaperState } from '@/lib/model/library';
import { parseQuery } from '@/lib/library/query';
import { DEFAULT_DIRECTION, type SortDirection, type SortKey } from '@/lib/library/search-index';
import { pageDatabase } from '@/lib/library/page-database';
import { request } from '@/lib/protocol/messaging';
import { exportLibraryAt } from '@/lib/store/library';
import type { Tag } from '@/lib/model/records';
import { TagChip } from '../TagChip';
import type { ImportPanel as ImportPanelType } from './ImportPanel';
import { LibraryRow, STATE_LABELS } from './LibraryRow';
import { NoteEditor } from './NoteEditor';
import { useLibrary } from './useLibrary';
import { VirtualList } from './VirtualList';
import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';
import { isTyping } from '@/lib/keyboard/key-of';

const SORT_LABELS: Record<SortKey, string> = { saved: 'Saved date', published: 'arXiv date', title: 'Title', upvotes: 'Upvotes' };
const ROW_HEIGHT = 86;


interface Props {
  /** The popup: narrow, fewer controls shown at once. */
  compact: boolean;
  /** Opens with the import panel shown (the full page, sent there by Firefox's popup). */
  startWithImport?: boolean;
}

/** Firefox closes a popup when it opens a file picker (the popup loses focus), so the file would
 * never be read: there the popup's Import sends the user to the full page, import panel open. */
const IMPORT_IN_FULL_PAGE = import.meta.env.FIREFOX;

/**
 * The reading list: state tabs with counts, search as you type (with `tag:`, `author:`, `state:`
 * prefixes and quoted phrases), sort, tag filter, selection with bulk actions, notes, export and
 * import. Shared by the popup and the full-page view.
 */
export function LibraryView({ compact, startWithImport = false }: Props) {
  const library = useLibrary();
  const [text, setText] = useState('');
  const [sort, setSort] = useState<SortKey>('saved');
  const [direction, setDirection] = useState<SortDirection>(DEFAULT_DIRECTION.saved);
  const [state, setState] = useState<PaperState | 'all'>('all');
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportFormat, setExportFormat] = useState<ExportFormat>('json');
  const [showImport, setShowImport] = useState(false);
  /** The import panel's code, loaded when it is first opened (it brings every file format). */
  const [ImportPanel, setImportPanel] = useState<ComponentType<Parameters<typeof ImportPanelType>[0]> | null>(null);
  const [bulkTag, setBulkTag] = useState('');
  const lastClicked = useRef<string | null>(null);
  /** The keyboard's current row (arrows move it, Enter opens, Delete removes). */
  const [cursor, setCursor] = useState(-1);
  const searchBox = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const now = Date.now();

  const query = useMemo(() => parseQuery(text), [text]);
  const result = useMemo(() => {
    const started = performance.now();
    const found = library.index.search(query, { sort, direction, state, tags: tagFilter });
    performance.measure('paperlight:search', { start: started, detail: { papers: library.papers.size, shown: found.ids.length } });
    return found;
    // The index changes in place; `version` says when.
  }, [library.index, library.version, query, sort, direction, state, tagFilter]);

  const tagDefs = useMemo(() => new Map(library.tags.map((tag) => [tag.key, tag])), [library.tags]);
  const tagsOf = (paper: LibraryPaper): Tag[] => paper.tags.flatMap((key) => tagDefs.get(key) ?? []);
  const selectedShown = result.ids.filter((id) => selected.has(id));

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };

  const select = (id: string, on: boolean, range: boolean) => {
    const next = new Set(selected);
    const anchor = lastClicked.current;
    if (range && anchor && anchor !== id) {
      const from = Math.min(result.ids.indexOf(anchor), result.ids.indexOf(id));
      const to = Math.max(result.ids.indexOf(anchor), result.ids.indexOf(id));
      if (from >= 0) {
        for (const other of result.ids.slice(from, to + 1)) {
          if (on) next.add(other);
          else next.delete(other);
        }
      }
    }
    if (on) next.add(id);
    else next.delete(id);
    lastClicked.current = id;
    setSelected(next);
  };
  const allShownSelected = result.ids.length > 0 && selectedShown.length === result.ids.length;

  const exportNow = async (scope: 'selection' | 'all') => {
    const clicked = performance.now();
    await run(async () => {
      // The formats' code comes when first asked for: the list opens without it.
      const [{ library: whole }, { exportFile, download }] = await Promise.all([exportLibraryAt(await pageDatabase(), library.loaded()), import('@/lib/library/export-file')]);
      const chosen = scope === 'selection' ? whole.papers.filter((paper) => selected.has(paper.id)) : whole.papers;
      const file = exportFile(exportFormat, whole, chosen);
      download(document, file);
      // From the click: reading everything, formatting it, handing the file to the browser.
      performance.measure('paperlight:export', { start: clicked, detail: { papers: chosen.length, format: exportFormat } });
    });
  };

  /** A tab's count: of what the search shows; while only the newest are loaded, of every saved
   * paper when nothing narrows the list (the summary counts them), else not known yet. */
  const tabCount = (tab: PaperState | 'all') => {
    if (!library.partial) return result.counts[tab];
    const unfiltered = query.terms.length === 0 && tagFilter.length === 0;
    return unfiltered && library.firstCounts ? library.firstCounts[tab] : '…';
  };

  const bulkIds = [...selected].filter((id) => library.papers.has(id));
  const currentId = cursor >= 0 ? (result.ids[Math.min(cursor, result.ids.length - 1)] ?? null) : null;

  // In the timeline (npm run bench): when the list first showed papers.
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current || library.papers.size === 0) return;
    shown.current = true;
    performance.mark('paperlight:list-shown', { detail: { papers: library.papers.size } });
  }, [library.papers]);

  const toggleImport = () => {
    if (!ImportPanel) {
      void import('./ImportPanel')
        .then((module) => setImportPanel(() => module.ImportPanel))
        .catch((reason: unknown) => setError(errorMessage(reason)));
    }
    setShowImport((open) => !open);
  };
  useEffect(() => {
    if (startWithImport) toggleImport();
    // Once, on opening: the flag says how the page was opened.
  }, []);

  const onKey = useRef<(event: KeyboardEvent) => void>(() => undefined);
  // On the whole page: the popup opens with the focus on its body, outside the list.
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
  onKey.current = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    const typing = isTyping(target);
    const inSearch = target === searchBox.current;
    if (event.key === '/' && !typing) {
      event.preventDefault();
      searchBox.current?.focus();
      return;
    }
    if (typing && !(inSearch && (event.key === 'ArrowDown' || event.key === 'ArrowUp'))) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const last = result.ids.length - 1;
    const moveTo = (index: number) => {
      event.preventDefault();
      setCursor(Math.max(0, Math.min(last, index)));
      // The list takes the focus, so Enter and Delete act on the row.
      root.current?.querySelector<HTMLElement>('.virtual-list')?.focus();
    };
    if (event.key === 'ArrowDown') return moveTo(cursor + 1);
    if (event.key === 'ArrowUp') return moveTo(cursor < 0 ? 0 : cursor - 1);
    if (event.key === 'Home' && !typing) return moveTo(0);
    if (event.key === 'End' && !typing) return moveTo(last);
    if (!currentId || typing || target.closest('button, a, select, input')) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      root.current?.querySelector<HTMLAnchorElement>(`[data-paperlight-id="${CSS.escape(currentId)}"] a.item-title`)?.click();
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      void run(() => request({ type: 'papers.removeMany', ids: [currentId] }));
    }
  };
  const noteOf = noteFor ? library.papers.get(noteFor) : undefined;

  return (
    <div class={`library${compact ? ' compact' : ''}`} data-paperlight="library" ref={root}>
      <div class="library-controls">
        <input
          ref={searchBox}
          type="search"
          class="library-search"
          data-paperlight="search"
          value={text}
          placeholder='Search: words, "a phrase", tag:rl, author:smith, state:done'
          aria-label="Search the reading list"
          aria-describedby="search-problems"
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <div class="library-sort">
          <label>
            Sort
            <select
              data-paperlight="sort"
              value={sort}
              onChange={(event) => {
                const key = event.currentTarget.value as SortKey;
                setSort(key);
                setDirection(DEFAULT_DIRECTION[key]);
              }}
            >
              {Object.entries(SORT_LABELS).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-paperlight="sort-direction"
            aria-label={direction === 'asc' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'}
            title={direction === 'asc' ? 'Ascending' : 'Descending'}
            onClick={() => setDirection(direction === 'asc' ? 'desc' : 'asc')}
          >
            {direction === 'asc' ? '↑' : '↓'}
          </button>
        </div>
      </div>
      <p id="search-problems" class="hint" role="status">
        {query.problems.map((problem) => problem.message).join(' ')}
      </p>
      <div class="state-tabs" role="tablist" aria-label="Reading state">
        {(['all', ...PAPER_STATES] as const).map((tab) => (
          <button
            type="button"
            role="tab"
            key={tab}
            data-paperlight="state-tab"
            data-state={tab}
            aria-selected={state === tab}
            onClick={() => setState(tab)}
          >
            {tab === 'all' ? 'All' : STATE_LABELS[tab]} <span class="tab-count">{tabCount(tab)}</span>
          </button>
        ))}
      </div>
      {library.tags.length > 0 && (
        <div class="tag-filter" role="group" aria-label="Show papers with these tags">
          {library.tags
            .filter((tag) => tag.count > 0 || tagFilter.includes(tag.key))
            .map((tag) => (
              <button
                type="button"
                key={tag.key}
                class="tag-toggle"
                data-paperlight="tag-filter"
                data-paperlight-tag={tag.key}
                aria-pressed={tagFilter.includes(tag.key)}
                onClick={() => setTagFilter(tagFilter.includes(tag.key) ? tagFilter.filter((k) => k !== tag.key) : [...tagFilter, tag.key])}
              >
                <TagChip name={tag.name} color={tag.color} />
              </button>
            ))}
        </div>
      )}
      <div class="bulk-bar" data-paperlight="bulk" aria-label="Selected papers">
        <label class="select-all">
          <input
            type="checkbox"
            data-paperlight="select-all"
            checked={allShownSelected}
            aria-label={allShownSelected ? 'Select none' : `Select all ${result.ids.length} shown`}
            onChange={(event) => setSelected(event.currentTarget.checked ? new Set(result.ids) : new Set())}
          />
          {bulkIds.length > 0 ? `${bulkIds.length} selected` : 'Select'}
        </label>
        {bulkIds.length > 0 && (
          <>
            <select
              data-paperlight="bulk-state"
              aria-label="Set the state of the selected papers"
              value=""
              onChange={(event) => {
                const next = event.currentTarget.value as PaperState;
                if (next) void run(() => request({ type: 'papers.state', ids: bulkIds, state: next }));
              }}
            >
              <option value="">Mark as…</option>
              {PAPER_STATES.map((option) => (
                <option key={option} value={option}>
                  {STATE_LABELS[option]}
                </option>
              ))}
            </select>
            <form
              class="bulk-tag"
              onSubmit={(event) => {
                event.preventDefault();
                const name = bulkTag.trim();
                if (name) void run(() => request({ type: 'papers.tagMany', ids: bulkIds, add: name }).then(() => setBulkTag('')));
              }}
            >
              <input data-paperlight="bulk-tag" value={bulkTag} placeholder="Add tag" aria-label="Tag to add to the selected papers" onInput={(event) => setBulkTag(event.currentTarget.value)} />
            </form>
            <select
              data-paperlight="bulk-untag"
              aria-label="Remove a tag from the selected papers"
              value=""
              onChange={(event) => {
                const key = event.currentTarget.value;
                if (key) void run(() => request({ type: 'papers.tagMany', ids: bulkIds, remove: key }));
              }}
            >
              <option value="">Remove tag…</option>
              {[...new Set(bulkIds.flatMap((id) => library.papers.get(id)?.tags ?? []))].map((key) => (
                <option key={key} value={key}>
                  {tagDefs.get(key)?.name ?? key}
                </option>
              ))}
            </select>
            <button
              type="button"
              class="danger"
              data-paperlight="bulk-remove"
              onClick={() =>
                void run(async () => {
                  await request({ type: 'papers.removeMany', ids: bulkIds });
                  setSelected(new Set());
                })
              }
            >
              Remove {bulkIds.length}
            </button>
          </>
        )}
        <span class="export">
          <select data-paperlight="export-format" aria-label="Export format" value={exportFormat} onChange={(event) => setExportFormat(event.currentTarget.value as ExportFormat)}>
            {Object.entries(EXPORT_FORMATS).map(([format, { label, title }]) => (
              <option key={format} value={format} title={title}>
                {label}
              </option>
            ))}
          </select>
          <button type="button" data-paperlight="export" onClick={() => void exportNow(bulkIds.length > 0 ? 'selection' : 'all')}>
            Export {bulkIds.length > 0 ? plural(bulkIds.length, 'paper') : 'all'}
          </button>
        </span>
        <button
          type="button"
          data-paperlight="import-toggle"
          aria-expanded={compact && IMPORT_IN_FULL_PAGE ? undefined : showImport}
          title={compact && IMPORT_IN_FULL_PAGE ? 'Imports in the full page: Firefox closes this popup when a file picker opens' : undefined}
          onClick={() => {
            if (compact && IMPORT_IN_FULL_PAGE) {
              void browser.tabs
                .create({ url: browser.runtime.getURL('/library.html#import') })
                .then(() => window.close())
                .catch((reason: unknown) => setError(errorMessage(reason)));
              return;
            }
            toggleImport();
          }}
        >
          Import…
        </button>
      </div>
      {showImport && ImportPanel && <ImportPanel onDone={() => setShowImport(false)} onImported={library.adopt} loaded={library.loaded} />}
      {error && (
        <p class="error" role="alert" data-paperlight="library-error">
          {error}
        </p>
      )}
      {library.error && (
        <p class="error" role="alert">
          {library.error}
        </p>
      )}
      {library.skipped > 0 && (
        <p class="notice" role="status">
          {plural(library.skipped, 'saved record')} could not be read and {library.skipped === 1 ? 'is' : 'are'} not shown.
        </p>
      )}
      {library.partial && (
        <p class="hint" role="status" data-paperlight="loading-all">
          Showing the newest; loading the whole list…
        </p>
      )}
      {noteOf && <NoteEditor key={noteOf.id} paper={noteOf} onClose={() => setNoteFor(null)} />}
      {library.loading && library.papers.size === 0 ? (
        <p class="loading">Loading…</p>
      ) : library.papers.size === 0 ? (
        <p class="empty" data-paperlight="empty-list">
          Nothing saved yet. On huggingface.co/papers, click the ☆ under a paper’s title to save it here.
        </p>
      ) : result.ids.length === 0 ? (
        <p class="empty" data-paperlight="no-results">
          No saved paper matches.
        </p>
      ) : (
        <VirtualList
          count={result.ids.length}
          rowHeight={ROW_HEIGHT}
          label="Saved papers (arrow keys move, Enter opens, Delete removes)"
          scrollTo={cursor}
          activeId={currentId ? `row-${currentId}` : null}
          renderRow={(index) => {
            const id = result.ids[index]!;
            const paper = library.papers.get(id);
            if (!paper) return null;
            return (
              <LibraryRow
                key={id}
                paper={paper}
                tags={tagsOf(paper)}
                now={now}
                position={index}
                total={result.ids.length}
                selected={selected.has(id)}
                current={id === currentId}
                onSelect={select}
                onState={(paperId, next) => void run(() => request({ type: 'papers.state', ids: [paperId], state: next }))}
                onOpen={(paperId) => void request({ type: 'paper.opened', id: paperId }).catch(() => undefined)}
                onNote={setNoteFor}
                onRemove={(paperId) => void run(() => request({ type: 'papers.removeMany', ids: [paperId] }))}
              />
            );
          }}
        />
      )}
    </div>
  );
}
