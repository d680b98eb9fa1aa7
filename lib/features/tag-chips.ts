/**
 * Tag chips on a card: one `[data-paperlight="tag"]` per tag (its text is the tag's name, as text),
 * in the tag's colour, with a filter button (the name) and a remove control; then the add-tag
 * button. Chips are rebuilt from the TagState whenever a paper's tags or a tag's name or colour
 * change.
 */
import type { TagWithCount } from '../store/tags';
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
 * One style sheet gives every tag its colour, so a chip needs no inline style and a recolour
 * repaints every chip at once. Keys are escaped for CSS; colours are validated `#rrggbb`.
 */
export function writeTagColors(doc: Document, tags: Iterable<TagWithCount>): void {
  let sheet = doc.querySelector<HTMLStyleElement>('style[data-paperlight="tag-colors"]');
  if (!sheet) {
    sheet = doc.createElement('style');
    sheet.setAttribute('data-paperlight', 'tag-colors');
    sheet.setAttribute('data-paperlight-ui', '');
    (doc.head ?? doc.documentElement).append(sheet);
  }
  const rules: string[] = [];
  for (const tag of tags) {
    if (!HEX_COLOR.test(tag.color)) continue;
    let text = textColors.get(tag.color);
    if (!text) textColors.set(tag.color, (text = textColorOn(tag.color)));
    rules.push(`[data-paperlight-tag="${CSS.escape(tag.key)}"]{--paperlight-tag-bg:${tag.color};--paperlight-tag-fg:${text}}`);
  }
  sheet.textContent = rules.join('\n');
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

export function createChip(doc: Document, tag: TagWithCount, options: { removable: boolean; pressed?: boolean }): HTMLElement {
  const chip = chipTemplate(doc).cloneNode(true) as HTMLElement;
  const [name, remove] = chip.children as unknown as [HTMLButtonElement, HTMLButtonElement];
  // The colour comes from the tag colour sheet (writeTagColors), keyed by this attribute.
  chip.setAttribute('data-paperlight-tag', tag.key);
  name.textContent = tag.name;
  if (options.pressed !== undefined) {
    name.setAttribute('aria-pressed', String(options.pressed));
    // Styled through the chip itself: a :has() rule would tax every style change of the page.
    chip.toggleAttribute('data-paperlight-pressed', options.pressed);
    name.title = `Show only papers tagged “${tag.name}”`;
  } else {
    name.title = `Show only papers tagged “${tag.name}” on this page`;
  }
  if (options.removable) {
    remove.setAttribute('aria-label', `Remove tag “${tag.name}”`);
    remove.title = `Remove tag “${tag.name}”`;
  } else {
    remove.remove();
  }
  return chip;
}

/** Rebuilds a card's chips for `keys` (unknown keys, e.g. mid-rename, are skipped). */
export function paintChips(list: Element, keys: readonly string[], defs: ReadonlyMap<string, TagWithCount>): void {
  const doc = list.ownerDocument;
  const chips: HTMLElement[] = [];
  for (const key of keys) {
    const tag = defs.get(key);
    if (tag) chips.push(createChip(doc, tag, { removable: true }));
  }
  list.replaceChildren(...chips);
}
