import { useEffect, useState } from 'preact/hooks';
import { describePlan } from '@/lib/library/formats/describe-plan';
import { download } from '@/lib/library/export-file';
import { pageSnapshots } from '@/lib/library/page-store';
import { snapshotFileName } from '@/lib/library/snapshot-file';
import { previewRestore, restoreSnapshot, snapshotText, type RestorePreview } from '@/lib/library/snapshot-restore';
import { SNAPSHOT_REASONS, type SnapshotEntry } from '@/lib/model/snapshot';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { errorMessage } from '@/lib/text/error-message';
import { formatBytes, formatDateTime } from '@/lib/text/format';
import { plural } from '@/lib/text/plural';
import { StorageStatus } from './StorageStatus';

function describeSnapshot(entry: SnapshotEntry): string {
  return [plural(entry.papers, 'paper'), plural(entry.tags, 'tag'), plural(entry.notes, 'note'), plural(entry.rules, 'rule'), formatBytes(entry.bytes)].join(' · ');
}

function reasonOf(entry: SnapshotEntry): string {
  return entry.detail ? `${SNAPSHOT_REASONS[entry.reason]}: ${entry.detail}` : SNAPSHOT_REASONS[entry.reason];
}

/**
 * The options page's Data section: the snapshots Paperlight took (newest first), each restorable
 * after a preview of what comes back and what goes, and downloadable as a Paperlight JSON file; a
 * restore can be undone (the background took a snapshot just before it). And whether the
 * browser keeps the data persistently, and how much it takes.
 */
export function DataSection() {
  const [entries, setEntries] = useState<SnapshotEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ text: string; undo: SnapshotEntry } | null>(null);

  const load = () =>
    pageSnapshots()
      .then((snapshots) => snapshots.list())
      .then(setEntries)
      .catch((reason: unknown) => setError(`Could not read the snapshots: ${errorMessage(reason)}`));

  useEffect(() => {
    void load();
    const stops = [onBroadcast('snapshots.changed', () => void load()), onBroadcast('library.changed', () => void load())];
    return () => stops.forEach((stop) => stop());
  }, []);

  const showPreview = async (entry: SnapshotEntry) => {
    setError(null);
    setDone(null);
    try {
      setPreview(await previewRestore(entry));
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };

  const restore = async (entry: SnapshotEntry, expectedVersion?: number) => {
    setBusy(true);
    setError(null);
    try {
      const result = await restoreSnapshot(entry.id, expectedVersion);
      if ('changed' in result) {
        setError('Your library changed since this preview, so nothing was restored. Here is what the restore would do now.');
        await showPreview(entry);
        return;
      }
      setPreview(null);
      setDone({ text: `Restored the snapshot of ${formatDateTime(entry.takenAt)}: ${plural(result.restored.papers, 'paper')}.`, undo: result.undo });
      await load();
    } catch (reason) {
      setError(`Nothing was restored: ${errorMessage(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  const save = async (entry: SnapshotEntry) => {
    try {
      download(document, { name: snapshotFileName(entry), mime: 'application/json', parts: [await snapshotText(entry)] });
    } catch (reason) {
      setError(`Could not download the snapshot: ${errorMessage(reason)}`);
    }
  };

  return (
    <section class="data" aria-labelledby="data-heading" data-paperlight="data">
      <h2 id="data-heading">Data</h2>
      <StorageStatus />
      <p class="hint">
        Paperlight keeps a snapshot of your whole library once a day and before every change that removes something (a replacing import,
        a restore, removing papers, deleting or merging tags, deleting a rule that tagged papers): the last 7 daily ones and the last 10
        others, apart from the library itself.
      </p>
      {error && (
        <p class="error" role="alert" data-paperlight="data-error">
          {error}
        </p>
      )}
      {done && (
        <p class="notice" role="status" data-paperlight="restore-done">
          {done.text}{' '}
          <button type="button" data-paperlight="restore-undo" disabled={busy} onClick={() => void restore(done.undo)}>
            Undo
          </button>
        </p>
      )}
      {entries && entries.length === 0 && <p class="hint">No snapshot yet: the first is taken once your library has a paper or a tag.</p>}
      <ul class="snapshots">
        {entries?.map((entry) => (
          <li key={entry.id} class="snapshot" data-paperlight="snapshot" data-paperlight-papers={String(entry.papers)}>
            <div class="snapshot-main">
              <strong>{formatDateTime(entry.takenAt)}</strong> <span class="snapshot-reason">{reasonOf(entry)}</span>
              <span class="snapshot-counts">{describeSnapshot(entry)}</span>
              <button type="button" data-paperlight="restore" disabled={busy} onClick={() => void showPreview(entry)}>
                Restore…
              </button>
              <button type="button" data-paperlight="snapshot-download" onClick={() => void save(entry)}>
                Download
              </button>
            </div>
            {preview?.entry.id === entry.id && (
              <div class="import-plan" data-paperlight="restore-plan">
                <p>Restoring this snapshot replaces your library with it:</p>
                <ul>
                  {describePlan(preview.plan).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <p class="hint">A snapshot of your library as it is now is taken first, so this can be undone.</p>
                <button type="button" data-paperlight="restore-apply" disabled={busy} onClick={() => void restore(entry, preview.version)}>
                  Restore
                </button>{' '}
                <button type="button" onClick={() => setPreview(null)}>
                  Cancel
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
