import { useEffect, useState } from 'preact/hooks';
import { describeSync } from '@/lib/library/describe-sync';
import type { SyncStatus } from '@/lib/model/sync-status';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';

/** How many of the papers that do not sync are listed (the rest are counted). */
const LISTED = 200;

/**
 * The options page's Sync section (issue #15): whether sync is on, when it last ran, how much of
 * the browser's sync storage it uses, which papers stay on this device and why; a switch to turn it
 * off and on.
 */
export function SyncSection() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    request({ type: 'sync.status' })
      .then((next) => {
        setStatus(next);
        setError(null);
      })
      .catch((reason: unknown) => setError(`Could not read the sync status: ${errorMessage(reason)}`));

  useEffect(() => {
    void load();
    const stops = [onBroadcast('sync.changed', () => void load()), onBroadcast('papers.changed', () => void load()), onBroadcast('library.changed', () => void load())];
    return () => stops.forEach((stop) => stop());
  }, []);

  const toggle = async () => {
    if (!status) return;
    setBusy(true);
    try {
      setStatus(await request({ type: 'sync.set', enabled: !status.enabled }));
    } catch (reason) {
      setError(`Sync was not turned ${status.enabled ? 'off' : 'on'}: ${errorMessage(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="sync-section" aria-labelledby="sync-heading">
      <h2 id="sync-heading">Sync</h2>
      <p class="hint">
        Paperlight syncs your decisions (saved papers, reading states, tags, notes, rules, settings and keys) through your browser’s own sync, to the
        browsers where you are signed in with the same account. Titles and abstracts are not synced: each browser reads them from Daily Papers.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {status && (
        <>
          <div class="sync-status" data-paperlight="sync-status" data-paperlight-enabled={String(status.enabled)} role="status">
            {describeSync(status).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
          <button type="button" data-paperlight="sync-toggle" aria-pressed={status.enabled} disabled={busy} onClick={() => void toggle()}>
            {status.enabled ? 'Turn sync off' : 'Turn sync on'}
          </button>
          {status.enabled && status.localOnly.length > 0 && (
            <details class="sync-local-only" data-paperlight="sync-local-only">
              <summary>{plural(status.localOnly.length, 'paper')} stay on this device</summary>
              <ul>
                {status.localOnly.slice(0, LISTED).map((id) => (
                  <li key={id}>
                    <a href={`https://huggingface.co/papers/${id}`} target="_blank" rel="noopener noreferrer">
                      {id}
                    </a>
                  </li>
                ))}
              </ul>
              {status.localOnly.length > LISTED && <p class="hint">…and {plural(status.localOnly.length - LISTED, 'more paper')}.</p>}
            </details>
          )}
        </>
      )}
    </section>
  );
}
