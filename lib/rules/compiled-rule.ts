/**
 * What one rule becomes for the matcher, whatever its place in the list: indexed by the word (or
 * word start) it begins with and compared with the text there, or run as a RegExp over the whole
 * text (regexes, patterns that start with punctuation), or refused.
 */
import { compileRule } from './compile';
import type { Rule } from '../model/rule';
import { leadingWord, requiredText } from './rule-shape';
import { STARTS_WITH_WORD, WORD_RUN } from './word-bounds';

const ONLY_WORD_CHARS = /^[\p{L}\p{M}\p{N}\p{Pc}]+$/u;
const PLAIN_WORD = /^[A-Za-z0-9_]+$/;

/** A word-led rule as a matcher holds it. */
export interface Entry {
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

/** What a rule compiles to, whatever its index and fields: where it is indexed and how it is tried. */
export type CompiledRule =
  | { place: 'invalid'; error: string }
  | { place: 'scanned'; all: RegExp; needle: string; caseSensitive: boolean }
  | ({ place: 'word' | 'prefix' } & Omit<Entry, 'rule' | 'fields'>);

export function compileForMatcher(rule: Pick<Rule, 'pattern' | 'kind' | 'caseSensitive'>): CompiledRule {
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
