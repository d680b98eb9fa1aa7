/**
 * The reading list: state tabs with counts, search as you type (with `tag:`, `author:`, `state:`
 * prefixes and quoted phrases), sort, tag filter, selection with bulk actions, notes, export and
 * import. Shared by the popup and the full-page view. Its parts: what is shown (useListQuery), the
 * selection (useSelection), the keys (useListKeys), the controls (ListControls), the bulk bar
 * (BulkBar) and the import panel (useImportPanel, ImportPanel).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LibraryPaper } from '@/lib/model/library';
import { request } from '@/lib/protocol/messaging';
import type { Tag } from '@/lib/model/records';
import { errorMessage } from '@/lib/text/error-message';
import { SnapshotOffer } from './SnapshotOffer';
import { plural } from '@/lib/text/plural';
import { BulkBar } from './BulkBar';
import { LibraryRow } from './LibraryRow';
import { ListControls } from './ListControls';
import { NoteEditor } from './NoteEditor';
import { useImportPanel } from './useImportPanel';
import { useLibrary } from './useLibrary';
import { useListKeys } from './useListKeys';
import { useListQuery } from './useListQuery';
import { useSelection } from './useSelection';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 86;

interface Props {
  /** The popup: narrow, fewer controls shown at once. */
  compact: boolean;
  /** Opens with the import panel shown (the full page, sent there by Firefox's popup). */
  startWithImport?: boolean;
}

export function LibraryView({ compact, startWithImport = false }: Props) {
  const library = useLibrary();
  const list = useListQuery(library);
  const { result } = list;
  const selection = useSelection(result.ids);
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const importPanel = useImportPanel(startWithImport, setError);
  const searchBox = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const now = Date.now();

  const tagDefs = useMemo(() => new Map(library.tags.map((tag) => [tag.key, tag])), [library.tags]);
  const tagsOf = (paper: LibraryPaper): Tag[] => paper.tags.flatMap((key) => tagDefs.get(key) ?? []);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };
  const remove = (id: string) => void run(() => request({ type: 'papers.removeMany', ids: [id] }));
  const { cursor, currentId } = useListKeys({ shown: result.ids, root, searchBox, remove });

  // In the timeline (npm run bench): when the list first showed papers.
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current || library.papers.size === 0) return;
    shown.current = true;
    performance.mark('paperlight:list-shown', { detail: { papers: library.papers.size } });
  }, [library.papers]);

  const noteOf = noteFor ? library.papers.get(noteFor) : undefined;

  return (
    <div class={`library${compact ? ' compact' : ''}`} data-paperlight="library" ref={root}>
      {!library.loading && (library.error !== null || library.papers.size === 0) && <SnapshotOffer unreadable={library.error !== null} />}
      <ListControls library={library} list={list} searchBox={searchBox} />
      <BulkBar compact={compact} library={library} tagDefs={tagDefs} shown={result.ids} selection={selection} importPanel={importPanel} run={run} onError={setError} />
      {importPanel.open && importPanel.Panel && <importPanel.Panel onDone={importPanel.close} onImported={library.adopt} loaded={library.loaded} />}
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
                selected={selection.selected.has(id)}
                current={id === currentId}
                onSelect={selection.select}
                onState={(paperId, next) => void run(() => request({ type: 'papers.state', ids: [paperId], state: next }))}
                onOpen={(paperId) => void request({ type: 'paper.opened', id: paperId }).catch(() => undefined)}
                onNote={setNoteFor}
                onRemove={remove}
              />
            );
          }}
        />
      )}
    </div>
  );
}
