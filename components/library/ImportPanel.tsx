import { useState } from 'preact/hooks';
import { parseImport } from '@/lib/library/formats/import';
import type { ImportedLibrary } from '@/lib/library/formats/imported';
import { applyImport, planImport, type ImportMode, type ImportPlan } from '@/lib/library/formats/plan';
import { pageDatabase } from '@/lib/library/page-database';
import { request } from '@/lib/messaging';
import { exportLibrary } from '@/lib/store/library';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What an import will do, in words, before it is applied. */
export function describePlan(plan: ImportPlan): string[] {
  const lines = [
    `${count(plan.papers.added.length, 'paper')} added, ${plan.papers.updated.length} updated, ${plan.papers.unchanged.length} unchanged` +
      (plan.mode === 'replace' ? `, ${plan.papers.removed.length} removed` : ''),
  ];
  const tags = plan.tags;
  if (tags.added.length + tags.recoloured.length + tags.renamed.length + tags.removed.length > 0) {
    lines.push(`Tags: ${tags.added.length} added, ${tags.recoloured.length} recoloured, ${tags.renamed.length} renamed, ${tags.removed.length} removed`);
  }
  const rules = plan.rules;
  if (rules.added.length + rules.updated.length + rules.removed.length > 0) {
    lines.push(`Keyword rules: ${rules.added.length} added, ${rules.updated.length} updated, ${rules.removed.length} removed`);
  }
  if (plan.settings.changed.length > 0) lines.push(`Settings changed: ${plan.settings.changed.join(', ')}`);
  return lines;
}

/**
 * Import: pick a file (Paperlight JSON, BibTeX, RIS or Pocket CSV), see what it would change (merge
 * or, for a Paperlight backup, replace), then apply it all at once. A file with any bad record is
 * refused whole, with the record and the problem named; nothing changes.
 */
export function ImportPanel({ onDone }: { onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [incoming, setIncoming] = useState<{ name: string; format: string; library: ImportedLibrary } | null>(null);
  const [mode, setMode] = useState<ImportMode>('merge');
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const plan_ = async (library: ImportedLibrary, chosen: ImportMode) => {
    const current = await exportLibrary(await pageDatabase());
    setPlan(planImport(current, library, chosen));
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
    // In the timeline (npm run bench): reading, checking and planning the file.
    performance.measure('paperlight:import-plan', { start: started, detail: { papers: parsed.library.papers.length } });
  };

  const apply = async () => {
    if (!plan) return;
    setBusy(true);
    const started = performance.now();
    try {
      const result = await request({ type: 'library.replace', library: applyImport(plan) });
      performance.measure('paperlight:import-apply', { start: started, detail: { papers: result.papers } });
      setDone(`Imported ${incoming?.name}: the reading list now has ${count(result.papers, 'paper')}.`);
      setPlan(null);
      setIncoming(null);
    } catch (reason) {
      setError(`Nothing was imported: ${reason instanceof Error ? reason.message : String(reason)}`);
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
            {describePlan(plan).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
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
