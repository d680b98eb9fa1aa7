/**
 * The reading list's sort keys, and each one's order of papers kept sorted through changes, so a
 * search walks an order and never sorts.
 */
import type { Entry } from './index-entry';

export type SortKey = 'saved' | 'published' | 'title' | 'upvotes';
export type SortDirection = 'asc' | 'desc';

/** Newest and most upvoted first; titles A→Z. */
export const DEFAULT_DIRECTION: Readonly<Record<SortKey, SortDirection>> = {
  saved: 'desc',
  published: 'desc',
  title: 'asc',
  upvotes: 'desc',
};

const byId = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// One collator for every comparison: localeCompare would build one per call. Numeric, so
// "GPT-2" comes before "GPT-10"; base sensitivity, so case and accents tie and the id decides.
const TITLES = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

interface SortSpec {
  /** Papers without the value (no date, no upvotes) go last in either direction. */
  has(entry: Entry): boolean;
  /** Ascending, for two papers that both have the value; never 0 for two papers. */
  compare(a: Entry, b: Entry): number;
}

export const SORTS: Readonly<Record<SortKey, SortSpec>> = {
  saved: { has: () => true, compare: (a, b) => a.savedAt - b.savedAt || byId(a, b) },
  published: { has: (e) => e.published !== null, compare: (a, b) => (a.published ?? 0) - (b.published ?? 0) || byId(a, b) },
  title: { has: () => true, compare: (a, b) => TITLES.compare(a.rawTitle, b.rawTitle) || byId(a, b) },
  upvotes: { has: (e) => e.upvotes !== null, compare: (a, b) => (a.upvotes ?? 0) - (b.upvotes ?? 0) || byId(a, b) },
};
export const SORT_KEYS = Object.keys(SORTS) as SortKey[];

/**
 * One sort key's order of paper slots, kept sorted through changes (binary search and splice) so a
 * search never sorts. Descending is this order read backwards, so ties (and the papers without a
 * value, which stay last) then come by descending id. Sorted when first asked for: a list opened
 * by save date never pays for sorting 10,000 titles.
 */
export class SortOrder {
  present: number[] = [];
  absent: number[] = [];
  ready = false;

  constructor(
    private readonly spec: SortSpec,
    private readonly entry: (slot: number) => Entry,
  ) {}

  rebuild(slots: Iterable<number>): void {
    this.ready = true;
    this.present = [];
    this.absent = [];
    for (const slot of slots) (this.spec.has(this.entry(slot)) ? this.present : this.absent).push(slot);
    const compare = (list: number[], spec: (a: Entry, b: Entry) => number) =>
      list.sort((a, b) => spec(this.entry(a), this.entry(b)));
    compare(this.present, this.spec.compare);
    compare(this.absent, byId);
  }

  /** Whether moving from `before` to `after` leaves the paper where it is. */
  keeps(before: Entry, after: Entry): boolean {
    const has = this.spec.has(before);
    return has === this.spec.has(after) && (!has || this.spec.compare(before, after) === 0);
  }

  insert(slot: number): void {
    if (!this.ready) return;
    const [list, at] = this.locate(slot);
    list.splice(at, 0, slot);
  }

  /** Call before the slot's entry changes: the search looks for it by its current values. */
  delete(slot: number): void {
    if (!this.ready) return;
    const [list, at] = this.locate(slot);
    if (list[at] === slot) list.splice(at, 1);
    else {
      // Unreachable while comparisons are consistent; a linear search is the safe fallback.
      const found = list.indexOf(slot);
      if (found >= 0) list.splice(found, 1);
    }
  }

  /** The list the slot belongs in and the first position not before it. */
  private locate(slot: number): [number[], number] {
    const target = this.entry(slot);
    const has = this.spec.has(target);
    const list = has ? this.present : this.absent;
    const compare = has ? this.spec.compare : byId;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(this.entry(list[mid] as number), target) < 0) low = mid + 1;
      else high = mid;
    }
    return [list, low];
  }
}
