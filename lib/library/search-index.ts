/**
 * Search, filter and sort of the reading list, run on every keystroke over up to ~10,000 papers
 * within a frame. So the costly work happens when papers change, not when the user types: text is
 * folded once per paper, with a trigram signature that rules most papers out without a scan; every
 * sort order is kept sorted (a search only walks it); and a query that extends the previous one
 * only re-tests the previous matches, resuming each scan where the shorter word was found.
 */
import type { Tag } from '../model/records';
import type { LibraryPaper, PaperState } from '../model/library';
import type { Query } from './query';
import { entryOf, fold, type Entry } from './index-entry';
import { COST, narrows, passes, plan, sameTests, searchesText, type Match, type StateCounts, type Test } from './query-plan';
import { DEFAULT_DIRECTION, SORTS, SORT_KEYS, SortOrder, type SortDirection, type SortKey } from './sort-order';
import { foldText } from './text-fold';
import { needleGrams } from './trigram-signature';

export { DEFAULT_DIRECTION, type SortDirection, type SortKey, type StateCounts };

export interface SearchOptions {
  sort: SortKey;
  /** Defaults to `DEFAULT_DIRECTION`. Descending is ascending reversed (ties by descending id),
   * except that papers without the value (no date, no upvotes) are last either way. */
  direction?: SortDirection;
  state?: PaperState | 'all';
  /** Tag keys the paper must all carry. */
  tags?: readonly string[];
}


export interface SearchResult {
  ids: string[];
  /** Papers matching the query and tag filter in each state, whatever `state` picked: the tabs' counts. */
  counts: StateCounts;
}

const emptyCounts = (): StateCounts => ({ all: 0, 'to-read': 0, reading: 0, done: 0 });

export class SearchIndex {
  /** Papers by slot; a removed paper's slot is empty until another paper reuses it. */
  private readonly entries: (Entry | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  /** Tag keys as numbers, so per-search tag matching is an array lookup. A number outlives its
   * tag (papers may still carry the key). */
  private readonly tagNumbers = new Map<string, number>();
  private readonly tagKeys: string[] = [];
  private readonly tagNames: string[] = [];
  private readonly orders: Record<SortKey, SortOrder>;
  private last: Match | null = null;
  /** Where foldSome goes on from. */
  private foldAt = 0;

  constructor(papers: readonly LibraryPaper[] = [], tags: readonly Tag[] = []) {
    const entry = (slot: number) => this.entries[slot] as Entry;
    this.orders = Object.fromEntries(SORT_KEYS.map((key) => [key, new SortOrder(SORTS[key], entry)])) as Record<SortKey, SortOrder>;
    this.setTags(tags);
    for (const paper of papers) {
      const next = entryOf(paper, this.tagNumbersOf(paper.tags));
      const slot = this.slots.get(paper.id);
      if (slot === undefined) {
        this.slots.set(paper.id, this.entries.length);
        this.entries.push(next);
      } else {
        this.entries[slot] = next;
      }
    }
  }

  /** A sort order, sorted now if it was never asked for. */
  private order(key: SortKey): SortOrder {
    const order = this.orders[key];
    if (!order.ready) order.rebuild(this.slots.values());
    return order;
  }

  /**
   * Folds the text of papers not folded yet until `enough()` says so, for a view with time to spare:
   * searches fold what they read themselves, but the first one over 10,000 papers would then take
   * a few hundred milliseconds. True when every paper's text is folded.
   */
  foldSome(enough: () => boolean): boolean {
    const entries = this.entries;
    for (let seen = 0; seen < entries.length; seen++) {
      if (this.foldAt >= entries.length) this.foldAt = 0;
      const entry = entries[this.foldAt];
      if (entry && !entry.folded) {
        if (enough()) return false;
        fold(entry);
      }
      this.foldAt++;
    }
    return true;
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Adds the paper, or replaces the one with its id. */
  upsert(paper: LibraryPaper): void {
    this.last = null;
    const next = entryOf(paper, this.tagNumbersOf(paper.tags));
    const slot = this.slots.get(paper.id);
    if (slot === undefined) {
      const fresh = this.free.pop() ?? this.entries.length;
      this.entries[fresh] = next;
      this.slots.set(paper.id, fresh);
      for (const key of SORT_KEYS) this.orders[key].insert(fresh);
      return;
    }
    const previous = this.entries[slot] as Entry;
    // Changing a note or a state moves nothing; only orders whose value changed are touched.
    const moved = SORT_KEYS.map((key) => this.orders[key]).filter((order) => order.ready && !order.keeps(previous, next));
    for (const order of moved) order.delete(slot);
    this.entries[slot] = next;
    for (const order of moved) order.insert(slot);
  }

  /** Whether there was such a paper. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.last = null;
    for (const key of SORT_KEYS) this.orders[key].delete(slot);
    this.entries[slot] = undefined;
    this.slots.delete(id);
    this.free.push(slot);
    return true;
  }

  /** The tag definitions: names for `tag:` and free text. Keys without one are matched by key. */
  setTags(tags: readonly Tag[]): void {
    this.last = null;
    this.tagKeys.forEach((key, number) => (this.tagNames[number] = key));
    for (const tag of tags) this.tagNames[this.tagNumber(tag.key)] = foldText(tag.name);
  }

  search(query: Query, options: SearchOptions): SearchResult {
    const tests = this.compile(query);
    const required = [...new Set(options.tags ?? [])].sort();
    let match = this.last;
    if (!match || !sameTests(match.tests, tests) || match.required.join('\n') !== required.join('\n')) {
      match = this.match(tests, required, match && narrows(match, tests, required) ? match : null);
      this.last = match;
    }
    return { ids: this.sorted(match, options), counts: { ...match.counts } };
  }

  private tagNumber(key: string): number {
    let number = this.tagNumbers.get(key);
    if (number === undefined) {
      number = this.tagKeys.length;
      this.tagNumbers.set(key, number);
      const folded = foldText(key);
      this.tagKeys.push(folded);
      this.tagNames.push(folded);
    }
    return number;
  }

  private tagNumbersOf(keys: readonly string[]): number[] {
    return keys.map((key) => this.tagNumber(key));
  }

  private compile(query: Query): Test[] {
    const tests: Test[] = [];
    for (const term of query.terms) {
      const needle = term.field === 'state' ? term.value : foldText(term.value);
      // Folding can leave nothing (a lone accent): that asks for nothing.
      if (needle === '') continue;
      let tagHits: Uint8Array | null = null;
      if (term.field === 'tag' || term.field === 'any') {
        const hit = term.field === 'tag' ? (text: string) => text.startsWith(needle) : (text: string) => text.includes(needle);
        const hits = new Uint8Array(this.tagKeys.length);
        this.tagKeys.forEach((key, number) => {
          if (hit(key) || hit(this.tagNames[number] ?? key)) hits[number] = 1;
        });
        tagHits = hits;
      }
      const grams = searchesText(term.field) ? needleGrams(needle) : null;
      tests.push({ field: term.field, needle, negated: term.negated, tagHits, grams });
    }
    // Stable, so equal queries compile to equal lists and the cache recognises them.
    return tests.sort((a, b) => COST[a.field] - COST[b.field]);
  }

  /** With `previous`, a search this one narrows: only its matches are tested. */
  private match(tests: readonly Test[], required: string[], previous: Match | null): Match {
    const entries = this.entries;
    // A key no paper carries (-1) matches nothing, as it should.
    const requiredTags = required.map((key) => this.tagNumbers.get(key) ?? -1);
    const plans = tests.map((test) => plan(test, entries.length, previous));
    const active = plans.filter((plan) => !plan.known);
    const mask = new Uint8Array(entries.length);
    const slots: number[] = [];
    const counts = emptyCounts();
    const candidates = previous ? previous.slots.length : entries.length;
    next: for (let i = 0; i < candidates; i++) {
      const slot = previous ? (previous.slots[i] as number) : i;
      const entry = entries[slot];
      if (entry === undefined) continue;
      for (const tag of requiredTags) if (!entry.tags.includes(tag)) continue next;
      for (const plan of active) if (passes(entry, slot, plan) === plan.test.negated) continue next;
      mask[slot] = 1;
      slots.push(slot);
      counts[entry.state]++;
      counts.all++;
    }
    return { tests: [...tests], firsts: plans.map((plan) => plan.firsts), required, mask, slots, counts };
  }

  private sorted(match: Match, options: SearchOptions): string[] {
    const { present, absent } = this.order(options.sort);
    const descending = (options.direction ?? DEFAULT_DIRECTION[options.sort]) === 'desc';
    const state = options.state ?? 'all';
    const { mask } = match;
    const entries = this.entries;
    const ids: string[] = [];
    const take = (slot: number | undefined) => {
      if (slot === undefined || mask[slot] !== 1) return;
      const entry = entries[slot];
      if (entry !== undefined && (state === 'all' || entry.state === state)) ids.push(entry.id);
    };
    if (descending) {
      for (let i = present.length - 1; i >= 0; i--) take(present[i]);
      for (let i = absent.length - 1; i >= 0; i--) take(absent[i]);
    } else {
      for (const slot of present) take(slot);
      for (const slot of absent) take(slot);
    }
    return ids;
  }
}
