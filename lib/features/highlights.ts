/**
 * Paints keyword matches with the CSS Custom Highlight API: ranges over the page's own text nodes,
 * registered in `CSS.highlights` under one `paperlight-<colour>` name per colour group. The page's
 * text is never split or wrapped, so its line clamping, selection, copy and HF's own search
 * highlight (`span.highlight`) behave as before. StaticRanges cost nothing when the page changes its
 * DOM; a range whose node the site replaced simply stops painting until the next pass.
 */
import type { Hits } from '../rules/matcher';
import { HEX_COLOR } from '../tags/colors';

export const HIGHLIGHT_PREFIX = 'paperlight';

/** A colour's highlight name and marker value: `ca8a04` for `#ca8a04`. */
export const colorToken = (color: string) => color.slice(1).toLowerCase();

interface Painted {
  name: string;
  range: StaticRange;
}

/** The text nodes under `region` (Paperlight's own UI left out), with each one's offset in the
 * joined text. */
export function textOf(region: Element): { text: string; nodes: Text[]; starts: number[] } {
  const doc = region.ownerDocument;
  const walker = doc.createTreeWalker(region, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('[data-paperlight-ui]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    starts.push(text.length);
    text += (node as Text).data;
  }
  return { text, nodes, starts };
}

/** The node holding offset `at` of the joined text (the last node starting at or before it). */
function nodeAt(starts: number[], at: number, end: boolean): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    // An end offset at a node boundary belongs to the node before it.
    if (end ? starts[mid]! < at : starts[mid]! <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The joined text's [start, end) as a range over the text nodes it came from (`textOf`). */
export function rangeIn({ nodes, starts }: { nodes: Text[]; starts: number[] }, start: number, end: number): StaticRange {
  const first = nodeAt(starts, start, false);
  const last = nodeAt(starts, end, true);
  return new StaticRange({ startContainer: nodes[first]!, startOffset: start - starts[first]!, endContainer: nodes[last]!, endOffset: end - starts[last]! });
}

export class HighlightPainter {
  private readonly byCard = new Map<string, Painted[]>();
  private readonly highlights = new Map<string, Highlight>();
  private readonly supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

  constructor(private readonly doc: Document) {}

  /** The text of a region, matched by `match` (flat triples: rule, start, end), painted for card `id`
   * (replacing its ranges). */
  paint(id: string, regions: { element: Element; match: (text: string) => Hits }[], colorOf: (rule: number) => string | null): void {
    this.clear(id);
    if (!this.supported) return;
    const painted: Painted[] = [];
    // Each rule's highlight, by rule index: a card has dozens of matches of a few rules.
    const highlightOf = new Map<number, { name: string; highlight: Highlight } | null>();
    for (const { element, match } of regions) {
      const { text, nodes, starts } = textOf(element);
      if (nodes.length === 0) continue;
      const hits = match(text);
      for (let i = 0; i < hits.length; i += 3) {
        const rule = hits[i]!;
        let named = highlightOf.get(rule);
        if (named === undefined) {
          const color = colorOf(rule);
          const name = color && HEX_COLOR.test(color) ? `${HIGHLIGHT_PREFIX}-${colorToken(color)}` : null;
          named = name === null ? null : { name, highlight: this.highlightNamed(name) };
          highlightOf.set(rule, named);
        }
        if (named === null) continue;
        const range = rangeIn({ nodes, starts }, hits[i + 1]!, hits[i + 2]!);
        named.highlight.add(range);
        painted.push({ name: named.name, range });
      }
    }
    if (painted.length > 0) this.byCard.set(id, painted);
  }

  clear(id: string): void {
    const painted = this.byCard.get(id);
    if (!painted) return;
    for (const { name, range } of painted) this.highlights.get(name)?.delete(range);
    this.byCard.delete(id);
  }

  /** Takes every Paperlight highlight off the page. */
  clearAll(): void {
    for (const name of this.highlights.keys()) CSS.highlights.delete(name);
    this.highlights.clear();
    this.byCard.clear();
  }

  private highlightNamed(name: string): Highlight {
    let highlight = this.highlights.get(name);
    if (!highlight) {
      highlight = new Highlight();
      // Above the page's own highlights (there are none today), and in the order groups appear.
      highlight.priority = this.highlights.size;
      CSS.highlights.set(name, highlight);
      this.highlights.set(name, highlight);
    }
    return highlight;
  }
}

/**
 * The colours of rule groups as CSS: the `::highlight()` paint and the card marker per colour.
 * Colours are validated `#rrggbb`, so nothing the user typed reaches the sheet as CSS.
 */
export function writeRuleColors(doc: Document, colors: Iterable<string>): void {
  const rules: string[] = [];
  for (const color of new Set(colors)) {
    if (!HEX_COLOR.test(color)) continue;
    const token = colorToken(color);
    rules.push(
      `::highlight(${HIGHLIGHT_PREFIX}-${token}){background-color:${color}59;color:inherit}`,
      `[data-paperlight-match="${token}"]{--paperlight-match:${color}}`,
    );
  }
  let sheet = doc.querySelector<HTMLStyleElement>('style[data-paperlight="rule-colors"]');
  if (rules.length === 0) return void sheet?.remove();
  if (!sheet) {
    sheet = doc.createElement('style');
    sheet.setAttribute('data-paperlight', 'rule-colors');
    sheet.setAttribute('data-paperlight-ui', '');
    (doc.head ?? doc.documentElement).append(sheet);
  }
  const text = rules.join('\n');
  if (sheet.textContent !== text) sheet.textContent = text;
}

/**
 * Paints a card's highlights only once it comes near the viewport (within a screen of it): the
 * matching decides at once what is highlighted (its marker shows at once), but building ranges for
 * cards nobody has scrolled to would cost most of a pass on a long page. A card stays observed from
 * its first highlight until it leaves, so a rules change (which schedules every card again) costs
 * no observe/unobserve per card: the cards already near are painted before the next frame.
 */
export class NearViewPainter {
  /** What to paint on each card once it is near the view. */
  private readonly jobs = new Map<Element, () => void>();
  /** The element each card was last scheduled on, while it is observed. */
  private readonly rootOf = new Map<string, Element>();
  private readonly observer: IntersectionObserver | null;
  /** Cards within a screen of the view, as last reported. */
  private near = new WeakSet<Element>();
  private frameAsked = false;

  constructor(private readonly painter: HighlightPainter) {
    this.observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => this.onNear(entries), { rootMargin: '100% 0px 100% 0px' });
  }

  /** Paints card `id` now if nothing can tell where it is, else as soon as it is near the view. */
  schedule(id: string, root: Element, paint: () => void): void {
    if (!this.observer) return paint();
    // The card's current ranges stay until the new ones replace them: a rules change repaints
    // without a frame in which the card's highlights are gone.
    const before = this.rootOf.get(id);
    if (before !== root) {
      // The site replaced the card's element: the old one is no longer observed.
      if (before) this.unwatch(before);
      this.rootOf.set(id, root);
      this.jobs.set(root, paint);
      this.observer.observe(root);
      return;
    }
    this.jobs.set(root, paint);
    if (this.near.has(root)) this.paintBeforeNextFrame();
  }

  /** The card left or is no longer highlighted: its ranges go, and it is no longer observed. */
  cancel(id: string): void {
    const root = this.rootOf.get(id);
    if (root) this.unwatch(root);
    this.rootOf.delete(id);
    this.painter.clear(id);
  }

  private unwatch(root: Element): void {
    this.observer?.unobserve(root);
    this.jobs.delete(root);
    this.near.delete(root);
  }

  /** Paints now (from a scheduled job). */
  paintNow(...args: Parameters<HighlightPainter['paint']>): void {
    this.painter.paint(...args);
  }

  clearAll(): void {
    this.observer?.disconnect();
    this.near = new WeakSet();
    this.jobs.clear();
    this.rootOf.clear();
    this.painter.clearAll();
  }

  private onNear(entries: IntersectionObserverEntry[]): void {
    const near: Element[] = [];
    for (const entry of entries) {
      if (entry.isIntersecting) {
        this.near.add(entry.target);
        near.push(entry.target);
      } else {
        this.near.delete(entry.target);
      }
    }
    this.paintJobs(near);
  }

  private paintBeforeNextFrame(): void {
    if (this.frameAsked) return;
    this.frameAsked = true;
    requestAnimationFrame(() => {
      this.frameAsked = false;
      this.paintJobs([...this.jobs.keys()].filter((root) => this.near.has(root)));
    });
  }

  /** Runs the jobs (if any) of these cards, which are near the view. */
  private paintJobs(roots: Element[]): void {
    const start = performance.now();
    let painted = 0;
    for (const root of roots) {
      const paint = this.jobs.get(root);
      if (!paint) continue;
      this.jobs.delete(root);
      try {
        paint();
        painted++;
      } catch (error) {
        console.warn('[paperlight] could not paint highlights', error);
      }
    }
    // What painting the cards that came near the view cost (npm run bench reads it).
    if (painted > 0) performance.measure('paperlight:paint', { start, detail: { cards: painted } });
  }
}
