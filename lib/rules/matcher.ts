/**
 * Matches many rules against a text in one walk over its words. Running each rule's RegExp over
 * every text costs rules × text (and compiling a Unicode-aware RegExp costs about 2 ms, so 1,000 of
 * them would block a page for seconds); instead the text is split into words once, and only the
 * rules whose first word is this word (or, for one-word prefix rules, a prefix of it) are tried,
 * by comparing text at that position: the same matches compile.ts's RegExp finds, for the price of
 * an array read per word (each distinct word is looked up once per matcher). Rules that do not start with a word, and regex rules, are run as RegExps
 * on the whole text, with their time counted so a slow one can be turned off.
 */
import { compileRule } from './compile';
import { RULE_FIELDS, type Rule, type RuleField } from '../model/rule';

/** Letters, marks, digits and connector punctuation: the same word characters compile.ts uses. */
const WORD_RUN = /[\p{L}\p{M}\p{N}\p{Pc}]+/gu;
const STARTS_WITH_WORD = /^[\p{L}\p{M}\p{N}\p{Pc}]/u;
/** Text beyond this is not matched: an abstract is under 2,000 characters, a 500-author list about
 * 8,000; the cap bounds what a slow regex can cost on one field. */
export const MAX_MATCH_LENGTH = 5_000;

const NON_ASCII_WORD_CHAR = /^[\p{L}\p{M}\p{N}\p{Pc}]$/u;

/**
 * The bounds of each run of word characters, as [start, end, start, end, …]. A hand-written scan
 * with no call per character: this runs cold at page load (before the JIT has optimised anything),
 * where a Unicode RegExp allocating a match per word, or a helper called per character, cost
 * several times more.
 */
function wordBounds(text: string): number[] {
  const bounds: number[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let word: boolean;
    if (code < 128) {
      word = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
    } else {
      const point = text.codePointAt(i)!;
      word = NON_ASCII_WORD_CHAR.test(String.fromCodePoint(point));
      if (point > 0xffff) {
        if (word && start < 0) start = i;
        else if (!word && start >= 0) {
          bounds.push(start, i);
          start = -1;
        }
        i++;
        continue;
      }
    }
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      bounds.push(start, i);
      start = -1;
    }
  }
  if (start >= 0) bounds.push(start, text.length);
  return bounds;
}

/**
 * Every distinct word (as typed) of the texts split so far, by id. A text's words are kept as ids,
 * so a matcher decides once per distinct word which of its rules start there (a page's 25,000
 * words are a few thousand distinct ones), not once per occurrence.
 */
interface VocabularyWord {
  typed: string;
  /** Case-folded: its length can differ from `typed`'s (İ). */
  lower: string;
  /** The first 1…PREFIX_SPAN characters of `lower` and `typed` (index = length), made when asked. */
  starts: string[] | null;
  typedStarts: string[] | null;
}

/** The first `length` characters of a word, case-folded or as typed (for prefix rules). */
function startOf(word: VocabularyWord, length: number, asTyped: boolean): string {
  let starts = asTyped ? word.typedStarts : word.starts;
  if (starts === null) {
    const source = asTyped ? word.typed : word.lower;
    starts = [''];
    for (let i = 1; i <= PREFIX_SPAN; i++) starts.push(source.slice(0, i));
    if (asTyped) word.typedStarts = starts;
    else word.starts = starts;
  }
  return starts[length]!;
}

const vocabulary = new Map<string, number>();
const vocabularyWords: VocabularyWord[] = [];
/** Bumped when the vocabulary is dropped (it only grows otherwise): ids from before mean nothing. */
let vocabularyGeneration = 0;
/** Distinct words kept before starting again (a page has a few thousand). */
const VOCABULARY_KEPT = 200_000;

function wordId(typed: string): number {
  let id = vocabulary.get(typed);
  if (id === undefined) {
    id = vocabularyWords.length;
    const lower = typed.toLowerCase();
    vocabulary.set(typed, id);
    vocabularyWords.push({ typed, lower, starts: null, typedStarts: null });
  }
  return id;
}

/**
 * A text split into words, each as its vocabulary id. It depends on the text alone, not on the
 * rules: kept across passes and across rule changes (a new matcher reuses it).
 */
interface Words {
  text: string;
  /** The case-folded text, when folding kept every offset (else null: words fold one by one). */
  folded: string | null;
  bounds: number[];
  ids: Int32Array;
  generation: number;
}

/** The texts of the cards on a page (titles, abstracts, author lists): more than one page holds. */
const WORDS_KEPT = 5_000;
const wordCache = new Map<string, Words>();

/** Texts case-folded for searching, kept like their words (a rules change searches them again). */
const loweredCache = new Map<string, string>();

function loweredOf(text: string): string {
  let lowered = loweredCache.get(text);
  if (lowered === undefined) {
    lowered = text.toLowerCase();
    if (loweredCache.size >= WORDS_KEPT) loweredCache.clear();
    loweredCache.set(text, lowered);
  }
  return lowered;
}

function wordsOf(text: string): Words {
  const known = wordCache.get(text);
  if (known && known.generation === vocabularyGeneration) return known;
  if (wordCache.size >= WORDS_KEPT || vocabularyWords.length >= VOCABULARY_KEPT) {
    wordCache.clear();
    vocabulary.clear();
    vocabularyWords.length = 0;
    vocabularyGeneration++;
  }
  const lowered = loweredOf(text);
  const bounds = wordBounds(text);
  const ids = new Int32Array(bounds.length / 2);
  for (let w = 0; w < ids.length; w++) ids[w] = wordId(text.slice(bounds[2 * w]!, bounds[2 * w + 1]!));
  const words: Words = { text, folded: lowered.length === text.length ? lowered : null, bounds, ids, generation: vocabularyGeneration };
  wordCache.set(text, words);
  return words;
}

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

interface Entry {
  rule: number;
  /** Bit per field (RULE_FIELDS order) the rule looks at. */
  fields: number;
  /** The pattern's words (case-folded unless case-sensitive), separated by any whitespace in text. */
  words: string[];
  caseSensitive: boolean;
  /** Whether the match must end at a word's end (word and phrase rules); a prefix rule's match
   * runs on to the end of that word. */
  wholeWord: boolean;
  /** A regex rule that starts with `\b` and a word: its own RegExp, tried at this word only. */
  sticky?: RegExp;
  /** The pattern, when it is one word of word characters only: it matches a word of the text by
   * comparing the two (a whole word: same length; a prefix: no longer), without walking the text. */
  single: string | null;
  /** The word (or prefix) it is indexed by: case-folded unless case-sensitive. */
  key: string;
}

/**
 * The word every match of a regex starts with, when it starts with `\b` and then plain letters or
 * digits (`\bdiffusion(s|al)?`), else ''. Such a rule can only match at the start of a word that
 * begins so, and is tried there only, like a prefix rule.
 */
export function leadingWord(source: string): string {
  if (!source.startsWith('\\b')) return '';
  // Any top-level alternative could start differently.
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === '|' && depth === 0) {
      return '';
    }
  }
  let word = '';
  for (let i = 2; i < source.length && /[\p{L}\p{N}_]/u.test(source[i]!); i++) {
    const next = source[i + 1];
    if (next === '?' || next === '*' || (next === '{' && source[i + 2] === '0')) break;
    word += source[i];
  }
  return word;
}

/** Whether a code point is a word character (as wordBounds decides). */
function isWordPoint(point: number): boolean {
  if (point < 128) return (point >= 97 && point <= 122) || (point >= 65 && point <= 90) || (point >= 48 && point <= 57) || point === 95;
  return NON_ASCII_WORD_CHAR.test(String.fromCodePoint(point));
}

/** Whether a word run of `text` starts at `at` (given that a word character is there). */
function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text.charCodeAt(at - 1);
  const point = before >= 0xdc00 && before <= 0xdfff && at >= 2 ? text.codePointAt(at - 2)! : before;
  return !isWordPoint(point);
}

/** Where the run of word characters from `at` ends. */
function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length) {
    const point = text.codePointAt(end)!;
    if (!isWordPoint(point)) break;
    end += point > 0xffff ? 2 : 1;
  }
  return end;
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

/**
 * The longest run of plain letters and digits every match of `source` must contain, or ''. Only
 * top-level text counts: nothing inside groups or classes, nothing in a pattern with a top-level
 * alternative, and a character followed by `?`, `*` or `{0` is optional.
 */
export function requiredText(source: string): string {
  let depth = 0;
  let run = '';
  let best = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      end();
      i++;
      continue;
    }
    if (ch === '[') {
      end();
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '|' && depth === 0) return '';
    if (depth === 0 && /[\p{L}\p{N}]/u.test(ch)) {
      const next = source[i + 1];
      if (next === '?' || next === '*' || (next === '{' && source[i + 2] === '0')) end();
      else {
        run += ch;
        continue;
      }
    }
    end();
  }
  end();
  return best;
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

const ONLY_WORD_CHARS = /^[\p{L}\p{M}\p{N}\p{Pc}]+$/u;
const PLAIN_WORD = /^[A-Za-z0-9_]+$/;

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

/** Prefix rules (and regexes led by a word) are indexed by this many first characters at most. */
const PREFIX_SPAN = 5;

export type MatchableRule = Pick<Rule, 'pattern' | 'kind' | 'caseSensitive' | 'fields'>;

/** What a rule compiles to, whatever its index and fields: where it is indexed and how it is tried. */
type CompiledRule =
  | { place: 'invalid'; error: string }
  | { place: 'scanned'; all: RegExp; needle: string; caseSensitive: boolean }
  | ({ place: 'word' | 'prefix' } & Omit<Entry, 'rule' | 'fields'>);

/**
 * Compiled rules by pattern (then kind and case), across matchers: a rules change (one rule edited
 * among a thousand) compiles only the rules it changed, and their RegExps stay the ones V8 has
 * compiled.
 */
const compiledRules = new Map<string, { kind: Rule['kind']; caseSensitive: boolean; compiled: CompiledRule }[]>();
const COMPILED_KEPT = 20_000;

function compiledRule(rule: Pick<Rule, 'pattern' | 'kind' | 'caseSensitive'>): CompiledRule {
  let known = compiledRules.get(rule.pattern);
  if (known) {
    for (const { kind, caseSensitive, compiled } of known) if (kind === rule.kind && caseSensitive === rule.caseSensitive) return compiled;
  } else {
    if (compiledRules.size >= COMPILED_KEPT) compiledRules.clear();
    compiledRules.set(rule.pattern, (known = []));
  }
  const compiled = compileFresh(rule);
  known.push({ kind: rule.kind, caseSensitive: rule.caseSensitive, compiled });
  return compiled;
}

function compileFresh(rule: Pick<Rule, 'pattern' | 'kind' | 'caseSensitive'>): CompiledRule {
  const { caseSensitive } = rule;
  const pattern = rule.pattern.trim();
  const leading = rule.kind === 'regex' ? leadingWord(pattern) : '';
  if (leading) {
    const compiled = compileRule(rule);
    if (!compiled.ok) return { place: 'invalid', error: compiled.error };
    const sticky = new RegExp(compiled.regex.source, compiled.regex.flags.replace('g', '') + 'y');
    const key = caseSensitive ? leading : leading.toLowerCase();
    return { place: 'prefix', words: [], caseSensitive, wholeWord: false, sticky, single: null, key };
  }
  if (rule.kind === 'regex' || !STARTS_WITH_WORD.test(pattern)) {
    const compiled = compileRule(rule);
    if (!compiled.ok) return { place: 'invalid', error: compiled.error };
    const needle = rule.kind === 'regex' ? requiredText(pattern) : (pattern.match(WORD_RUN)?.[0] ?? '');
    return { place: 'scanned', all: compiled.regex, needle: caseSensitive ? needle : needle.toLowerCase(), caseSensitive };
  }
  if (!pattern) return { place: 'invalid', error: 'A rule needs a pattern.' };
  if (PLAIN_WORD.test(pattern)) {
    // Most rules: one plain word, compiled without the Unicode tests below (they run cold at load).
    const key = caseSensitive ? pattern : pattern.toLowerCase();
    return { place: rule.kind === 'prefix' ? 'prefix' : 'word', words: [key], caseSensitive, wholeWord: rule.kind !== 'prefix', single: key, key };
  }
  const words = pattern.split(/\s+/).map((word) => (caseSensitive ? word : word.toLowerCase()));
  const single = words.length === 1 && ONLY_WORD_CHARS.test(words[0]!) ? words[0]! : null;
  const first = pattern.match(WORD_RUN)![0];
  const key = caseSensitive ? first : first.toLowerCase();
  const place = rule.kind === 'prefix' && first === pattern ? 'prefix' : 'word';
  return { place, words, caseSensitive, wholeWord: rule.kind !== 'prefix', single, key };
}

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
  private memoGeneration = vocabularyGeneration;

  /** `strategy` is for tests: by default texts are searched for up to SCAN_UP_TO leading words. */
  constructor(rules: readonly MatchableRule[], strategy: 'auto' | 'scan' | 'words' = 'auto') {
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
    const compiled = compiledRule(rule);
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
      const lowered = this.scan ? loweredOf(text) : null;
      // Folding that changes lengths (İ) is left to the word walk, which folds word by word.
      if (lowered !== null && lowered.length === text.length) this.scanFor(text, lowered, bit, hits);
      else this.matchWords(wordsOf(text), bit, hits);
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
    if (this.memoGeneration !== vocabularyGeneration) {
      this.memo = [];
      this.memoGeneration = vocabularyGeneration;
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
