/**
 * Tag chips on a card: one `[data-paperlight="tag"]` per tag (its text is the tag's name, as text),
 * in the tag's colour, with a filter button (the name) and a remove control; then the add-tag
 * button. Chips are rebuilt from the TagState whenever a paper's tags or a tag's name or colour
 * change.
 */
import type { TagWithCount } from '../model/changes';
import { HEX_COLOR, textColorOn } from '../tags/colors';
import { uiElement } from './ui-element';

export const TAGS_SELECTOR = '[data-paperlight="tags"]';

export function createTagsArea(doc: Document): HTMLElement[] {
  const list = uiElement(doc, 'span', 'tags');
  const add = uiElement(doc, 'button', 'add-tag', { 'aria-label': 'Add a tag', title: 'Add a tag (Paperlight)' });
  add.textContent = '+ tag';
  return [list, add];
}

/** The chip text colour of each tag colour, computed once. */
const textColors = new Map<string, string>();

/**
 * The colours of the tags shown on the page, as one style sheet keyed by tag, so a chip needs no
 * inline style and a recolour repaints every chip at once. Only tags the page already shows get a
 * rule: the page can read this sheet, and the rest of the user's tags are none of its business.
 * Keys are escaped for CSS; colours are validated `#rrggbb`.
 */
const shownColors = new WeakMap<Document, Map<string, string>>();
const flushing = new WeakSet<Document>();

function ruleFor(tag: TagWithCount): string | null {
  if (!HEX_COLOR.test(tag.color)) return null;
  let text = textColors.get(tag.color);
  if (!text) textColors.set(tag.color, (text = textColorOn(tag.color)));
  return `[data-paperlight-tag="${CSS.escape(tag.key)}"]{--paperlight-tag-bg:${tag.color};--paperlight-tag-fg:${text}}`;
}

function scheduleColorSheet(doc: Document): void {
  if (flushing.has(doc)) return;
  flushing.add(doc);
  // One rewrite per batch of chips, before the browser paints them.
  queueMicrotask(() => {
    flushing.delete(doc);
    let sheet = doc.querySelector<HTMLStyleElement>('style[data-paperlight="tag-colors"]');
    if (!sheet) {
      sheet = doc.createElement('style');
      sheet.setAttribute('data-paperlight', 'tag-colors');
      sheet.setAttribute('data-paperlight-ui', '');
      (doc.head ?? doc.documentElement).append(sheet);
    }
    sheet.textContent = [...(shownColors.get(doc)?.values() ?? [])].join('\n');
  });
}

/** Gives `tag` its colour rule (when it is new or its colour changed). */
export function showTagColor(doc: Document, tag: TagWithCount): void {
  let rules = shownColors.get(doc);
  if (!rules) shownColors.set(doc, (rules = new Map()));
  const rule = ruleFor(tag);
  if (rule && rules.get(tag.key) !== rule) {
    rules.set(tag.key, rule);
    scheduleColorSheet(doc);
  }
}

/** After tag definitions changed: new colours for the tags shown, and no rule for deleted ones. */
export function refreshTagColors(doc: Document, defs: ReadonlyMap<string, TagWithCount>): void {
  const rules = shownColors.get(doc);
  if (!rules) return;
  for (const key of [...rules.keys()]) {
    const tag = defs.get(key);
    if (tag) showTagColor(doc, tag);
    else if (rules.delete(key)) scheduleColorSheet(doc);
  }
}

/** Takes the colour sheet off the page. */
export function removeTagColors(doc: Document): void {
  shownColors.delete(doc);
  doc.querySelector('style[data-paperlight="tag-colors"]')?.remove();
}

const templates = new WeakMap<Document, HTMLElement>();

/** One chip built by hand per document; every other chip is a clone (a page may show hundreds). */
function chipTemplate(doc: Document): HTMLElement {
  let chip = templates.get(doc);
  if (chip) return chip;
  chip = uiElement(doc, 'span', 'tag');
  // No text inside the remove button (the × is drawn by CSS), so the chip's text is the tag's name.
  chip.append(uiElement(doc, 'button', 'tag-filter'), uiElement(doc, 'button', 'tag-remove'));
  templates.set(doc, chip);
  return chip;
}

export function createChip(doc: Document, tag: TagWithCount, options: { removable: boolean; pressed?: boolean; rule?: string }): HTMLElement {
  const chip = chipTemplate(doc).cloneNode(true) as HTMLElement;
  const [name, remove] = chip.children as unknown as [HTMLButtonElement, HTMLButtonElement];
  // The colour comes from the tag colour sheet, keyed by this attribute.
  chip.setAttribute('data-paperlight-tag', tag.key);
  showTagColor(doc, tag);
  name.textContent = tag.name;
  if (options.pressed !== undefined) {
    name.setAttribute('aria-pressed', String(options.pressed));
    // Styled through the chip itself: a :has() rule would tax every style change of the page.
    chip.toggleAttribute('data-paperlight-pressed', options.pressed);
    name.title = `Show only papers tagged “${tag.name}”`;
  } else {
    name.title = `Show only papers tagged “${tag.name}” on this page`;
  }
  if (options.rule) {
    // Given by a keyword rule: marked so, and removing it tells that rule not to give it again here.
    chip.setAttribute('data-paperlight-auto', '');
    name.title = `Given by rule ${options.rule}. ${name.title}`;
  }
  if (options.removable) {
    const what = options.rule ? `Remove tag “${tag.name}” (given by rule ${options.rule})` : `Remove tag “${tag.name}”`;
    remove.setAttribute('aria-label', what);
    remove.title = what;
  } else {
    remove.remove();
  }
  return chip;
}

/**
 * Runs `redraw` on `container` without losing the keyboard focus inside it: the control with the
 * same hook on the same tag gets it back; if that tag is gone, its neighbour does, else `fallback`.
 */
export function keepFocus(container: Element, redraw: () => void, fallback: () => HTMLElement | null): void {
  const focused = container.ownerDocument.activeElement;
  if (!(focused instanceof HTMLElement) || !container.contains(focused)) return redraw();
  const hook = focused.getAttribute('data-paperlight');
  const chip = focused.closest('[data-paperlight="tag"]');
  const key = chip?.getAttribute('data-paperlight-tag');
  const index = chip ? [...container.querySelectorAll('[data-paperlight="tag"]')].indexOf(chip) : -1;
  redraw();
  const same = key ? container.querySelector<HTMLElement>(`[data-paperlight-tag="${CSS.escape(key)}"] [data-paperlight="${hook}"]`) : null;
  const chips = container.querySelectorAll('[data-paperlight="tag"]');
  const neighbour = chips[Math.min(index, chips.length - 1)]?.querySelector<HTMLElement>(`[data-paperlight="${hook}"]`);
  (same ?? neighbour ?? fallback())?.focus();
}

/** Rebuilds a card's chips for `keys` (unknown keys, e.g. mid-rename, are skipped); `fromRules`
 * names the rule that gave a tag. */
export function paintChips(list: Element, keys: readonly string[], defs: ReadonlyMap<string, TagWithCount>, fromRules?: ReadonlyMap<string, string>): void {
  const doc = list.ownerDocument;
  const chips: HTMLElement[] = [];
  for (const key of keys) {
    const tag = defs.get(key);
    if (tag) chips.push(createChip(doc, tag, { removable: true, rule: fromRules?.get(key) }));
  }
  // After a removal, focus moves to the next chip, or to the card's add-tag button.
  keepFocus(list, () => list.replaceChildren(...chips), () => list.parentElement?.querySelector<HTMLElement>('[data-paperlight="add-tag"]') ?? null);
}
