/**
 * Matches many rules against a text in one walk over its words. Running each rule's RegExp over
 * every text costs rules × text (and compiling a Unicode-aware RegExp costs about 2 ms, so 1,000 of
 * them would block a page for seconds); instead the text is split into words once, and only the
 * rules whose first word is this word (or, for one-word prefix rules, a prefix of it) are tried,
 * by comparing text at that position: the same matches compile.ts's RegExp finds, for the price of
 * a map lookup per word. Rules that do not start with a word, and regex rules, are run as RegExps
 * on the whole text, with their time counted so a slow one can be turned off.
 */
import { compileRule } from './compile';
import { RULE_FIELDS, type Rule, type RuleField } from './rule';

/** Letters, marks, digits and connector punctuation: the same word characters compile.ts uses. */
const WORD_RUN = /[\p{L}\p{M}\p{N}\p{Pc}]+/gu;
const STARTS_WITH_WORD = /^[\p{L}\p{M}\p{N}\p{Pc}]/u;
/** Text beyond this is not matched: an abstract is under 2,000 characters, a 500-author list about
 * 8,000; the cap bounds what a slow regex can cost on one field. */
export const MAX_MATCH_LENGTH = 5_000;

const NON_ASCII_WORD_CHAR = /^[\p{L}\p{M}\p{N}\p{Pc}]$/u;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units: cheap to compute while walking a word, no string made. */
function hashOf(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  // Math.imul gives int32: the same numbers the Int32Array of a text's words holds.
  return hash | 0;
}

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
 * A text split into words, with each word's hash as folded and as typed. It depends on the text
 * alone, not on the rules: kept across passes and across rule changes (a new matcher reuses it),
 * so matching again after a rules change is a hash lookup per word.
 */
interface Words {
  text: string;
  /** The case-folded text, when folding kept every offset (else null: words fold one by one). */
  folded: string | null;
  bounds: number[];
  hashes: Int32Array;
  typed: Int32Array;
  /** Hashes of each word's first `length` characters, folded / as typed, by length. */
  prefixes: Map<number, Int32Array>;
}

/** The texts of the cards on a page (titles, abstracts, author lists): more than one page holds. */
const WORDS_KEPT = 5_000;
const wordCache = new Map<string, Words>();

function wordsOf(text: string): Words {
  const known = wordCache.get(text);
  if (known) return known;
  const lowered = text.toLowerCase();
  const folded = lowered.length === text.length ? lowered : null;
  const bounds = wordBounds(text);
  const count = bounds.length / 2;
  const hashes = new Int32Array(count);
  const typed = new Int32Array(count);
  for (let w = 0; w < count; w++) {
    const start = bounds[2 * w]!;
    const end = bounds[2 * w + 1]!;
    const source = folded ?? text.slice(start, end).toLowerCase();
    const offset = folded ? 0 : start;
    let hash = FNV_OFFSET;
    let as = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      hash = Math.imul(hash ^ source.charCodeAt(i - offset), FNV_PRIME);
      as = Math.imul(as ^ text.charCodeAt(i), FNV_PRIME);
    }
    hashes[w] = hash;
    typed[w] = as;
  }
  const words: Words = { text, folded, bounds, hashes, typed, prefixes: new Map() };
  if (wordCache.size >= WORDS_KEPT) wordCache.clear();
  wordCache.set(text, words);
  return words;
}

/** The hash of word `n`'s first `length` characters (folded, or as typed), computed once per text. */
function prefixHash(words: Words, n: number, length: number, asTyped: boolean): number {
  const key = asTyped ? -length : length;
  let table = words.prefixes.get(key);
  if (!table) {
    table = new Int32Array(words.hashes.length);
    const { text, folded, bounds } = words;
    for (let w = 0; w < table.length; w++) {
      const start = bounds[2 * w]!;
      const end = Math.min(bounds[2 * w + 1]!, start + length);
      const source = asTyped ? text : (folded ?? text.slice(start, end).toLowerCase());
      const offset = asTyped || folded ? 0 : start;
      let hash = FNV_OFFSET;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ source.charCodeAt(i - offset), FNV_PRIME);
      table[w] = hash;
    }
    words.prefixes.set(key, table);
  }
  return table[n]!;
}

export interface Hit {
  /** Index of the rule in the list the matcher was built from. */
  rule: number;
  start: number;
  end: number;
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

const WORD_CHAR = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
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
  const wordGoesOn = () => at < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
  if (entry.wholeWord) return wordGoesOn() ? -1 : at;
  // A prefix rule's match runs to the end of the word it starts.
  while (wordGoesOn()) at += text.codePointAt(at)! > 0xffff ? 2 : 1;
  return at;
}

interface Scanned {
  rule: number;
  fields: number;
  all: RegExp;
  regex: boolean;
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

const fieldBit = (field: RuleField) => 1 << RULE_FIELDS.indexOf(field);
const fieldMask = (fields: readonly RuleField[]) => fields.reduce((mask, field) => mask | fieldBit(field), 0);

function push<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

export type MatchableRule = Pick<Rule, 'pattern' | 'kind' | 'caseSensitive' | 'fields'>;

export class RuleMatcher {
  /** First word → rules, case-folded and exact. */
  private readonly folded = new Map<string, Entry[]>();
  private readonly exact = new Map<string, Entry[]>();
  /** One-word prefix rules by prefix, per prefix length (there are few distinct lengths). */
  private readonly prefixes = new Map<number, { folded: Map<string, Entry[]>; exact: Map<string, Entry[]> }>();
  private readonly scanned: Scanned[] = [];
  /** Milliseconds each scanned rule has used since the last `resetTime()`. */
  readonly spent = new Map<number, number>();
  /** Rules that failed to compile (they are never matched), by index. */
  readonly invalid = new Map<number, string>();
  private readonly skipped = new Set<number>();
  /**
   * A 32-bit hash of every indexed word (case-folded, and as typed for case-sensitive rules), and
   * of every one-word prefix by its length: a word whose hash is not here has no rule and is passed
   * over without slicing it out of the text or looking it up. Most words are, even with 1,000 rules.
   */
  private readonly wordHashes = new Set<number>();
  private readonly prefixHashes: (Set<number> | undefined)[] = [];
  private prefixList: { length: number; folded: Map<string, Entry[]> | null; exact: Map<string, Entry[]> | null }[] | null = null;
  /** Fields any rule looks at: the others are not even split into words. */
  private usedFields = 0;

  constructor(rules: readonly MatchableRule[]) {
    rules.forEach((rule, index) => this.add(rule, index));
  }

  private add(rule: MatchableRule, index: number): void {
    const fields = fieldMask(rule.fields);
    this.usedFields |= fields;
    const pattern = rule.pattern.trim();
    const leading = rule.kind === 'regex' ? leadingWord(pattern) : '';
    if (leading) {
      const compiled = compileRule(rule);
      if (!compiled.ok) return void this.invalid.set(index, compiled.error);
      const sticky = new RegExp(compiled.regex.source, compiled.regex.flags.replace('g', '') + 'y');
      const key = rule.caseSensitive ? leading : leading.toLowerCase();
      this.indexPrefix(key, rule.caseSensitive, { rule: index, fields, words: [], caseSensitive: rule.caseSensitive, wholeWord: false, sticky });
      return;
    }
    if (rule.kind === 'regex' || !STARTS_WITH_WORD.test(pattern)) {
      const compiled = compileRule(rule);
      if (compiled.ok) {
        const needle = rule.kind === 'regex' ? requiredText(pattern) : (pattern.match(WORD_RUN)?.[0] ?? '');
        this.scanned.push({
          rule: index,
          fields,
          all: compiled.regex,
          regex: rule.kind === 'regex',
          needle: rule.caseSensitive ? needle : needle.toLowerCase(),
          caseSensitive: rule.caseSensitive,
        });
      }
      else this.invalid.set(index, compiled.error);
      return;
    }
    if (!pattern) {
      this.invalid.set(index, 'A rule needs a pattern.');
      return;
    }
    const words = pattern.split(/\s+/).map((word) => (rule.caseSensitive ? word : word.toLowerCase()));
    const entry: Entry = { rule: index, fields, words, caseSensitive: rule.caseSensitive, wholeWord: rule.kind !== 'prefix' };
    const first = pattern.match(WORD_RUN)![0];
    const key = rule.caseSensitive ? first : first.toLowerCase();
    if (rule.kind === 'prefix' && first === pattern) {
      this.indexPrefix(key, rule.caseSensitive, entry);
    } else {
      this.wordHashes.add(hashOf(key));
      push(rule.caseSensitive ? this.exact : this.folded, key, entry);
    }
  }

  private get prefixLengths(): number[] {
    return (this.prefixLengthList ??= this.prefixHashes.flatMap((set, length) => (set ? [length] : [])));
  }
  private prefixLengthList: number[] | null = null;

  /** Whether a case-sensitive prefix rule exists (words are then hashed as typed too). */
  private hasExactPrefixes = false;

  private indexPrefix(key: string, caseSensitive: boolean, entry: Entry): void {
    if (caseSensitive) this.hasExactPrefixes = true;
    (this.prefixHashes[key.length] ??= new Set()).add(hashOf(key));
    let byLength = this.prefixes.get(key.length);
    if (!byLength) this.prefixes.set(key.length, (byLength = { folded: new Map(), exact: new Map() }));
    push(caseSensitive ? byLength.exact : byLength.folded, key, entry);
  }

  /** Stops running a rule (it was found too slow). */
  skip(rule: number): void {
    this.skipped.add(rule);
  }

  resetTime(): void {
    this.spent.clear();
  }

  /** Every match in `text` of the rules that look at `field`, in no particular order. */
  match(whole: string, field: RuleField): Hit[] {
    const text = whole.length > MAX_MATCH_LENGTH ? whole.slice(0, MAX_MATCH_LENGTH) : whole;
    const bit = fieldBit(field);
    const hits: Hit[] = [];
    if (!(this.usedFields & bit)) return hits;
    if (this.folded.size + this.exact.size + this.prefixes.size > 0) {
      const words = wordsOf(text);
      const { folded, bounds } = words;
      const hasExact = this.exact.size > 0;
      const prefixes = this.prefixList ??= [...this.prefixes].map(([length, maps]) => ({ length, folded: maps.folded.size > 0 ? maps.folded : null, exact: maps.exact.size > 0 ? maps.exact : null }));
      /** Candidate rules per word; most words have none. */
      const candidates: Entry[][] = [];
      const { wordHashes, prefixHashes } = this;
      const exactToo = hasExact || this.hasExactPrefixes;
      const prefixLengths = this.prefixLengths;
      for (let w = 0, n = 0; w < bounds.length; w += 2, n++) {
        const start = bounds[w]!;
        const end = bounds[w + 1]!;
        const hash = words.hashes[n]!;
        const typed = words.typed[n]!;
        let possible = wordHashes.has(hash) || (hasExact && wordHashes.has(typed));
        for (let p = 0; !possible && p < prefixLengths.length; p++) {
          const length = prefixLengths[p]!;
          if (end - start < length) continue;
          const byLength = prefixHashes[length]!;
          possible = byLength.has(prefixHash(words, n, length, false)) || (exactToo && byLength.has(prefixHash(words, n, length, true)));
        }
        if (!possible) continue;
        candidates.length = 0;
        const lower = folded ? folded.slice(start, end) : text.slice(start, end).toLowerCase();
        const byWord = this.folded.get(lower);
        if (byWord) candidates.push(byWord);
        const token = hasExact || prefixes.length > 0 ? text.slice(start, end) : '';
        if (hasExact) {
          const exact = this.exact.get(token);
          if (exact) candidates.push(exact);
        }
        for (const { length, folded: byFolded, exact: byExact } of prefixes) {
          if (end - start < length) continue;
          const f = byFolded?.get(lower.slice(0, length));
          if (f) candidates.push(f);
          const e = byExact?.get(token.slice(0, length));
          if (e) candidates.push(e);
        }
        for (const entries of candidates) {
          for (const entry of entries) {
            if (!(entry.fields & bit) || this.skipped.has(entry.rule)) continue;
            const began = entry.sticky ? performance.now() : 0;
            const found = matchAt(text, folded, start, entry);
            if (entry.sticky) this.spent.set(entry.rule, (this.spent.get(entry.rule) ?? 0) + performance.now() - began);
            if (found >= 0) hits.push({ rule: entry.rule, start, end: found });
          }
        }
      }
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
        hits.push({ rule: scan.rule, start: m.index, end: m.index + m[0].length });
      }
      this.spent.set(scan.rule, (this.spent.get(scan.rule) ?? 0) + performance.now() - began);
    }
    return hits;
  }
}
