import { useEffect, useState } from 'preact/hooks';
import { ACTIONS, ACTION_NAMES, rebind, resolveBindings, type Action } from '@/lib/model/key-bindings';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import { errorMessage } from '@/lib/text/error-message';


/** The keyboard bindings on the Daily Papers pages: each can be rebound by pressing the new key. */
export function KeyBindings() {
  const [overrides, setOverrides] = useState<Record<string, string> | null>(null);
  const [problem, setProblem] = useState<{ action: Action; text: string } | null>(null);

  useEffect(() => {
    const stop = onBroadcast('settings.changed', (change) => setOverrides(change.settings.keyBindings));
    request({ type: 'settings.get' })
      .then((settings) => setOverrides(settings.keyBindings))
      .catch((reason: unknown) => setProblem({ action: 'help', text: errorMessage(reason) }));
    return stop;
  }, []);

  const save = (next: Record<string, string>) =>
    request({ type: 'settings.set', settings: { keyBindings: next } })
      .then((settings) => setOverrides(settings.keyBindings))
      .catch((reason: unknown) => setProblem({ action: 'help', text: errorMessage(reason) }));

  if (!overrides) return null;
  const bindings = resolveBindings(overrides);
  return (
    <section class="key-bindings" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keyboard</h2>
      <p class="hint">
        On huggingface.co/papers, with no text field focused. Focus a box below and press the new key (one character, a Shift+letter, Enter or Shift+Enter).
      </p>
      <table class="key-table">
        <tbody>
          {ACTION_NAMES.map((action) => (
            <tr key={action} data-paperlight="binding" data-action={action}>
              <td>{ACTIONS[action].label}</td>
              <td>
                <input
                  class="key-input"
                  readOnly
                  value={bindings[action].join(' or ')}
                  aria-label={`Key for “${ACTIONS[action].label}”`}
                  aria-invalid={problem?.action === action}
                  onKeyDown={(event) => {
                    if (event.key === 'Tab' || event.key === 'Escape') return;
                    event.preventDefault();
                    if (['Shift', 'Control', 'Alt', 'Meta', 'CapsLock'].includes(event.key)) return;
                    if (event.ctrlKey || event.metaKey || event.altKey) {
                      setProblem({ action, text: 'Keys with Ctrl, Alt or ⌘ belong to the browser and the site.' });
                      return;
                    }
                    const pressed = event.key === 'Enter' && event.shiftKey ? 'Shift+Enter' : event.key;
                    const result = rebind(overrides, action, pressed);
                    if (!result.ok) return setProblem({ action, text: result.error });
                    setProblem(null);
                    void save(result.overrides);
                  }}
                />
              </td>
              <td>
                {overrides[action] && (
                  <button type="button" onClick={() => void save(Object.fromEntries(Object.entries(overrides).filter(([key]) => key !== action)))}>
                    Default
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && (
        <p class="error" role="alert" data-paperlight="binding-error">
          {problem.text}
        </p>
      )}
    </section>
  );
}
