/**
 * The filter bar Paperlight adds above a listing: the tags of the papers in view, each a toggle;
 * choosing tags shows only the papers that carry all of them, with a count ("3 of 47 papers") and
 * one click to clear. Keyword rules add their summary ("12 highlighted · 4 muted", each a toggle
 * showing only those) and any rule Paperlight had to turn off. Cards are hidden with a reversible
 * attribute, never removed.
 */
import type { Card } from '../site/cards';
import type { TagWithCount } from '../model/changes';
import { createChip, keepFocus } from './tag-chips';
import { uiElement } from './ui-element';
import { plural } from '../text/plural';
import type { SeenFilter } from './seen';
import type { ForYouControl } from './for-you';

const HIDDEN = 'data-paperlight-filtered';

export interface RuleSummary {
  highlighted: ReadonlySet<string>;
  muted: ReadonlySet<string>;
  notices: readonly string[];
}

type Only = 'highlighted' | 'muted';

/** The grid cell of a card: its root, or the wrapper around it that holds nothing else. */
export function cellOf(root: HTMLElement, scope: ParentNode): HTMLElement {
  let cell = root;
  while (cell.parentElement && cell.parentElement !== scope && cell.parentElement.childElementCount === 1) {
    cell = cell.parentElement;
  }
  return cell;
}

/** A node's element names, attributes and text: to tell whether a redraw would change anything. */
function shapeOf(node: Node): string {
  if (!(node instanceof Element)) return node.textContent ?? '';
  const attributes = [...node.attributes].map((attribute) => ` ${attribute.name}="${attribute.value}"`).join('');
  return `<${node.localName}${attributes}>${[...node.childNodes].map(shapeOf).join('')}</>`;
}

/**
 * Puts `parts` in `container`, keeping every element already there that is drawn the same (and
 * leaving it in place when it is already where it belongs): a click on it, by a reader or by a
 * test that found it a moment before, is not lost to a redraw of another part of the bar.
 */
export function redrawKeeping(container: Element, parts: readonly Node[], shapes: readonly string[] = parts.map(shapeOf)): void {
  const before = new Map<string, Node[]>();
  for (const node of container.childNodes) {
    const shape = shapeOf(node);
    before.set(shape, [...(before.get(shape) ?? []), node]);
  }
  const next = parts.map((part, i) => before.get(shapes[i]!)?.shift() ?? part);
  next.forEach((node, i) => {
    const at = container.childNodes[i];
    if (at !== node) container.insertBefore(node, at ?? null);
  });
  while (container.childNodes.length > next.length) container.lastChild?.remove();
}

export class FilterBar {
  private readonly selected = new Set<string>();
  private only: Only | null = null;
  /** Papers the user hid from this view (the keyboard's `x`). */
  private readonly hidden = new Set<string>();
  private bar: HTMLElement | null = null;
  private count: HTMLElement | null = null;
  /** What the bar shows now, as markup (draw() leaves an identical bar alone). */
  private drawn = '';
  private cards: Card[] = [];
  private scope: ParentNode;
  /** "For you" (issue #17): set once the feature exists (it needs the tags this bar belongs to). */
  forYou: ForYouControl | null = null;

  constructor(
    private readonly doc: Document,
    private readonly tagsOf: (id: string) => readonly string[] | undefined,
    private readonly defs: ReadonlyMap<string, TagWithCount>,
    private readonly rules: () => RuleSummary,
    private readonly seen: SeenFilter | null = null,
  ) {
    this.scope = doc;
  }

  get active(): boolean {
    return this.selected.size > 0 || this.only !== null;
  }

  /** "Only new" is on for this view (issue #16): seen papers are hidden. */
  private get onlyNew(): boolean {
    return this.seen?.summary() !== null && (this.seen?.onlyNew() ?? false);
  }

  /** The view's cards changed (a pass finished). */
  setCards(cards: Card[], scope: ParentNode): void {
    this.cards = cards;
    this.scope = scope;
    this.render();
  }

  toggle(key: string): void {
    if (this.selected.has(key)) this.selected.delete(key);
    else this.selected.add(key);
    this.render();
  }

  hide(id: string): void {
    this.hidden.add(id);
    this.render();
  }

  unhide(id: string): void {
    if (this.hidden.delete(id)) this.render();
  }

  /** Shows every hidden paper again. */
  showHidden(): void {
    this.hidden.clear();
    this.render();
  }

  /** Shows only the highlighted (or muted) papers, or all again. */
  toggleOnly(only: Only): void {
    this.only = this.only === only ? null : only;
    this.render();
  }

  clear(): void {
    this.selected.clear();
    this.only = null;
    this.render();
  }

  /** A new view: no filter, no bar until it has tagged or matched papers. */
  reset(): void {
    this.selected.clear();
    this.only = null;
    this.hidden.clear();
    this.cards = [];
    this.render();
  }

  /** Shows or hides the cards and redraws the bar; call after any tag change. */
  render(): void {
    for (const key of this.selected) if (!this.defs.has(key)) this.selected.delete(key);
    const rules = this.rules();
    const onlyNew = this.onlyNew;
    const onlySet = this.only === 'highlighted' ? rules.highlighted : this.only === 'muted' ? rules.muted : null;
    const inView = new Map<string, number>();
    const cells = new Set<Element>();
    let shown = 0;
    for (const card of this.cards) {
      const tags = this.tagsOf(card.id) ?? [];
      for (const key of tags) inView.set(key, (inView.get(key) ?? 0) + 1);
      const visible =
        [...this.selected].every((key) => tags.includes(key)) &&
        (onlySet === null || onlySet.has(card.id)) &&
        !this.hidden.has(card.id) &&
        !(onlyNew && this.seen!.isSeen(card.id));
      if (visible) shown++;
      const cell = cellOf(card.root, this.scope);
      cells.add(cell);
      if (cell.hasAttribute(HIDDEN) === visible) cell.toggleAttribute(HIDDEN, !visible);
    }
    // Cells of cards that left the view are never left hidden.
    for (const hidden of this.doc.querySelectorAll(`[${HIDDEN}]`)) if (!cells.has(hidden)) hidden.removeAttribute(HIDDEN);
    this.draw(inView, shown, rules);
  }

  /** "12 new · 93 seen", the "Only new" toggle and "Mark all seen": what the reader has not seen
   * before on this view (issue #16). */
  private seenParts(): Node[] {
    const seen = this.seen?.summary();
    if (!seen || seen.fresh + seen.seen === 0) return [];
    const summary = uiElement(this.doc, 'span', 'seen-summary');
    summary.textContent = `${seen.fresh} new · ${seen.seen} seen`;
    summary.title = 'Papers you have not seen before on any view, and those you have (Paperlight)';
    const onlyNew = this.onlyNew;
    const toggle = uiElement(this.doc, 'button', 'only-new', { 'aria-pressed': String(onlyNew) });
    toggle.textContent = 'Only new';
    toggle.title = onlyNew ? 'Show the papers you have seen too' : 'Hide the papers you have seen (remembered for this kind of view)';
    const group = uiElement(this.doc, 'span', 'seen-group', { role: 'group', 'aria-label': 'New and seen papers' });
    group.append(summary, toggle);
    if (seen.fresh > 0) {
      const markAll = uiElement(this.doc, 'button', 'mark-all-seen', { title: 'Count every paper of this view as seen (u undoes it)' });
      markAll.textContent = 'Mark all seen';
      group.append(markAll);
    }
    return [group];
  }

  /** "For you": the sort toggle, or how many more saves the model needs before it ranks. */
  private forYouParts(): Node[] {
    const status = this.forYou?.status();
    if (!status) return [];
    const sort = uiElement(this.doc, 'button', 'sort-for-you', { 'aria-pressed': String(status.ready && status.sorted) });
    sort.textContent = 'For you';
    if (!status.ready) {
      // Shown, and says what it waits for: a control that is simply missing teaches nothing.
      sort.setAttribute('aria-disabled', 'true');
      sort.setAttribute('aria-describedby', 'paperlight-for-you-needs');
      const needs = uiElement(this.doc, 'span', 'for-you-needs', { id: 'paperlight-for-you-needs' });
      needs.textContent = `ranks this view after ${status.needs}`;
      sort.title = 'Star papers you want and dismiss (x) those you do not: Paperlight learns what you keep, on this computer only';
      const group = uiElement(this.doc, 'span', 'for-you-group', { role: 'group', 'aria-label': 'For you' });
      group.append(sort, needs);
      return [group];
    }
    sort.title = status.sorted ? 'Back to the site’s order' : 'Sort this view by what you keep (learned on this computer only)';
    return [sort];
  }

  /** "12 highlighted · 4 muted", each a toggle; only what this view has (or what is chosen). */
  private summaryParts(rules: RuleSummary): Node[] {
    const ids = new Set(this.cards.map((card) => card.id));
    const count = (set: ReadonlySet<string>) => [...set].filter((id) => ids.has(id)).length;
    const parts: Node[] = [];
    for (const [only, set, word] of [
      ['highlighted', rules.highlighted, 'highlighted'],
      ['muted', rules.muted, 'muted'],
    ] as const) {
      const n = count(set);
      if (n === 0 && this.only !== only) continue;
      if (parts.length > 0) parts.push(this.doc.createTextNode(' · '));
      const button = uiElement(this.doc, 'button', `only-${only}`, { 'aria-pressed': String(this.only === only) });
      button.textContent = `${n} ${word}`;
      button.title = this.only === only ? 'Show every paper again' : `Show only the ${word} papers`;
      parts.push(button);
    }
    if (parts.length === 0) return [];
    const group = uiElement(this.doc, 'span', 'rule-summary', { role: 'group', 'aria-label': 'Keyword rules on this page' });
    group.append(...parts);
    return [group];
  }

  private draw(inView: Map<string, number>, shown: number, rules: RuleSummary): void {
    const keys = [...new Set([...this.selected, ...inView.keys()])].filter((key) => this.defs.has(key));
    const summary = [...this.forYouParts(), ...this.seenParts(), ...this.summaryParts(rules)];
    const hiddenHere = this.cards.filter((card) => this.hidden.has(card.id)).length;
    if ((keys.length === 0 && summary.length === 0 && rules.notices.length === 0 && hiddenHere === 0) || this.cards.length === 0) {
      this.bar?.remove();
      this.bar = null;
      this.count = null;
      return;
    }
    const bar = this.ensureBar();
    const chips = keys
      .sort((a, b) => (inView.get(b) ?? 0) - (inView.get(a) ?? 0) || a.localeCompare(b))
      .map((key) => createChip(this.doc, { ...this.defs.get(key)!, count: inView.get(key) ?? 0 }, { removable: false, pressed: this.selected.has(key) }));
    const label = uiElement(this.doc, 'span', 'filter-label');
    label.textContent = 'Filter by tag:';
    // The count stays the same element, so screen readers announce its changes.
    this.count ??= uiElement(this.doc, 'span', 'filter-count', { role: 'status' });
    const total = this.cards.length;
    const text = this.active || this.onlyNew ? `${shown} of ${plural(total, 'paper')}` : '';
    if (this.count.textContent !== text) this.count.textContent = text;
    const parts: Node[] = [...(keys.length > 0 ? [label] : []), ...chips, ...summary, this.count];
    if (this.active) {
      const clear = uiElement(this.doc, 'button', 'filter-clear');
      clear.textContent = 'Clear filter';
      parts.push(clear);
    }
    if (hiddenHere > 0) {
      const show = uiElement(this.doc, 'button', 'show-hidden', { title: 'Show the papers you hid from this view' });
      show.textContent = `${hiddenHere} hidden · Show`;
      parts.push(show);
    }
    for (const notice of rules.notices) {
      const note = uiElement(this.doc, 'span', 'rule-notice', { role: 'alert' });
      note.textContent = notice;
      parts.push(note);
    }
    // The same bar again is left as it is: a click on a button about to be replaced would be lost,
    // and answers about the page (tags, new papers, dismissals) come in several tasks.
    const shapes = parts.map(shapeOf);
    const drawn = shapes.join('');
    if (drawn === this.drawn && bar.childNodes.length === parts.length) return;
    this.drawn = drawn;
    keepFocus(bar, () => redrawKeeping(bar, parts, shapes), () => this.count);
  }

  private ensureBar(): HTMLElement {
    if (this.bar?.isConnected) return this.bar;
    const bar = uiElement(this.doc, 'div', 'filter-bar', {
      'data-paperlight-ui': '',
      role: 'group',
      'aria-label': 'Paperlight: filter this page',
    });
    // Right above the cards: before the grid that holds the first card's cell.
    const grid = cellOf(this.cards[0]!.root, this.scope).parentElement;
    const anchor = grid && grid !== this.scope ? grid : this.scope instanceof Element ? this.scope : null;
    anchor?.before(bar);
    this.bar = bar;
    return bar;
  }

  /** Takes the bar and every hidden mark off the page. */
  remove(): void {
    this.bar?.remove();
    this.bar = null;
    for (const hidden of this.doc.querySelectorAll(`[${HIDDEN}]`)) hidden.removeAttribute(HIDDEN);
  }
}
