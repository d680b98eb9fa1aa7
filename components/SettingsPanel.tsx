import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/lib/model/library';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import { errorMessage } from '@/lib/text/error-message';


/** The reading list's settings, saved as they are changed. */
export function SettingsPanel() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const stop = onBroadcast('settings.changed', (change) => setSettings(change.settings));
    request({ type: 'settings.get' })
      .then(setSettings)
      .catch((reason: unknown) => setError(`Could not read the settings: ${errorMessage(reason)}`));
    return stop;
  }, []);

  const change = (patch: Partial<Settings>) =>
    request({ type: 'settings.set', settings: patch })
      .then(setSettings)
      .catch((reason: unknown) => setError(errorMessage(reason)));

  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Reading list</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {settings && (
        <>
          <label class="setting">
            <input type="checkbox" name="openMarksReading" checked={settings.openMarksReading} onChange={(event) => void change({ openMarksReading: event.currentTarget.checked })} />
            Opening a paper from the list marks it “Reading” when it was “To read”
          </label>
          <label class="setting">
            <input type="checkbox" name="badgeCountsToRead" checked={settings.badgeCountsToRead} onChange={(event) => void change({ badgeCountsToRead: event.currentTarget.checked })} />
            Show the number of papers to read on the toolbar button
          </label>
        </>
      )}
    </section>
  );
}
