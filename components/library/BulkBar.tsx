/**
 * The bar between the controls and the list: select all shown, what to do with the selected papers
 * (state, add or remove a tag, remove), export (the selection, else everything) and import.
 */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { EXPORT_FORMATS, type ExportFormat } from '@/lib/library/export-formats';
import { pageStore } from '@/lib/library/page-store';
import { PAPER_STATES, type PaperState } from '@/lib/model/library';
import type { TagWithCount } from '@/lib/model/changes';
import { request } from '@/lib/protocol/messaging';

import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';
import { STATE_LABELS } from './LibraryRow';
import type { ImportPanelState } from './useImportPanel';
import type { LibraryState } from './useLibrary';
import type { Selection } from './useSelection';

/** Firefox closes a popup when it opens a file picker (the popup loses focus), so the file would
 * never be read: there the popup's Import sends the user to the full page, import panel open. */
const IMPORT_IN_FULL_PAGE = import.meta.env.FIREFOX;

interface Props {
  compact: boolean;
  library: LibraryState;
  tagDefs: ReadonlyMap<string, TagWithCount>;
  /** The ids the search shows. */
  shown: readonly string[];
  selection: Selection;
  importPanel: ImportPanelState;
  /** Runs an action, showing what went wrong. */
  run: (action: () => Promise<unknown>) => Promise<void>;
  onError: (message: string) => void;
}

export function BulkBar({ compact, library, tagDefs, shown, selection, importPanel, run, onError }: Props) {
  const [exportFormat, setExportFormat] = useState<ExportFormat>('json');
  const [bulkTag, setBulkTag] = useState('');
  const { selected } = selection;
  const bulkIds = [...selected].filter((id) => library.papers.has(id));
  const allShownSelected = shown.length > 0 && shown.every((id) => selected.has(id));

  const exportNow = async (scope: 'selection' | 'all') => {
    const clicked = performance.now();
    await run(async () => {
      // The formats' code comes when first asked for: the list opens without it.
      const [{ library: whole }, { exportFile, download }] = await Promise.all([(await pageStore()).library.exportAt(library.loaded()), import('@/lib/library/export-file')]);
      const chosen = scope === 'selection' ? whole.papers.filter((paper) => selected.has(paper.id)) : whole.papers;
      const file = exportFile(exportFormat, whole, chosen);
      download(document, file);
      // From the click: reading everything, formatting it, handing the file to the browser.
      performance.measure('paperlight:export', { start: clicked, detail: { papers: chosen.length, format: exportFormat } });
    });
  };

  return (
    <div class="bulk-bar" data-paperlight="bulk" aria-label="Selected papers">
      <label class="select-all">
        <input
          type="checkbox"
          data-paperlight="select-all"
          checked={allShownSelected}
          aria-label={allShownSelected ? 'Select none' : `Select all ${shown.length} shown`}
          onChange={(event) => selection.set(event.currentTarget.checked ? shown : [])}
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
                selection.set([]);
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
        aria-expanded={compact && IMPORT_IN_FULL_PAGE ? undefined : importPanel.open}
        title={compact && IMPORT_IN_FULL_PAGE ? 'Imports in the full page: Firefox closes this popup when a file picker opens' : undefined}
        onClick={() => {
          if (compact && IMPORT_IN_FULL_PAGE) {
            void browser.tabs
              .create({ url: browser.runtime.getURL('/library.html#import') })
              .then(() => window.close())
              .catch((reason: unknown) => onError(errorMessage(reason)));
            return;
          }
          importPanel.toggle();
        }}
      >
        Import…
      </button>
    </div>
  );
}
