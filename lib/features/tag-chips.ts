/**
 * Tag chips on a card: one `[data-paperlight="tag"]` per tag (its text is the tag's name, as text),
 * in the tag's colour, with a filter button (the name) and a remove control; then the add-tag
 * button. Chips are rebuilt from the TagState whenever a paper's tags or a tag's name or colour
 * change.
 */
import type { TagWithCount } from '../store/tags';
import { textColorOn } from '../tags/colors';

export const TAGS_SELECTOR = '[data-paperlight="tags"]';

export function createTagsArea(doc: Document): HTMLElement[] {
  const list = doc.createElement('span');
  list.className = 'paperlight-tags';
  list.setAttribute('data-paperlight', 'tags');
  const add = doc.createElement('button');
  add.type = 'button';
  add.className = 'paperlight-add-tag';
  add.setAttribute('data-paperlight', 'add-tag');
  add.setAttribute('aria-label', 'Add a tag');
  add.title = 'Add a tag (Paperlight)';
  add.textContent = '+ tag';
  return [list, add];
}

/** Paints a tag's colour on an element (a chip or a swatch) through CSS custom properties. */
export function paintTagColor(el: HTMLElement, color: string): void {
  el.style.setProperty('--paperlight-tag-bg', color);
  el.style.setProperty('--paperlight-tag-fg', textColorOn(color));
}

export function createChip(doc: Document, tag: TagWithCount, options: { removable: boolean; pressed?: boolean }): HTMLElement {
  const chip = doc.createElement('span');
  chip.className = 'paperlight-tag';
  chip.setAttribute('data-paperlight', 'tag');
  chip.setAttribute('data-paperlight-tag', tag.key);
  paintTagColor(chip, tag.color);
  const name = doc.createElement('button');
  name.type = 'button';
  name.className = 'paperlight-tag-name';
  name.setAttribute('data-paperlight', 'tag-filter');
  name.textContent = tag.name;
  if (options.pressed !== undefined) {
    name.setAttribute('aria-pressed', String(options.pressed));
    name.title = `Show only papers tagged “${tag.name}”`;
  } else {
    name.title = `Show only papers tagged “${tag.name}” on this page`;
  }
  chip.append(name);
  if (options.removable) {
    // No text inside (the × is drawn by CSS), so the chip's text is exactly the tag's name.
    const remove = doc.createElement('button');
    remove.type = 'button';
    remove.className = 'paperlight-tag-remove';
    remove.setAttribute('data-paperlight', 'tag-remove');
    remove.setAttribute('aria-label', `Remove tag “${tag.name}”`);
    remove.title = `Remove tag “${tag.name}”`;
    chip.append(remove);
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
