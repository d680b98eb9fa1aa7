import { describe, expect, it } from 'vitest';
import { actionFor, bindingsProblem, rebind, resolveBindings } from '@/lib/model/key-bindings';
import { isTyping, keyOf, type KeyEventLike } from '@/lib/keyboard/key-of';

const press = (key: string, extra: Partial<KeyEventLike> = {}): KeyEventLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  isComposing: false,
  target: document.body,
  ...extra,
});

describe('keyOf: what a keydown means, and when it means nothing', () => {
  it('plain keys, shifted letters and named keys', () => {
    expect(keyOf(press('j'))).toBe('j');
    expect(keyOf(press('J', { shiftKey: true }))).toBe('Shift+J');
    expect(keyOf(press('?', { shiftKey: true }))).toBe('?');
    expect(keyOf(press('/'))).toBe('/');
    expect(keyOf(press('Enter'))).toBe('Enter');
    expect(keyOf(press('Enter', { shiftKey: true }))).toBe('Shift+Enter');
    expect(keyOf(press('Escape'))).toBe('Escape');
    // Caps Lock: a capital without Shift is the letter.
    expect(keyOf(press('J'))).toBe('j');
  });

  it('never while typing: inputs, textareas, selects, contenteditable, shadow roots', () => {
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const select = document.createElement('select');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', '');
    const inside = document.createElement('b');
    editable.append(inside);
    document.body.append(input, area, select, editable);
    for (const target of [input, area, select, editable, inside]) expect(keyOf(press('j', { target }))).toBeNull();
    // A field inside a shadow root: the event's target is the host, its path starts at the field.
    const host = document.createElement('div');
    const shadowInput = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('input'));
    expect(keyOf(press('j', { target: host, composedPath: () => [shadowInput, host, document.body] }))).toBeNull();
  });

  it('never during IME composition', () => {
    expect(keyOf(press('j', { isComposing: true }))).toBeNull();
    expect(keyOf(press('Process', { keyCode: 229 }))).toBeNull();
  });

  it('leaves modifier combinations to the browser and the site, except Ctrl/Cmd+Z', () => {
    expect(keyOf(press('j', { ctrlKey: true }))).toBeNull();
    expect(keyOf(press('s', { metaKey: true }))).toBeNull();
    expect(keyOf(press('j', { altKey: true }))).toBeNull();
    expect(keyOf(press('f', { ctrlKey: true }))).toBeNull();
    expect(keyOf(press('z', { ctrlKey: true }))).toBe('Mod+z');
    expect(keyOf(press('z', { metaKey: true }))).toBe('Mod+z');
    expect(keyOf(press('Z', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(keyOf(press('z', { ctrlKey: true, target: document.createElement('textarea') }))).toBeNull();
  });

  it('ignores keys that type nothing Paperlight binds', () => {
    expect(keyOf(press('ArrowDown'))).toBeNull();
    expect(keyOf(press('Tab'))).toBeNull();
    expect(keyOf(press('F5'))).toBeNull();
  });
});

describe('isTyping: where keys are text', () => {
  it('in text fields and editable content, not in checkboxes, radio buttons or buttons', () => {
    const make = (tag: string, id: string, attributes: Record<string, string> = {}, parent: Element = document.body) => {
      const element = document.createElement(tag);
      element.id = id;
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      parent.append(element);
      return element;
    };
    make('input', 'text');
    make('input', 'check', { type: 'checkbox' });
    make('input', 'radio', { type: 'radio' });
    make('textarea', 'area');
    make('select', 'pick');
    make('b', 'inside', {}, make('div', 'edit', { contenteditable: 'true' }));
    make('button', 'button');
    make('div', 'plain');
    const at = (id: string) => document.getElementById(id);
    for (const id of ['text', 'area', 'pick', 'edit', 'inside']) expect(isTyping(at(id)), id).toBe(true);
    for (const id of ['check', 'radio', 'button', 'plain']) expect(isTyping(at(id)), id).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe('bindings', () => {
  it('defaults, and an override replaces an action’s keys', () => {
    const defaults = resolveBindings({});
    expect(actionFor(defaults, 's')).toBe('star');
    expect(actionFor(defaults, 'Enter')).toBe('open');
    expect(actionFor(defaults, 'Shift+J')).toBe('last');
    const result = rebind({}, 'star', 'w');
    expect(result).toEqual({ ok: true, overrides: { star: 'w' } });
    const bound = resolveBindings(result.ok ? result.overrides : {});
    expect(actionFor(bound, 'w')).toBe('star');
    expect(actionFor(bound, 's')).toBeNull();
  });

  it('refuses conflicts, naming the other action, and keys that cannot be bound', () => {
    expect(rebind({}, 'star', 'j')).toEqual({ ok: false, error: '“j” is already “Next paper”. Rebind that first.' });
    expect(rebind({}, 'star', 'Shift+K')).toMatchObject({ ok: false, error: /First paper/ });
    expect(rebind({}, 'star', 'ctrl+s')).toMatchObject({ ok: false, error: /cannot be bound/ });
    expect(rebind({}, 'star', ' ')).toMatchObject({ ok: false, error: /cannot be bound/ });
    expect(rebind({}, 'star', 'Escape')).toMatchObject({ ok: false });
  });

  it('a capital is a Shift+letter; going back to the default drops the override', () => {
    expect(rebind({}, 'star', 'S')).toEqual({ ok: true, overrides: { star: 'Shift+S' } });
    expect(rebind({ star: 'w' }, 'star', 's')).toEqual({ ok: true, overrides: {} });
  });
});

describe('a default key added later', () => {
  it('never takes a key the user already gave another action', () => {
    // `f` became "next of your top 10" (issue #17); a reader who had put the star on it keeps it there.
    const bound = resolveBindings({ star: 'f' });
    expect(actionFor(bound, 'f')).toBe('star');
    expect(bound.nextTop).toEqual([]);
    // Settings saved before still read: no key is two actions'.
    expect(bindingsProblem({ star: 'f' })).toBeNull();
    expect(rebind({ star: 'f' }, 'nextTop', 'Shift+F')).toEqual({ ok: true, overrides: { star: 'f', nextTop: 'Shift+F' } });
  });
});
