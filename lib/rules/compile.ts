/**
 * Turns a rule into a RegExp. Word, phrase and prefix rules are escaped text with Unicode-aware
 * word boundaries (`\b` only knows ASCII: a rule "RL" must match "RL" and not "URL", and "modèle"
 * must be one word). Regex rules are the user's own, checked by the engine and refused when they
 * could backtrack catastrophically, since one such match can freeze the page.
 */
import type { Rule } from '../model/rule';
import { errorMessage } from '../text/error-message';

export type Compiled = { ok: true; regex: RegExp } | { ok: false; error: string };

/** Letters, marks, digits and connector punctuation make words, in every script. */
const WORD = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]';
const BEFORE = `(?<!${WORD})`;
const AFTER = `(?!${WORD})`;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether a pattern repeats a group that itself contains a quantifier or an alternation
 * (`(a+)+`, `(\w*)*`, `(a|aa)+`, `(.*a){20}`): the shapes that make a backtracking engine take
 * exponential or high-polynomial time. Conservative: it may refuse a safe pattern, never pass a
 * dangerous one of these shapes.
 */
export function mayBacktrackCatastrophically(source: string): boolean {
  // Per open group: whether something inside is quantified or alternated.
  const stack: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      // The escaped atom (\w, \d, \.) may be quantified like any other.
      if (isQuantifier(source, i + 1) && stack.length > 0) stack[stack.length - 1] = true;
      continue;
    }
    if (ch === '[') {
      // Skip a character class: its contents are not quantifiers.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      if (isQuantifier(source, i + 1) && stack.length > 0) stack[stack.length - 1] = true;
      continue;
    }
    if (ch === '(') {
      stack.push(false);
      continue;
    }
    if (ch === ')') {
      const risky = stack.pop() ?? false;
      if (risky && isQuantifier(source, i + 1) && repeats(source, i + 1)) return true;
      if ((risky || isQuantifier(source, i + 1)) && stack.length > 0) stack[stack.length - 1] = true;
      continue;
    }
    if (ch === '|' && stack.length > 0) stack[stack.length - 1] = true;
    if (isQuantifier(source, i + 1) && ch !== ')' && stack.length > 0) stack[stack.length - 1] = true;
  }
  return false;
}

function isQuantifier(source: string, at: number): boolean {
  const ch = source[at];
  return ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(at)));
}

/** Every quantifier but `?` (and `{0,1}`, `{1}`) repeats: `(.*a){20}` is as slow as `(.*a)+`. */
function repeats(source: string, at: number): boolean {
  if (source[at] === '?') return false;
  return !/^\{(0,)?1\}/.test(source.slice(at));
}

export function compileRule(rule: Pick<Rule, 'pattern' | 'kind' | 'caseSensitive'>): Compiled {
  const flags = rule.caseSensitive ? 'gu' : 'giu';
  const words = rule.pattern.trim().split(/\s+/).filter(Boolean).map(escape);
  let source: string;
  switch (rule.kind) {
    case 'word':
    case 'phrase':
      source = `${BEFORE}${words.join('\\s+')}${AFTER}`;
      break;
    case 'prefix':
      // The whole word a prefix starts is the match ("diffus" paints all of "diffusion").
      source = `${BEFORE}${words.join('\\s+')}${WORD}*`;
      break;
    case 'regex':
      source = rule.pattern;
      if (mayBacktrackCatastrophically(source)) {
        return { ok: false, error: 'This pattern nests repetition (like (a+)+) and could freeze the page; rewrite it without the nesting.' };
      }
      break;
  }
  try {
    const regex = new RegExp(source, flags);
    if (regex.test('')) return { ok: false, error: 'This pattern matches empty text, so it would match everywhere.' };
    return { ok: true, regex };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}
