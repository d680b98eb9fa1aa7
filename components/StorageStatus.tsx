import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '@/lib/text/error-message';
import { formatBytes } from '@/lib/text/format';

interface Status {
  persisted: boolean;
  usage: number | null;
}

async function readStatus(): Promise<Status> {
  const [persisted, estimate] = await Promise.all([navigator.storage.persisted(), navigator.storage.estimate()]);
  return { persisted, usage: estimate.usage ?? null };
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
      {status.persisted ? 'Storage is persistent: the browser will not clear it to free space.' : 'Storage is not persistent: under storage pressure the browser may clear it.'}
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
