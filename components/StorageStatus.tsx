import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorMessage } from '@/lib/text/error-message';
import { formatBytes } from '@/lib/text/format';

interface Status {
  /** Never evicted: a persistent bucket, or the unlimitedStorage permission (which Chrome
   * documents as exempting an extension from eviction, while persisted() still says false). */
  persisted: boolean;
  how: 'persist' | 'permission' | null;
  usage: number | null;
}

async function readStatus(): Promise<Status> {
  const [persisted, unlimited, estimate] = await Promise.all([
    navigator.storage.persisted(),
    browser.permissions.contains({ permissions: ['unlimitedStorage'] }).catch(() => false),
    navigator.storage.estimate(),
  ]);
  return { persisted: persisted || unlimited, how: persisted ? 'persist' : unlimited ? 'permission' : null, usage: estimate.usage ?? null };
}

/** Whether the browser keeps Paperlight's storage persistently (never evicted to free space), and
 * how much it uses; when not, a button to ask for it. */
export function StorageStatus() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    readStatus()
      .then(setStatus)
      .catch((reason: unknown) => setError(errorMessage(reason)));
  }, []);

  const ask = async () => {
    try {
      await navigator.storage.persist();
      setStatus(await readStatus());
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };

  if (error) return <p class="error">Could not read the storage status: {error}</p>;
  if (!status) return null;
  return (
    <p class="storage-status" data-paperlight="storage-status" data-paperlight-persisted={String(status.persisted)}>
      {status.how === 'persist'
        ? 'Storage is persistent: the browser will not clear it to free space.'
        : status.how === 'permission'
          ? 'Storage is persistent: Paperlight holds the unlimitedStorage permission, so the browser will not clear it to free space.'
          : 'Storage is not persistent: under storage pressure the browser may clear it.'}
      {status.usage !== null && ` Paperlight uses ${formatBytes(status.usage)}.`}
      {!status.persisted && (
        <>
          {' '}
          <button type="button" onClick={() => void ask()}>
            Keep my data
          </button>
        </>
      )}
    </p>
  );
}
