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
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
const SPACE = /\s/;

/** The end of `entry`'s match at `start` (a word's start), or -1. */
function matchAt(text: string, folded: string | null, start: number, entry: Entry): number {
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

  constructor(rules: readonly MatchableRule[]) {
    rules.forEach((rule, index) => this.add(rule, index));
  }

  private add(rule: MatchableRule, index: number): void {
    const fields = fieldMask(rule.fields);
    const pattern = rule.pattern.trim();
    if (rule.kind === 'regex' || !STARTS_WITH_WORD.test(pattern)) {
      const compiled = compileRule(rule);
      if (compiled.ok) this.scanned.push({ rule: index, fields, all: compiled.regex, regex: rule.kind === 'regex' });
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
      let byLength = this.prefixes.get(key.length);
      if (!byLength) this.prefixes.set(key.length, (byLength = { folded: new Map(), exact: new Map() }));
      push(rule.caseSensitive ? byLength.exact : byLength.folded, key, entry);
    } else {
      push(rule.caseSensitive ? this.exact : this.folded, key, entry);
    }
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
    // Case-folded once, for comparisons at any position; only when folding keeps every offset.
    let folded: string | null = null;
    const tryAt = (entries: Entry[] | undefined, start: number) => {
      if (!entries) return;
      for (const entry of entries) {
        if (!(entry.fields & bit) || this.skipped.has(entry.rule)) continue;
        const end = matchAt(text, folded, start, entry);
        if (end >= 0) hits.push({ rule: entry.rule, start, end });
      }
    };
    if (this.folded.size + this.exact.size + this.prefixes.size > 0) {
      const lowered = text.toLowerCase();
      folded = lowered.length === text.length ? lowered : null;
      WORD_RUN.lastIndex = 0;
      for (let word = WORD_RUN.exec(text); word !== null; word = WORD_RUN.exec(text)) {
        const token = word[0];
        const lower = token.toLowerCase();
        tryAt(this.folded.get(lower), word.index);
        tryAt(this.exact.get(token), word.index);
        for (const [length, byLength] of this.prefixes) {
          if (token.length < length) continue;
          tryAt(byLength.folded.get(lower.slice(0, length)), word.index);
          tryAt(byLength.exact.get(token.slice(0, length)), word.index);
        }
      }
    }
    for (const scan of this.scanned) {
      if (!(scan.fields & bit) || this.skipped.has(scan.rule)) continue;
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
