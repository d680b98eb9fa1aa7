import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { request } from '@/lib/protocol/messaging';
import { compileRule } from '@/lib/rules/compile';
import { PUBLISHED_RULES_KEY, readPublishedRules } from '@/lib/rules/published';
import { RULE_FIELDS, type Rule, type RuleField } from '@/lib/model/rule';
import { ruleLabel } from '@/lib/rules/rule-label';
import { PALETTE } from '@/lib/tags/colors';
import { errorMessage } from '@/lib/text/error-message';

/** How long a deleted rule can be brought back. */
const UNDO_MS = 8_000;


const KIND_LABELS: Record<Rule['kind'], string> = {
  word: 'Whole word',
  phrase: 'Phrase',
  prefix: 'Word prefix',
  regex: 'Regular expression',
};
const FIELD_LABELS: Record<RuleField, string> = {
  title: 'Title',
  abstract: 'Abstract',
  keywords: 'AI keywords',
  authors: 'Authors',
  organization: 'Organization',
};

type Draft = Pick<Rule, 'pattern' | 'kind' | 'caseSensitive' | 'fields' | 'color' | 'action' | 'muteStyle'> & { tag: string };

const EMPTY: Draft = {
  pattern: '',
  kind: 'word',
  caseSensitive: false,
  fields: ['title', 'abstract'],
  color: PALETTE[0],
  action: 'highlight',
  muteStyle: 'dim',
  tag: '',
};

function describe(rule: Rule): string {
  const action = rule.action === 'highlight' ? 'Highlight' : rule.action === 'mute' ? (rule.muteStyle === 'fold' ? 'Fold away' : 'Dim') : `Tag “${rule.tag}”`;
  const fields = rule.fields.map((field) => FIELD_LABELS[field].toLowerCase()).join(', ');
  return `${action} · ${KIND_LABELS[rule.kind].toLowerCase()}${rule.caseSensitive ? ', case-sensitive' : ''} · in ${fields}`;
}

/** The keyword rules: add, edit, turn on and off, delete with undo. */
export function RuleEditor() {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Rule | null>(null);
  const [undoable, setUndoable] = useState<Rule | null>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const undoButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // Follows every change, from this page or any other (a rule added from a paper page).
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && PUBLISHED_RULES_KEY in changes) setRules(readPublishedRules(changes[PUBLISHED_RULES_KEY]!.newValue));
    };
    browser.storage.onChanged.addListener(onChange);
    request({ type: 'rules.get' })
      .then(setRules)
      .catch((reason: unknown) => setError(`Could not read your rules: ${errorMessage(reason)}`));
    return () => {
      browser.storage.onChanged.removeListener(onChange);
      clearTimeout(undoTimer.current);
    };
  }, []);

  useEffect(() => {
    if (undoable) undoButton.current?.focus();
  }, [undoable]);

  const run = async (action: () => Promise<{ rules: Rule[] }>): Promise<boolean> => {
    setError(null);
    try {
      setRules((await action()).rules);
      return true;
    } catch (reason) {
      setError(errorMessage(reason));
      return false;
    }
  };
  const remove = async (rule: Rule) => {
    if (await run(() => request({ type: 'rule.delete', id: rule.id }))) {
      setUndoable(rule);
      clearTimeout(undoTimer.current);
      undoTimer.current = setTimeout(() => setUndoable(null), UNDO_MS);
    }
  };
  const restore = async (rule: Rule) => {
    setUndoable(null);
    await run(() => request({ type: 'rule.restore', rule }));
  };

  return (
    <section class="rule-editor" aria-labelledby="rules-heading">
      <h2 id="rules-heading">Keyword rules</h2>
      <p class="hint">
        Rules highlight, mute or tag papers on huggingface.co/papers as you read. There, select words in a paper’s card and press <kbd>h</kbd> (highlight) or{' '}
        <kbd>m</kbd> (mute) to add one without coming here.
      </p>
      <RuleForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} run={run} />
      {error && (
        <p class="error" role="alert" data-paperlight="rule-error">
          {error}
        </p>
      )}
      <div role="status">
        {undoable && (
          <p class="notice undo" data-paperlight="rule-undo">
            Deleted rule {ruleLabel(undoable)}
            {undoable.action === 'auto-tag' ? ' and the tags it gave' : ''}.{' '}
            <button
              type="button"
              ref={undoButton}
              onFocus={() => clearTimeout(undoTimer.current)}
              onBlur={() => (undoTimer.current = setTimeout(() => setUndoable(null), UNDO_MS))}
              onClick={() => void restore(undoable)}
            >
              Undo
            </button>
          </p>
        )}
      </div>
      {rules === null ? (
        <p class="loading">Loading…</p>
      ) : rules.length === 0 ? (
        <p class="empty">No rules yet.</p>
      ) : (
        <ul class="rule-rows">
          {rules.map((rule) => (
            <li class="rule-row" key={rule.id} data-paperlight="rule-row" data-paperlight-rule={rule.id} data-enabled={String(rule.enabled)}>
              <span class="rule-color" style={{ background: rule.action === 'highlight' ? rule.color : 'transparent' }} aria-hidden="true" />
              <span class="rule-text">
                <strong class="rule-pattern">{ruleLabel(rule)}</strong>
                <span class="rule-meta">{describe(rule)}</span>
                {rule.disabledReason && (
                  <span class="rule-disabled" data-paperlight="rule-disabled-reason">
                    {rule.disabledReason}
                  </span>
                )}
              </span>
              <label class="rule-toggle">
                <input
                  type="checkbox"
                  checked={rule.enabled}
                  onChange={(event) => void run(() => request({ type: 'rule.update', id: rule.id, patch: { enabled: event.currentTarget.checked } }))}
                />
                On
              </label>
              <button type="button" onClick={() => setEditing(rule)} aria-label={`Edit rule ${ruleLabel(rule)}`}>
                Edit
              </button>
              <button type="button" class="danger" onClick={() => void remove(rule)} aria-label={`Delete rule ${ruleLabel(rule)}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface FormProps {
  editing: Rule | null;
  onDone: () => void;
  run: (action: () => Promise<{ rules: Rule[] }>) => Promise<boolean>;
}

function RuleForm({ editing, onDone, run }: FormProps) {
  const [draft, setDraft] = useState<Draft>(editing ? { ...editing, tag: editing.tag ?? '' } : EMPTY);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  // The engine's own verdict as the user types; the background checks again (and probes regexes).
  const compiled = draft.pattern.trim() ? compileRule(draft) : null;
  const problem = compiled && !compiled.ok ? compiled.error : draft.fields.length === 0 ? 'Choose at least one field.' : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (problem || busy) return;
    setBusy(true);
    const rule = { ...draft, tag: draft.action === 'auto-tag' ? draft.tag : null };
    const ok = await run(() => (editing ? request({ type: 'rule.update', id: editing.id, patch: rule }) : request({ type: 'rule.add', rule })));
    setBusy(false);
    if (!ok) return;
    if (editing) onDone();
    else setDraft({ ...EMPTY, color: draft.color, action: draft.action, muteStyle: draft.muteStyle, fields: draft.fields });
  };

  return (
    <form class="rule-form" data-paperlight="rule-form" onSubmit={(event) => void submit(event)} aria-label={editing ? `Edit rule ${ruleLabel(editing)}` : 'New rule'}>
      <div class="rule-form-row">
        <label>
          Pattern
          <input
            name="pattern"
            value={draft.pattern}
            maxLength={500}
            required
            aria-invalid={problem !== null}
            aria-describedby="rule-problem"
            onInput={(event) => set({ pattern: event.currentTarget.value })}
            autoFocus={editing !== null}
          />
        </label>
        <label>
          Kind
          <select name="kind" value={draft.kind} onChange={(event) => set({ kind: event.currentTarget.value as Rule['kind'] })}>
            {Object.entries(KIND_LABELS).map(([kind, label]) => (
              <option value={kind} key={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="inline">
          <input type="checkbox" name="caseSensitive" checked={draft.caseSensitive} onChange={(event) => set({ caseSensitive: event.currentTarget.checked })} />
          Match case
        </label>
      </div>
      <p id="rule-problem" class="error" role="alert" data-paperlight="rule-problem">
        {problem ?? ''}
      </p>
      <fieldset>
        <legend>Look in</legend>
        {RULE_FIELDS.map((field) => (
          <label class="inline" key={field}>
            <input
              type="checkbox"
              name={`field-${field}`}
              checked={draft.fields.includes(field)}
              onChange={(event) =>
                set({ fields: event.currentTarget.checked ? RULE_FIELDS.filter((f) => f === field || draft.fields.includes(f)) : draft.fields.filter((f) => f !== field) })
              }
            />
            {FIELD_LABELS[field]}
          </label>
        ))}
      </fieldset>
      <div class="rule-form-row">
        <label>
          Action
          <select name="action" value={draft.action} onChange={(event) => set({ action: event.currentTarget.value as Rule['action'] })}>
            <option value="highlight">Highlight</option>
            <option value="mute">Mute</option>
            <option value="auto-tag">Tag automatically</option>
          </select>
        </label>
        {draft.action === 'mute' && (
          <label>
            Muted papers are
            <select name="muteStyle" value={draft.muteStyle} onChange={(event) => set({ muteStyle: event.currentTarget.value as Rule['muteStyle'] })}>
              <option value="dim">dimmed</option>
              <option value="fold">folded to one line</option>
            </select>
          </label>
        )}
        {draft.action === 'auto-tag' && (
          <label>
            Tag
            <input name="tag" value={draft.tag} maxLength={40} required onInput={(event) => set({ tag: event.currentTarget.value })} />
          </label>
        )}
      </div>
      {draft.action === 'highlight' && (
        <fieldset class="rule-colors">
          <legend>Colour group</legend>
          {PALETTE.map((color) => (
            <button
              type="button"
              key={color}
              class="swatch"
              style={{ background: color }}
              aria-label={`Colour ${color}`}
              aria-pressed={draft.color === color}
              onClick={() => set({ color })}
            />
          ))}
        </fieldset>
      )}
      <div class="rule-form-row">
        <button type="submit" disabled={busy}>
          {editing ? 'Save rule' : 'Add rule'}
        </button>
        {editing && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
