/**
 * Search, filter and sort of the reading list, run on every keystroke over up to ~10,000 papers
 * within a frame. So the costly work happens when papers change, not when the user types: text is
 * folded once per paper, with a trigram signature that rules most papers out without a scan; every
 * sort order is kept sorted (a search only walks it); and a query that extends the previous one
 * only re-tests the previous matches, resuming each scan where the shorter word was found.
 */
import type { Tag } from '../model/records';
import type { LibraryPaper, PaperState } from '../model/library';
import type { Query, QueryTerm } from './query';
import { foldText } from './text-fold';
import { mayContain, needleGrams, signature } from './trigram-signature';

export type SortKey = 'saved' | 'published' | 'title' | 'upvotes';
export type SortDirection = 'asc' | 'desc';

/** Newest and most upvoted first; titles A→Z. */
export const DEFAULT_DIRECTION: Readonly<Record<SortKey, SortDirection>> = {
  saved: 'desc',
  published: 'desc',
  title: 'asc',
  upvotes: 'desc',
};

export interface SearchOptions {
  sort: SortKey;
  /** Defaults to `DEFAULT_DIRECTION`. Descending is ascending reversed (ties by descending id),
   * except that papers without the value (no date, no upvotes) are last either way. */
  direction?: SortDirection;
  state?: PaperState | 'all';
  /** Tag keys the paper must all carry. */
  tags?: readonly string[];
}

export type StateCounts = Record<PaperState | 'all', number>;

export interface SearchResult {
  ids: string[];
  /** Papers matching the query and tag filter in each state, whatever `state` picked: the tabs' counts. */
  counts: StateCounts;
}

/** A paper as search reads it: tags as small numbers, sort values, and its folded text, made
 * when a search first reads it or when the view has time (SearchIndex.foldSome). */
interface Entry {
  id: string;
  state: PaperState;
  tags: number[];
  /** The paper, to fold its text from. */
  source: LibraryPaper;
  folded: Folded | null;
  rawTitle: string;
  savedAt: number;
  published: number | null;
  upvotes: number | null;
}

interface Folded {
  /**
   * All the paper's searchable text, one field after another, for free words: one scan instead of
   * one per field. Fields (and the authors within theirs) are joined by a newline, which a folded
   * query never has, so a phrase cannot run from one into the next. The abstract comes last, so
   * what is in the short fields is found before it is reached.
   */
  text: string;
  /** The trigrams of `text`, see `signature`. */
  grams: Uint32Array;
  /** The fields for `title:` and the like: slices of `text`, which V8 keeps as views, not copies. */
  title: string;
  authors: string;
  note: string;
  abstract: string;
}

function entryOf(paper: LibraryPaper, tags: number[]): Entry {
  const published = paper.publishedAt === null ? NaN : Date.parse(paper.publishedAt);
  return {
    id: paper.id,
    state: paper.state,
    tags,
    source: paper,
    folded: null,
    rawTitle: paper.title,
    savedAt: paper.savedAt,
    // A date the page garbled sorts with the missing ones rather than at 1970 or NaN's whim.
    published: Number.isFinite(published) ? published : null,
    upvotes: paper.upvotes,
  };
}

/** Folds the entry's text (once): most of what building an index of 10,000 papers costs. */
function fold(entry: Entry): Folded {
  if (entry.folded) return entry.folded;
  const paper = entry.source;
  const organization = paper.organization;
  const fields = [
    foldText(paper.title),
    paper.authors.map(foldText).join('\n'),
    paper.id,
    organization ? `${foldText(organization.name)}\n${foldText(organization.fullname ?? '')}` : '',
    foldText(paper.note),
    paper.abstract === null ? '' : foldText(paper.abstract),
  ];
  const text = fields.join('\n');
  const ends: number[] = [];
  fields.reduce((end, field) => (ends.push(end + field.length), end + field.length + 1), 0);
  const slice = (field: number) => text.slice(field === 0 ? 0 : (ends[field - 1] ?? 0) + 1, ends[field]);
  entry.folded = { text, grams: signature(text), title: slice(0), authors: slice(1), note: slice(4), abstract: slice(5) };
  return entry.folded;
}

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

const SORTS: Readonly<Record<SortKey, SortSpec>> = {
  saved: { has: () => true, compare: (a, b) => a.savedAt - b.savedAt || byId(a, b) },
  published: { has: (e) => e.published !== null, compare: (a, b) => (a.published ?? 0) - (b.published ?? 0) || byId(a, b) },
  title: { has: () => true, compare: (a, b) => TITLES.compare(a.rawTitle, b.rawTitle) || byId(a, b) },
  upvotes: { has: (e) => e.upvotes !== null, compare: (a, b) => (a.upvotes ?? 0) - (b.upvotes ?? 0) || byId(a, b) },
};
const SORT_KEYS = Object.keys(SORTS) as SortKey[];

/**
 * One sort key's order of paper slots, kept sorted through changes (binary search and splice) so a
 * search never sorts. Descending is this order read backwards, so ties (and the papers without a
 * value, which stay last) then come by descending id. Sorted when first asked for: a list opened
 * by save date never pays for sorting 10,000 titles.
 */
class SortOrder {
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

/** A query term ready to test: needle folded, tag matches resolved per tag. */
interface Test {
  field: QueryTerm['field'];
  needle: string;
  negated: boolean;
  /** Per tag number: 1 if the tag satisfies the term (`tag:` and free text look at tag names). */
  tagHits: Uint8Array | null;
  /** For text tests, see `needleGrams`. */
  grams: Int32Array | null;
}

/** Cheap and selective tests first, so a paper is rejected before its abstract is scanned. */
const COST: Readonly<Record<QueryTerm['field'], number>> = {
  state: 0,
  tag: 1,
  id: 2,
  title: 3,
  author: 4,
  note: 5,
  any: 6,
  abstract: 7,
};

const searchesText = (field: QueryTerm['field']) => field !== 'state' && field !== 'tag';

function haystack(folded: Folded, entry: Entry, field: QueryTerm['field']): string {
  switch (field) {
    case 'title':
      return folded.title;
    case 'author':
      return folded.authors;
    case 'note':
      return folded.note;
    case 'abstract':
      return folded.abstract;
    case 'id':
      return entry.id;
    default:
      return folded.text;
  }
}

/** The papers matching a query and tag filter, kept to answer the next keystroke. */
interface Match {
  tests: Test[];
  /**
   * Per test that looks for text (and is not negated), per matching slot: where the needle first
   * occurs in the haystack, or the haystack's length if only a tag name matched. A longer needle
   * that contains it cannot occur much earlier, so the next keystroke resumes the scan there.
   */
  firsts: (Int32Array | null)[];
  required: string[];
  /** 1 per matching slot. */
  mask: Uint8Array;
  slots: number[];
  counts: StateCounts;
}

/** How to run one test in one search. */
interface Plan {
  test: Test;
  /** The previous search ran the same test and only its matches are candidates: all pass. */
  known: boolean;
  firsts: Int32Array | null;
  /** Where a needle this one contains first occurred, and at what offset this one contains it. */
  resume: { firsts: Int32Array; shift: number } | null;
}

const sameTest = (a: Test, b: Test) => a.field === b.field && a.negated === b.negated && a.needle === b.needle;

function sameTests(a: readonly Test[], b: readonly Test[]): boolean {
  return a.length === b.length && a.every((test, i) => b[i] !== undefined && sameTest(test, b[i]));
}

/** Whether every paper `strict` accepts, `loose` accepts too. */
function atLeastAsStrict(loose: Test, strict: Test): boolean {
  if (loose.field !== strict.field || loose.negated !== strict.negated) return false;
  if (loose.field === 'state') return loose.needle === strict.needle;
  // A longer needle containing the shorter one only matches where the shorter does; a negation
  // the other way round: excluding "dif" excludes everything excluding "diffusion" does.
  const contains = loose.field === 'tag' ? (a: string, b: string) => a.startsWith(b) : (a: string, b: string) => a.includes(b);
  return loose.negated ? contains(loose.needle, strict.needle) : contains(strict.needle, loose.needle);
}

function narrows(previous: Match, tests: readonly Test[], required: readonly string[]): boolean {
  return (
    previous.required.every((key) => required.includes(key)) &&
    previous.tests.every((loose) => tests.some((strict) => atLeastAsStrict(loose, strict)))
  );
}

function plan(test: Test, size: number, previous: Match | null): Plan {
  if (previous) {
    const same = previous.tests.findIndex((other) => sameTest(other, test));
    if (same >= 0) return { test, known: true, firsts: previous.firsts[same] ?? null, resume: null };
  }
  if (test.negated || !searchesText(test.field)) return { test, known: false, firsts: null, resume: null };
  let resume: Plan['resume'] = null;
  let longest = -1;
  const earlier = previous?.tests ?? [];
  for (let i = 0; i < earlier.length; i++) {
    const other = earlier[i] as Test;
    const firsts = previous?.firsts[i];
    const shift = test.needle.indexOf(other.needle);
    if (firsts && other.field === test.field && !other.negated && shift >= 0 && other.needle.length > longest) {
      longest = other.needle.length;
      resume = { firsts, shift };
    }
  }
  return { test, known: false, firsts: new Int32Array(size), resume };
}

function hasTag(entry: Entry, hits: Uint8Array): boolean {
  for (const tag of entry.tags) if (hits[tag] === 1) return true;
  return false;
}

function passes(entry: Entry, slot: number, { test, firsts, resume }: Plan): boolean {
  if (test.field === 'state') return entry.state === test.needle;
  if (test.field === 'tag') return test.tagHits !== null && hasTag(entry, test.tagHits);
  const folded = fold(entry);
  const hay = haystack(folded, entry, test.field);
  let at = -1;
  // Every field is part of `text`, so a trigram missing from it is missing from the field.
  if (test.grams === null || mayContain(folded.grams, test.grams)) {
    const from = resume ? Math.max(0, (resume.firsts[slot] ?? 0) - resume.shift) : 0;
    at = hay.indexOf(test.needle, from);
  }
  if (firsts) firsts[slot] = at >= 0 ? at : hay.length;
  return at >= 0 || (test.tagHits !== null && hasTag(entry, test.tagHits));
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
