/**
 * Keyboard triage: the actions, their default keys, and the user's rebindings. A key is written as
 * the character it types (`j`, `/`, `?`), with `Shift+` for a shifted letter (`Shift+J`), or a
 * named key (`Enter`, `Shift+Enter`). Escape and Ctrl/Cmd+Z are fixed.
 */
export const ACTIONS = {
  next: { keys: ['j'], label: 'Next paper' },
  previous: { keys: ['k'], label: 'Previous paper' },
  last: { keys: ['Shift+J'], label: 'Last paper' },
  first: { keys: ['Shift+K'], label: 'First paper' },
  nextNew: { keys: ['Shift+N'], label: 'Next new paper (one you have not seen before)' },
  // Added after readers could bind keys: its default gives way to a key someone already chose.
  nextTop: { keys: ['f'], label: 'Next of your top 10 for you', yields: true },
  open: { keys: ['o', 'Enter'], label: 'Open the paper page' },
  openBackground: { keys: ['Shift+O', 'Shift+Enter'], label: 'Open the paper page in a background tab' },
  star: { keys: ['s'], label: 'Star / unstar' },
  tag: { keys: ['t'], label: 'Add a tag' },
  hide: { keys: ['x'], label: 'Dismiss the paper (for good, or from this view only: a setting)' },
  note: { keys: ['n'], label: 'Edit the note' },
  highlight: { keys: ['h'], label: 'Highlight rule from the selected words' },
  mute: { keys: ['m'], label: 'Mute rule from the selected words' },
  search: { keys: ['/'], label: 'Search the site' },
  undo: { keys: ['u'], label: 'Undo the last Paperlight action (also Ctrl+Z / ⌘Z)' },
  help: { keys: ['?'], label: 'Show the keys' },
} as const;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

/** A key a user may bind: one character (not a space), a Shift+letter, or Enter / Shift+Enter. */
export function isBindableKey(key: string): boolean {
  if (key === 'Enter' || key === 'Shift+Enter') return true;
  if (/^Shift\+[A-Z]$/.test(key)) return true;
  return [...key].length === 1 && key.trim() !== '' && !/[A-Z]/.test(key);
}

/** What the user typed in a "press a key" box, as a binding: `J` is written `Shift+J`. */
export function normalizeBinding(raw: string): string {
  const key = raw.trim();
  if (/^[A-Z]$/.test(key)) return `Shift+${key}`;
  const shifted = /^shift\s*\+\s*([a-z])$/i.exec(key);
  if (shifted) return `Shift+${shifted[1]!.toUpperCase()}`;
  if (/^shift\s*\+\s*enter$/i.test(key)) return 'Shift+Enter';
  if (/^enter$/i.test(key)) return 'Enter';
  return key;
}

export type Bindings = Record<Action, string[]>;

/** The defaults with the user's overrides (action → one key) applied. Unknown actions are ignored. */
export function resolveBindings(overrides: Readonly<Record<string, string>>): Bindings {
  const bindings = {} as Bindings;
  // An action added later never takes a key the user already gave another one: it goes without
  // its default until they rebind one of them (their saved settings stay valid).
  const chosen = new Set(ACTION_NAMES.map((action) => overrides[action]).filter((key) => key !== undefined));
  for (const action of ACTION_NAMES) {
    const override = overrides[action];
    const defaults: readonly string[] = ACTIONS[action].keys;
    bindings[action] = override ? [override] : 'yields' in ACTIONS[action] ? defaults.filter((key) => !chosen.has(key)) : [...defaults];
  }
  return bindings;
}

export type BindingCheck = { ok: true; overrides: Record<string, string> } | { ok: false; error: string };

/**
 * Binds `action` to `raw`, refusing keys that cannot be bound and keys another action already
 * uses (naming it). Returns the new overrides.
 */
export function rebind(overrides: Readonly<Record<string, string>>, action: Action, raw: string): BindingCheck {
  const key = normalizeBinding(raw);
  if (!isBindableKey(key)) return { ok: false, error: unbindable(raw) };
  const taken = takenBy(resolveBindings(overrides), action, key);
  if (taken) return { ok: false, error: taken };
  const next = { ...overrides };
  if (ACTIONS[action].keys.length === 1 && ACTIONS[action].keys[0] === key) delete next[action];
  else next[action] = key;
  return { ok: true, overrides: next };
}

const unbindable = (raw: string) => `“${raw}” cannot be bound: use one character, a Shift+letter, Enter or Shift+Enter.`;

/** Why `key` cannot be `action`'s: another action has it (named). */
function takenBy(bindings: Bindings, action: Action, key: string): string | null {
  const other = ACTION_NAMES.find((name) => name !== action && bindings[name].includes(key));
  return other ? `“${key}” is already “${ACTIONS[other].label}”. Rebind that first.` : null;
}

const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name);

/**
 * Why a whole set of overrides (from settings, a message or an imported file) is not one the
 * key-binding editor could have made, or null: an unknown action, a key that cannot be bound, or
 * a key two actions share (the second would silently never fire).
 */
export function bindingsProblem(overrides: Readonly<Record<string, string>>): string | null {
  for (const [action, key] of Object.entries(overrides)) {
    if (!isAction(action)) return `there is no action “${action}”.`;
    if (!isBindableKey(key)) return unbindable(key);
  }
  const bindings = resolveBindings(overrides);
  const owner = new Map<string, Action>();
  for (const action of ACTION_NAMES) {
    for (const key of bindings[action]) {
      const other = owner.get(key);
      if (other) return `“${key}” is both “${ACTIONS[other].label}” and “${ACTIONS[action].label}”.`;
      owner.set(key, action);
    }
  }
  return null;
}

/** The action bound to `key`, if any. */
export function actionFor(bindings: Bindings, key: string): Action | null {
  for (const action of ACTION_NAMES) if (bindings[action].includes(key)) return action;
  return null;
}
