import { useState } from 'preact/hooks';
import { parseImport } from '@/lib/library/formats/import';
import type { ImportedLibrary } from '@/lib/library/formats/imported';
import { applyImport, planImport, type ImportMode, type ImportPlan } from '@/lib/library/formats/plan';
import { describePlan } from '@/lib/library/formats/describe-plan';
import { pageStore } from '@/lib/library/page-store';
import { painted } from '@/lib/library/painted';
import { request } from '@/lib/protocol/messaging';
import { sendImport } from '@/lib/library/send-import';
import { LibraryChanged, importedView, type LibraryView, type LoadedLibrary } from '@/lib/store/pages';
import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';

/** Lines of what was changed to take the file; a long list shows its start and how many more. */
const ADJUSTED_SHOWN = 20;

function Adjusted({ lines }: { lines: readonly string[] }) {
  return (
    <div class="import-adjusted" data-paperlight="import-adjusted">
      <p>Taken with changes:</p>
      <ul>
        {lines.slice(0, ADJUSTED_SHOWN).map((line, i) => (
          <li key={i}>{line}</li>
        ))}
        {lines.length > ADJUSTED_SHOWN && <li>and {lines.length - ADJUSTED_SHOWN} more</li>}
      </ul>
    </div>
  );
}

/**
 * Import: pick a file (Paperlight JSON, BibTeX, RIS or Pocket CSV), see what it would change (merge
 * or, for a Paperlight backup, replace), then apply it all at once. A file with any bad record is
 * refused whole, with the record and the problem named; nothing changes.
 *
 * Applying sends the import to the background in chunks (a library can be larger than one message
 * may be; lib/library/send-import.ts), which checks it, writes it in one transaction only if the
 * library is still the one the preview was worked out from, and tells every other view and page;
 * this page then shows what it sent without reading it back.
 */
export function ImportPanel({ onDone, onImported, loaded }: { onDone: () => void; onImported: (view: LibraryView) => void; loaded: () => LoadedLibrary | null }) {
  const [error, setError] = useState<string | null>(null);
  const [incoming, setIncoming] = useState<{ name: string; format: string; library: ImportedLibrary } | null>(null);
  const [mode, setMode] = useState<ImportMode>('merge');
  const [plan, setPlan] = useState<{ plan: ImportPlan; version: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const plan_ = async (library: ImportedLibrary, chosen: ImportMode) => {
    const current = await (await pageStore()).library.exportAt(loaded());
    setPlan({ plan: planImport(current.library, library, chosen), version: current.version });
  };

  const read = async (file: File) => {
    setError(null);
    setPlan(null);
    setIncoming(null);
    setDone(null);
    const started = performance.now();
    const parsed = parseImport(await file.text(), file.name);
    if (!parsed.ok) {
      setError(`${file.name} was not imported: ${parsed.error}`);
      return;
    }
    setIncoming({ name: file.name, format: parsed.format, library: parsed.library });
    const chosen = parsed.format === 'json' ? mode : 'merge';
    setMode(chosen);
    await plan_(parsed.library, chosen).catch((reason: unknown) => setError(String(reason)));
    // In the timeline (npm run bench): reading, checking and planning the file, to the preview on
    // screen.
    await painted();
    performance.measure('paperlight:import-plan', { start: started, detail: { papers: parsed.library.papers.length } });
  };

  const apply = async () => {
    if (!plan) return;
    setBusy(true);
    setError(null);
    const started = performance.now();
    try {
      const library = applyImport(plan.plan);
      // The background writes it and tells every other view and page, even if this popup closes.
      const counts = await sendImport(request, library, plan.version);
      onImported(importedView(library, counts.version));
      setDone(`Imported ${incoming?.name}: the reading list now has ${plural(counts.papers, 'paper')}.`);
      setPlan(null);
      setIncoming(null);
      // In the timeline (npm run bench): from the click to the imported list on screen. The panel
      // does not wait for it: it is ready for the next file at once.
      void painted().then(() => performance.measure('paperlight:import-apply', { start: started, detail: { papers: counts.papers } }));
    } catch (reason) {
      setError(`Nothing was imported: ${errorMessage(reason)}`);
      // Someone changed the library since the preview: here is the preview of the import now.
      if (reason instanceof LibraryChanged && incoming) await plan_(incoming.library, plan.plan.mode).catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="import-panel" data-paperlight="import" aria-label="Import">
      <label class="file-pick">
        Import a file (Paperlight JSON, BibTeX, RIS, Pocket CSV)
        <input type="file" accept=".json,.bib,.bibtex,.ris,.csv,.txt,application/json,text/csv" onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void read(file);
          event.currentTarget.value = '';
        }} />
      </label>
      {error && (
        <p class="error" role="alert" data-paperlight="import-error">
          {error}
        </p>
      )}
      {done && (
        <p class="notice" role="status" data-paperlight="import-done">
          {done}
        </p>
      )}
      {incoming && plan && (
        <div class="import-plan" data-paperlight="import-plan">
          <p>
            <strong>{incoming.name}</strong> ({incoming.format}) will change:
          </p>
          <ul>
            {describePlan(plan.plan).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {incoming.library.adjusted && <Adjusted lines={incoming.library.adjusted} />}
          {incoming.format === 'json' && (
            <fieldset class="import-mode">
              <legend>How</legend>
              {(['merge', 'replace'] as const).map((choice) => (
                <label key={choice}>
                  <input
                    type="radio"
                    name="import-mode"
                    value={choice}
                    checked={mode === choice}
                    onChange={() => {
                      setMode(choice);
                      void plan_(incoming.library, choice);
                    }}
                  />
                  {choice === 'merge' ? 'Merge into my library' : 'Replace my library with this file'}
                </label>
              ))}
            </fieldset>
          )}
          <button type="button" data-paperlight="import-apply" disabled={busy} onClick={() => void apply()}>
            Apply import
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setPlan(null);
              setIncoming(null);
              onDone();
            }}
          >
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
