import { useEffect, useState } from 'preact/hooks';
import { SEEN_DAYS, type Settings } from '@/lib/model/library';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';

const SEEN_DAY_NAMES: Record<(typeof SEEN_DAYS)[number], string> = { 30: 'a month', 90: 'three months', 365: 'a year', 3650: 'ten years' };

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

  const [forgot, setForgot] = useState<string | null>(null);
  const forget = () =>
    request({ type: 'seen.clear' })
      .then(({ forgotten }) =>
        setForgot(forgotten === 0 ? 'There was nothing to forget.' : `Forgot ${plural(forgotten, 'paper')} seen or dismissed. The Data section’s newest snapshot brings them back.`),
      )
      .catch((reason: unknown) => setError(`Nothing was forgotten: ${errorMessage(reason)}`));

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
          <h3>What is new</h3>
          <label class="setting">
            <input type="checkbox" name="seenMarks" checked={settings.seenMarks} onChange={(event) => void change({ seenMarks: event.currentTarget.checked })} />
            Mark the papers you have not seen before as “New” on Daily Papers, on every view
          </label>
          <label class="setting">
            <input type="checkbox" name="dimSeen" checked={settings.dimSeen} disabled={!settings.seenMarks} onChange={(event) => void change({ dimSeen: event.currentTarget.checked })} />
            Dim the papers you have seen
          </label>
          <label class="setting">
            <input type="checkbox" name="lastingDismiss" checked={settings.lastingDismiss} onChange={(event) => void change({ lastingDismiss: event.currentTarget.checked })} />
            Dismissing a paper (x) folds it away on every view and visit, until you show it again; off: it leaves the current view only
          </label>
          <label class="setting">
            Remember the papers you have seen for{' '}
            <select name="seenDays" value={String(settings.seenDays)} onChange={(event) => void change({ seenDays: Number(event.currentTarget.value) })}>
              {SEEN_DAYS.map((days) => (
                <option key={days} value={String(days)}>
                  {SEEN_DAY_NAMES[days]}
                </option>
              ))}
            </select>
          </label>
          <p class="setting">
            <button type="button" data-paperlight="seen-clear" onClick={() => void forget()}>
              Forget the papers I have seen and dismissed
            </button>{' '}
            (a snapshot is taken first)
          </p>
          {forgot && (
            <p class="notice" role="status" data-paperlight="seen-cleared">
              {forgot}
            </p>
          )}
        </>
      )}
    </section>
  );
}
