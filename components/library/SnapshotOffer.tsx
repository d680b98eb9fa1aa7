import { useEffect, useState } from 'preact/hooks';
import { pageSnapshots } from '@/lib/library/page-store';
import type { SnapshotEntry } from '@/lib/model/snapshot';
import { request } from '@/lib/protocol/messaging';
import { errorMessage } from '@/lib/text/error-message';
import { formatDateTime } from '@/lib/text/format';
import { plural } from '@/lib/text/plural';

/**
 * Said at the top of an empty or unreadable reading list when a snapshot holds papers: the newest
 * such snapshot, with Restore (the background takes a snapshot of the list as it is first) and
 * Download. Nothing is restored without the click: a library that fails to open is never
 * replaced silently.
 */
export function SnapshotOffer({ unreadable }: { unreadable: boolean }) {
  const [offer, setOffer] = useState<SnapshotEntry | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  useEffect(() => {
    pageSnapshots()
      .then((snapshots) => snapshots.list())
      .then((entries) => setOffer(entries.find((entry) => entry.papers > 0) ?? null))
      .catch(() => setOffer(null));
  }, []);

  if (!offer) return null;

  const restore = async () => {
    setState({ busy: true, error: null });
    try {
      const result = await request({ type: 'snapshot.restore', id: offer.id });
      if ('changed' in result) throw new Error('the list changed meanwhile; try again');
      // The list reads itself again on the background's library.changed.
      setOffer(null);
    } catch (reason) {
      setState({ busy: false, error: `Nothing was restored: ${errorMessage(reason)}` });
    }
  };

  const save = async () => {
    try {
      const [{ readSnapshotText, snapshotFileName }, { download }] = await Promise.all([import('@/lib/library/snapshot-file'), import('@/lib/library/export-file')]);
      download(document, { name: snapshotFileName(offer), mime: 'application/json', parts: [await readSnapshotText(await pageSnapshots(), offer)] });
    } catch (reason) {
      setState({ busy: false, error: `Could not download the snapshot: ${errorMessage(reason)}` });
    }
  };

  return (
    <div class="notice snapshot-offer" role="status" data-paperlight="snapshot-offer" data-paperlight-papers={String(offer.papers)}>
      <p>
        {unreadable ? 'Your reading list could not be read.' : 'Your reading list is empty.'} A snapshot from {formatDateTime(offer.takenAt)} holds{' '}
        {plural(offer.papers, 'paper')}.
      </p>
      <button type="button" data-paperlight="restore" disabled={state.busy} onClick={() => void restore()}>
        Restore
      </button>{' '}
      <button type="button" data-paperlight="snapshot-download" onClick={() => void save()}>
        Download
      </button>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
