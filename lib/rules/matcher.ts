/**
 * Matches many rules against a text in one walk over its words. Running each rule's RegExp over
 * every text costs rules × text (and compiling a Unicode-aware RegExp costs about 2 ms, so 1,000 of
 * them would block a page for seconds); instead the text is split into words once, and only the
 * rules whose first word is this word (or, for one-word prefix rules, a prefix of it) are tried,
 * by comparing text at that position: the same matches compile.ts's RegExp finds, for the price of
 * an array read per word (each distinct word is looked up once per matcher). Rules that do not start with a word, and regex rules, are run as RegExps
 * on the whole text, with their time counted so a slow one can be turned off.
 */
import { RULE_FIELDS, type Rule, type RuleField } from '../model/rule';
import type { Entry } from './compiled-rule';
import { MatchMemory, PREFIX_SPAN, sharedMemory, startOf, type VocabularyWord, type Words } from './match-memory';
import { isWordPoint, startsWord, wordEnd } from './word-bounds';

export { leadingWord, requiredText } from './rule-shape';

/** Text beyond this is not matched: an abstract is under 2,000 characters, a 500-author list about
 * 8,000; the cap bounds what a slow regex can cost on one field. */
export const MAX_MATCH_LENGTH = 5_000;

/** Matches as flat triples: rule index, start, end, rule index, start, end, … (no object per match). */
export type Hits = number[];

/** A matcher's word-led rules at one vocabulary word. */
interface WordRules {
  /** Rules matching the whole word wherever it occurs (one-word rules and prefixes), as flat pairs:
   * rule index, field bits. */
  whole: number[];
  /** Rules that start at this word and must be compared with the text there (phrases, regexes,
   * folding that changes lengths), or null: an empty array would have another shape (V8 elements
   * kind) than a full one, and the walk's optimised code would be thrown away on meeting both. */
  at: Entry[] | null;
}

const SPACE = /\s/;

/** The end of `entry`'s match at `start` (a word's start), or -1. */
function matchAt(text: string, folded: string | null, start: number, entry: Entry): number {
  if (entry.sticky) {
    entry.sticky.lastIndex = start;
    const found = entry.sticky.exec(text);
    return found && found[0].length > 0 ? start + found[0].length : -1;
  }
  // Without a same-length folded copy (rare letters like İ change length), fold word by word.
  const fold = !entry.caseSensitive && folded === null;
  const source = entry.caseSensitive || fold ? text : folded!;
  let at = start;
  for (let i = 0; i < entry.words.length; i++) {
    if (i > 0) {
      const gap = at;
      while (at < text.length && SPACE.test(text[at]!)) at++;
      if (at === gap) return -1;
    }
    const word = entry.words[i]!;
    if (fold ? source.slice(at, at + word.length).toLowerCase() !== word : !source.startsWith(word, at)) return -1;
    at += word.length;
  }
  if (entry.wholeWord) return at < text.length && isWordPoint(text.codePointAt(at)!) ? -1 : at;
  // A prefix rule's match runs to the end of the word it starts.
  return wordEnd(text, at);
}

interface Scanned {
  rule: number;
  fields: number;
  all: RegExp;
  /** Text every match contains (case-folded unless case-sensitive): a text without it is skipped
   * without running the RegExp. */
  needle: string;
  caseSensitive: boolean;
}

const FIELD_BITS = Object.fromEntries(RULE_FIELDS.map((field, i) => [field, 1 << i])) as Record<RuleField, number>;
const fieldBit = (field: RuleField) => FIELD_BITS[field];

function fieldMask(fields: readonly RuleField[]): number {
  let mask = 0;
  for (const field of fields) mask |= FIELD_BITS[field];
  return mask;
}

/** Rules by the word (or word start) they start with: case-folded, or as typed for case-sensitive rules. */
type Bucket = Map<string, Entry[]>;

function push(bucket: Bucket, key: string, entry: Entry): void {
  const list = bucket.get(key);
  if (list) list.push(entry);
  else bucket.set(key, [entry]);
}


/**
 * The word a group of rules starts with, for finding it by searching the text (see `SCAN_UP_TO`).
 * A word rule's key must be the whole of a text word; a prefix's (or a leading regex word's), its start.
 */
interface Led {
  key: string;
  caseSensitive: boolean;
  prefix: boolean;
  entries: Entry[];
}

/**
 * Up to this many leading words, a text is searched for each of them (String#indexOf, native code
 * that is fast even before the JIT has warmed up, as at page load) instead of being split into
 * words, which costs a walk over every character in script.
 */
const SCAN_UP_TO = 24;


export type MatchableRule = Pick<Rule, 'pattern' | 'kind' | 'caseSensitive' | 'fields'>;

interface PrefixBuckets {
  length: number;
  folded: Bucket;
  exact: Bucket;
}

export class RuleMatcher {
  /**
   * Rules by their first word, case-folded and as typed (case-sensitive rules). Each distinct word
   * of the texts is looked up once per matcher (see `memo`), by the string itself: V8 keeps a
   * string's hash in the string, so a vocabulary word is hashed once for every matcher.
   */
  private readonly folded: Bucket = new Map();
  private readonly exact: Bucket = new Map();
  /** One-word prefix rules (and regexes tried at a leading word) by their first PREFIX_SPAN
   * characters (or fewer, when shorter: there are few such lengths). */
  private readonly prefixes: PrefixBuckets[] = [];
  /** The same rules by the word they start with, for searching texts when there are few words. */
  private readonly led = new Map<string, Led>();
  private readonly scan: boolean;
  private readonly scanned: Scanned[] = [];
  /** Milliseconds each scanned rule has used since the last `resetTime()`. */
  readonly spent = new Map<number, number>();
  /** The most any one rule has used since then (checked after every card, so kept, not searched). */
  mostSpent = 0;
  /** Milliseconds each scanned rule's latest run took: what the rule cost past its budget. */
  readonly lastRun = new Map<number, number>();
  /** Rules that failed to compile (they are never matched), by index. */
  readonly invalid = new Map<number, string>();
  private readonly skipped = new Set<number>();
  /** Fields any rule looks at: the others are not even split into words. */
  private usedFields = 0;
  /** What the word-led rules do at each vocabulary word (by id), decided when a text first has it. */
  private memo: (WordRules | null | undefined)[] = [];
  private memoGeneration: number;
  private readonly memory: MatchMemory;

  /** `strategy` is for tests: by default texts are searched for up to SCAN_UP_TO leading words.
   * `memory` is what matchers share (the page's, unless a test wants its own). */
  constructor(rules: readonly MatchableRule[], strategy: 'auto' | 'scan' | 'words' = 'auto', memory: MatchMemory = sharedMemory) {
    this.memory = memory;
    this.memoGeneration = memory.generation;
    rules.forEach((rule, index) => this.add(rule, index));
    const tables = [{ bucket: this.folded, prefix: false }, { bucket: this.exact, prefix: false }];
    for (const { folded, exact } of this.prefixes) tables.push({ bucket: folded, prefix: true }, { bucket: exact, prefix: true });
    const keys = tables.reduce((sum, { bucket }) => sum + bucket.size, 0);
    this.scan = strategy === 'scan' || (strategy === 'auto' && keys <= SCAN_UP_TO);
    if (!this.scan) return;
    for (const { bucket, prefix } of tables) {
      for (const entries of bucket.values()) {
        for (const entry of entries) {
          // Prefix keys that share a start share a list: grouped again by the key itself.
          const id = `${entry.caseSensitive ? 'c' : 'f'}${prefix ? 'p' : 'w'}${entry.key}`;
          const led = this.led.get(id);
          if (led) led.entries.push(entry);
          else this.led.set(id, { key: entry.key, caseSensitive: entry.caseSensitive, prefix, entries: [entry] });
        }
      }
    }
  }

  private add(rule: MatchableRule, index: number): void {
    const fields = fieldMask(rule.fields);
    this.usedFields |= fields;
    const compiled = this.memory.compiledRule(rule);
    switch (compiled.place) {
      case 'invalid':
        this.invalid.set(index, compiled.error);
        return;
      case 'scanned':
        this.scanned.push({ rule: index, fields, all: compiled.all, needle: compiled.needle, caseSensitive: compiled.caseSensitive });
        return;
      default: {
        const { key, words, caseSensitive, wholeWord, sticky, single } = compiled;
        const entry: Entry = { rule: index, fields, words, caseSensitive, wholeWord, sticky, single, key };
        if (compiled.place === 'prefix') this.indexPrefix(key, caseSensitive, entry);
        else push(caseSensitive ? this.exact : this.folded, key, entry);
      }
    }
  }

  private indexPrefix(key: string, caseSensitive: boolean, entry: Entry): void {
    // Indexed by their first PREFIX_SPAN characters whatever their length, so a text's words are
    // looked up once for all of them rather than once per prefix length; the rest of the key is
    // compared where a word starts so.
    const length = Math.min(key.length, PREFIX_SPAN);
    let buckets: PrefixBuckets | undefined;
    for (const known of this.prefixes) if (known.length === length) buckets = known;
    if (!buckets) this.prefixes.push((buckets = { length, folded: new Map(), exact: new Map() }));
    push(caseSensitive ? buckets.exact : buckets.folded, key.slice(0, length), entry);
  }

  /** Whether any rule looks at `field`. */
  looksAt(field: RuleField): boolean {
    return (this.usedFields & fieldBit(field)) !== 0;
  }

  /** Stops running a rule (it was found too slow). */
  skip(rule: number): void {
    this.skipped.add(rule);
  }

  resetTime(): void {
    this.spent.clear();
    this.lastRun.clear();
    this.mostSpent = 0;
  }

  private count(rule: number, ms: number): void {
    this.lastRun.set(rule, ms);
    const spent = (this.spent.get(rule) ?? 0) + ms;
    this.spent.set(rule, spent);
    if (spent > this.mostSpent) this.mostSpent = spent;
  }

  /** Every match in `text` of the rules that look at `field` (rule index in the list the matcher
   * was built from, start, end), in no particular order. */
  match(whole: string, field: RuleField): Hits {
    const text = whole.length > MAX_MATCH_LENGTH ? whole.slice(0, MAX_MATCH_LENGTH) : whole;
    const bit = fieldBit(field);
    const hits: Hits = [];
    if (!(this.usedFields & bit)) return hits;
    if (this.folded.size + this.exact.size + this.prefixes.length > 0) {
      const lowered = this.scan ? this.memory.loweredOf(text) : null;
      // Folding that changes lengths (İ) is left to the word walk, which folds word by word.
      if (lowered !== null && lowered.length === text.length) this.scanFor(text, lowered, bit, hits);
      else this.matchWords(this.memory.wordsOf(text), bit, hits);
    }
    let lowered: string | null = null;
    for (const scan of this.scanned) {
      if (!(scan.fields & bit) || this.skipped.has(scan.rule)) continue;
      if (scan.needle) {
        // Case folding can change lengths, but only an exact containment test is made here.
        const haystack = scan.caseSensitive ? text : (lowered ??= text.toLowerCase());
        if (!haystack.includes(scan.needle)) continue;
      }
      const began = performance.now();
      scan.all.lastIndex = 0;
      for (let m = scan.all.exec(text); m !== null; m = scan.all.exec(text)) {
        if (m[0].length === 0) {
          scan.all.lastIndex++;
          continue;
        }
        hits.push(scan.rule, m.index, m.index + m[0].length);
      }
      this.count(scan.rule, performance.now() - began);
    }
    return hits;
  }

  /** The word-led rules' matches: per word, what this matcher decided for it (once per distinct word). */
  private matchWords(words: Words, bit: number, hits: Hits): void {
    const { generation, vocabularyWords } = this.memory;
    if (this.memoGeneration !== generation) {
      this.memo = [];
      this.memoGeneration = generation;
    }
    const memo = this.memo;
    while (memo.length < vocabularyWords.length) memo.push(undefined);
    const { ids, bounds, text, folded } = words;
    const skipping = this.skipped.size > 0;
    for (let n = 0; n < ids.length; n++) {
      const id = ids[n]!;
      let rules = memo[id];
      if (rules === undefined) rules = memo[id] = this.wordRules(vocabularyWords[id]!);
      if (rules === null) continue;
      const start = bounds[2 * n]!;
      const end = bounds[2 * n + 1]!;
      const whole = rules.whole;
      for (let i = 0; i < whole.length; i += 2) {
        if (whole[i + 1]! & bit && !(skipping && this.skipped.has(whole[i]!))) hits.push(whole[i]!, start, end);
      }
      if (rules.at !== null) this.tryEntries(rules.at, text, folded, start, end, bit, hits);
    }
  }

  /** Which word-led rules match at `word` by the word alone, and which must be tried in the text there. */
  private wordRules(word: VocabularyWord): WordRules | null {
    let rules: WordRules | null = null;
    if (this.folded.size > 0) rules = this.consider(rules, this.folded.get(word.lower), false, word);
    if (this.exact.size > 0) rules = this.consider(rules, this.exact.get(word.typed), false, word);
    for (const { length, folded, exact } of this.prefixes) {
      if (folded.size > 0) rules = this.consider(rules, folded.get(startOf(word, length, false)), true, word);
      if (exact.size > 0) rules = this.consider(rules, exact.get(startOf(word, length, true)), true, word);
    }
    return rules;
  }

  /** `rules` with those of `entries` (found by `word` or by its start) that fit the word. */
  private consider(rules: WordRules | null, entries: Entry[] | undefined, prefixed: boolean, word: VocabularyWord): WordRules | null {
    if (!entries) return rules;
    const { typed, lower } = word;
    for (const entry of entries) {
      const source = entry.caseSensitive ? typed : lower;
      const comparable = entry.caseSensitive || lower.length === typed.length;
      // Found by its first letters: the rest of its key must follow. (Where folding changes a
      // word's length, the text is compared at each occurrence instead.)
      if (prefixed && comparable && !source.startsWith(entry.key)) continue;
      rules ??= { whole: [], at: null };
      if (entry.single !== null && comparable) {
        // A one-word rule: the whole word (a prefix: any word it starts).
        if (entry.wholeWord ? source === entry.single : source.startsWith(entry.single)) rules.whole.push(entry.rule, entry.fields);
      } else {
        (rules.at ??= []).push(entry);
      }
    }
    return rules;
  }

  /** Each leading word's occurrences at the start of a text word, then its rules there. */
  private scanFor(text: string, folded: string, bit: number, hits: Hits): void {
    for (const { key, caseSensitive, prefix, entries } of this.led.values()) {
      const haystack = caseSensitive ? text : folded;
      for (let at = haystack.indexOf(key); at >= 0; at = haystack.indexOf(key, at + 1)) {
        if (!startsWord(text, at)) continue;
        const end = wordEnd(text, at);
        // A word rule starts with the whole of a text word; a prefix with its start.
        if (!prefix && end !== at + key.length) continue;
        this.tryEntries(entries, text, folded, at, end, bit, hits);
      }
    }
  }

  /** The rules of `entries` at the text word [start, end). */
  private tryEntries(entries: Entry[], text: string, folded: string | null, start: number, end: number, bit: number, hits: Hits): void {
    for (const entry of entries) {
      if (!(entry.fields & bit) || (this.skipped.size > 0 && this.skipped.has(entry.rule))) continue;
      const single = entry.single;
      if (single !== null && (entry.caseSensitive || folded !== null)) {
        // The text's word starts here and runs to `end`: a whole word must fill it, a prefix fit in it.
        if (entry.wholeWord ? end - start !== single.length : end - start < single.length) continue;
        if ((entry.caseSensitive ? text : folded!).startsWith(single, start)) hits.push(entry.rule, start, end);
        continue;
      }
      const began = entry.sticky ? performance.now() : 0;
      const found = matchAt(text, folded, start, entry);
      if (entry.sticky) this.count(entry.rule, performance.now() - began);
      if (found >= 0) hits.push(entry.rule, start, found);
    }
  }
}
