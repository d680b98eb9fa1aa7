/**
 * What matching remembers across matchers, passes and rule changes, in one object: the words of
 * the texts matched so far (by vocabulary id), those texts case-folded, and the rules compiled.
 * A page's content script has one (`sharedMemory`); a rules change builds a new matcher on it, so
 * only the rules that changed are compiled again and no text is split twice. Each part is bounded.
 */
import type { Rule } from '../model/rule';
import { compileForMatcher, type CompiledRule } from './compiled-rule';
import { wordBounds } from './word-bounds';

/** Prefix rules (and regexes led by a word) are indexed by this many first characters at most. */
export const PREFIX_SPAN = 5;

/**
 * Every distinct word (as typed) of the texts split so far, by id. A text's words are kept as ids,
 * so a matcher decides once per distinct word which of its rules start there (a page's 25,000
 * words are a few thousand distinct ones), not once per occurrence.
 */
export interface VocabularyWord {
  typed: string;
  /** Case-folded: its length can differ from `typed`'s (İ). */
  lower: string;
  /** The first 1…PREFIX_SPAN characters of `lower` and `typed` (index = length), made when asked. */
  starts: string[] | null;
  typedStarts: string[] | null;
}

/** The first `length` characters of a word, case-folded or as typed (for prefix rules). */
export function startOf(word: VocabularyWord, length: number, asTyped: boolean): string {
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

/**
 * A text split into words, each as its vocabulary id. It depends on the text alone, not on the
 * rules: kept across passes and across rule changes (a new matcher reuses it).
 */
export interface Words {
  text: string;
  /** The case-folded text, when folding kept every offset (else null: words fold one by one). */
  folded: string | null;
  bounds: number[];
  ids: Int32Array;
  generation: number;
}

/** Distinct words kept before starting again (a page has a few thousand). */
const VOCABULARY_KEPT = 200_000;
/** The texts of the cards on a page (titles, abstracts, author lists): more than one page holds. */
const WORDS_KEPT = 5_000;
const COMPILED_KEPT = 20_000;

export class MatchMemory {
  private readonly vocabulary = new Map<string, number>();
  /** Every distinct word of the texts split so far, by id. */
  readonly vocabularyWords: VocabularyWord[] = [];
  /** Bumped when the vocabulary is dropped (it only grows otherwise): ids from before mean nothing. */
  generation = 0;
  private readonly words = new Map<string, Words>();
  /** Texts case-folded for searching, kept like their words (a rules change searches them again). */
  private readonly lowered = new Map<string, string>();
  /** Compiled rules by pattern (then kind and case): one rule edited among a thousand compiles
   * only that one, and the other RegExps stay the ones V8 has compiled. */
  private readonly compiled = new Map<string, { kind: Rule['kind']; caseSensitive: boolean; compiled: CompiledRule }[]>();

  private wordId(typed: string): number {
    let id = this.vocabulary.get(typed);
    if (id === undefined) {
      id = this.vocabularyWords.length;
      const lower = typed.toLowerCase();
      this.vocabulary.set(typed, id);
      this.vocabularyWords.push({ typed, lower, starts: null, typedStarts: null });
    }
    return id;
  }

  loweredOf(text: string): string {
    let lowered = this.lowered.get(text);
    if (lowered === undefined) {
      lowered = text.toLowerCase();
      if (this.lowered.size >= WORDS_KEPT) this.lowered.clear();
      this.lowered.set(text, lowered);
    }
    return lowered;
  }

  wordsOf(text: string): Words {
    const known = this.words.get(text);
    if (known && known.generation === this.generation) return known;
    if (this.words.size >= WORDS_KEPT || this.vocabularyWords.length >= VOCABULARY_KEPT) {
      this.words.clear();
      this.vocabulary.clear();
      this.vocabularyWords.length = 0;
      this.generation++;
    }
    const lowered = this.loweredOf(text);
    const bounds = wordBounds(text);
    const ids = new Int32Array(bounds.length / 2);
    for (let w = 0; w < ids.length; w++) ids[w] = this.wordId(text.slice(bounds[2 * w]!, bounds[2 * w + 1]!));
    const words: Words = { text, folded: lowered.length === text.length ? lowered : null, bounds, ids, generation: this.generation };
    this.words.set(text, words);
    return words;
  }

  compiledRule(rule: Pick<Rule, 'pattern' | 'kind' | 'caseSensitive'>): CompiledRule {
    let known = this.compiled.get(rule.pattern);
    if (known) {
      for (const { kind, caseSensitive, compiled } of known) if (kind === rule.kind && caseSensitive === rule.caseSensitive) return compiled;
    } else {
      if (this.compiled.size >= COMPILED_KEPT) this.compiled.clear();
      this.compiled.set(rule.pattern, (known = []));
    }
    const compiled = compileForMatcher(rule);
    known.push({ kind: rule.kind, caseSensitive: rule.caseSensitive, compiled });
    return compiled;
  }
}

/** The page's memory: one per content script world. */
export const sharedMemory = new MatchMemory();
