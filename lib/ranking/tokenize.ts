/**
 * Words of a paper's title and abstract as the "For you" model reads them (issue #17), with where
 * each one sits in the original text, so the page can light up the words behind a score.
 *
 * - A word is a run of letters, digits and marks of any script, case folded and NFKC-normalised
 *   (full-width letters, ligatures and math italics read as plain letters). Offsets are into the
 *   text as given, before normalising, so `text.slice(start, end)` is what the reader sees.
 * - Han, kana and Hangul have no spaces between words: a run of them gives its overlapping pairs of
 *   characters (深度学习 → 深度, 度学, 学习), the usual stand-in for a word segmenter.
 * - LaTeX: `\textbf{x}`, `\emph{x}`, `\mathcal{O}`… give the words inside; any other command gives
 *   its name (`\alpha` → alpha); `$ ^ _ { }` are no words.
 * - A hyphenated compound gives its parts (`vision-language` → vision, language), and the bigram
 *   "vision language" joins them: the same terms whether an abstract writes the hyphen or a space,
 *   and "language" alone still matches. No third, glued form: it would only duplicate the bigram.
 * - English stop words, one-letter words and pure numbers are dropped. Stop words do not break a
 *   bigram (`text-to-image` → "text image"); sentence punctuation and dropped numbers do.
 * - A light plural stemmer (models → model, studies → study) is on: the evaluation
 *   (docs/ranking.md) found it helps a little and it costs nothing here.
 * - Bigrams: two kept words in a row, joined by one space; their span runs from the first word's
 *   start to the second's end.
 *
 * `WordScan` is the fast path both sides count with: it hashes each word while scanning (no
 * string per word); `tokenize`, `findTerms` and `forEachWord` give strings and spans on top of it.
 *
 * The page bundle imports this file: no dependencies, a compact stop word list.
 */

export interface Token {
  term: string;
  start: number;
  end: number;
}

export interface TokenizeOptions {
  /** Plural stemming (default on). */
  stem?: boolean;
}

// Common English function words plus the glue words of abstracts; kept short on purpose (idf and the
// max document frequency take care of the rest, such as "model" or "propose").
const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either etc few for from further had has have having he her here hers him his ' +
    'how however i if in into is it its itself just may me might more most much must my no nor not now of off on once only or ' +
    'other our ours out over own per same she should so some such than that the their theirs them then there these they this ' +
    'those through thus to too under until up upon us using very via was we were what when where whether which while who whom ' +
    'why will with within without would yet you your yours'
  ).split(' '),
);

/** Commands that only format their argument: their name is no word, the words inside are. */
const FORMAT_COMMANDS = new Set(
  (
    'textbf textit texttt textsc textrm textsf emph underline text mathcal mathbf mathrm mathit mathbb mathsf mathtt mathfrak ' +
    'mathscr boldsymbol bm operatorname mbox hbox left right big bigg cite ref url href'
  ).split(' '),
);

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const PURE_NUMBER = /^\p{N}+$/u;

// Character classes; ASCII from a table (abstracts are almost all ASCII), the rest from regexes.
const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const WIDE = 4; // a letter, digit or mark beyond ASCII
const CJK = 5;
const BREAK = 6; // punctuation that ends a phrase: no bigram across it
const BACKSLASH = 7;
const ASCII_CLASS = new Uint8Array(128);
for (let code = 97; code <= 122; code++) ASCII_CLASS[code] = LOWER;
for (let code = 65; code <= 90; code++) ASCII_CLASS[code] = UPPER;
for (let code = 48; code <= 57; code++) ASCII_CLASS[code] = DIGIT;
for (const char of '.,;:!?()[]"|') ASCII_CLASS[char.charCodeAt(0)] = BREAK;
ASCII_CLASS[92] = BACKSLASH;

function classify(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128) return ASCII_CLASS[code]!;
  if (code === 0x201c || code === 0x201d) return BREAK; // curly quotes
  const char = String.fromCodePoint(text.codePointAt(at)!);
  if (CJK_CHAR.test(char)) return CJK;
  return WORD_CHAR.test(char) ? WIDE : OTHER;
}

const isWordClass = (kind: number): boolean => kind >= LOWER && kind <= WIDE;
const widthAt = (text: string, at: number): number => (text.codePointAt(at)! > 0xffff ? 2 : 1);

/** The light "S-stemmer" (Harman 1991) on plain lower-case words: plurals only, nothing clever. */
export function stemWord(word: string): string {
  const length = word.length;
  if (length <= 3 || word.charCodeAt(length - 1) !== 115 /* s */) return word;
  const before = word.charCodeAt(length - 2);
  if (before === 115 /* ss */ || before === 117 /* us */ || before === 105 /* is */) return word;
  if (before === 101 /* e */ && word.charCodeAt(length - 3) === 105 /* ies */) {
    const third = word.charCodeAt(length - 4);
    return third === 101 || third === 97 ? word : word.slice(0, -3) + 'y'; // not "series"-like eies/aies
  }
  return word.slice(0, -1);
}


// ---------------------------------------------------------------------------------------------
// Term identity without strings. Counting a paper's terms (trainer and page alike) needs to know
// which words are the same, not what they say: each term is known by two 32-bit hashes of its
// code units, computed while the text is scanned (lower-cased on the fly, the stemmer's cut taken
// from the same characters). 64 bits: two of the ~10⁵ distinct terms of a library share both with
// a chance of about 10⁻⁹ (a hash pair per word is what both sides compare, so they agree anyway).
// Strings are built only where needed: a word the trainer meets for the first time, a reason shown.

const H1_SEED = 0x811c9dc5 | 0;
const H1_PRIME = 0x01000193; // FNV-1a
const H2_SEED = 0x2f6b7c31;
const H2_PRIME = 0x5bd1e995; // a polynomial hash (multiply, add): a different recurrence from FNV's

/** The first hash of `term` (FNV-1a over its UTF-16 code units). */
export function termHash1(term: string): number {
  let h = H1_SEED;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), H1_PRIME);
  return h;
}

/** The second hash of `term`. */
export function termHash2(term: string): number {
  let h = H2_SEED;
  for (let i = 0; i < term.length; i++) h = (Math.imul(h, H2_PRIME) + term.charCodeAt(i)) | 0;
  return h;
}

/** The hashes of the bigram "first second" from its words' hashes (no string joined). Each is a
 * one-to-one function of the second word's hash for a given first word, so two bigrams share both
 * only where their words' hashes line up by chance, as likely as for two words. */
export const pairHash1 = (first1: number, second1: number): number => (Math.imul(first1 ^ 0x20, 0x9e3779b1) + second1) | 0;
export const pairHash2 = (first2: number, second2: number): number => (Math.imul(first2 ^ 0x7f4a7c15, 0x27d4eb2f) ^ second2) | 0;

/** A term's two hashes as the scanner gives them: a bigram's ("a b") from its words'. */
export function hashesOf(term: string): [number, number] {
  const space = term.indexOf(' ');
  if (space < 0) return [termHash1(term), termHash2(term)];
  const first = term.slice(0, space);
  const second = term.slice(space + 1);
  return [pairHash1(termHash1(first), termHash1(second)), pairHash2(termHash2(first), termHash2(second))];
}

// Stop words by hash: an ASCII word is checked without being sliced out of the text.
const STOP_SLOTS = 4096; // sparse: a word that is no stop word nearly always meets an empty slot
const stopHash1 = new Int32Array(STOP_SLOTS);
const stopHash2 = new Int32Array(STOP_SLOTS);
const stopUsed = new Uint8Array(STOP_SLOTS);
let longestStopWord = 0;
for (const word of STOP_WORDS) {
  const h1 = termHash1(word);
  let slot = h1 & (STOP_SLOTS - 1);
  while (stopUsed[slot]) slot = (slot + 1) & (STOP_SLOTS - 1);
  stopUsed[slot] = 1;
  stopHash1[slot] = h1;
  stopHash2[slot] = termHash2(word);
  longestStopWord = Math.max(longestStopWord, word.length);
}

/**
 * The kept words of a text, scanned into typed arrays that are reused from text to text: each
 * word's two hashes, its span in the text, and whether it makes a bigram with the word before
 * (`joins`). The trainer and the page count terms from this without building a string per word;
 * `term(k)` gives the word itself when it is wanted (a new term, a reason, a highlight).
 *
 * One scanner serves one text at a time: `scan` overwrites what the last one found.
 */
export class WordScan {
  /** Words found by the last `scan`. */
  count = 0;
  hash1 = new Int32Array(256);
  hash2 = new Int32Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** 1 where the word follows the previous kept word closely enough to make a bigram with it. */
  joins = new Uint8Array(256);
  /** The terms built while scanning (non-ASCII words, LaTeX names, Han pairs); the others (plain
   * ASCII words) are rebuilt from their span by `term`. Only meaningful where `built[k]` is 1. */
  private built = new Uint8Array(256);
  private strings: string[] = [];
  private text = '';
  private joinable = false;
  readonly stem: boolean;

  constructor(options: TokenizeOptions = {}) {
    this.stem = options.stem ?? true;
  }

  /** The term of word `k` of the last scan (stemmed, lower case, as `tokenize` gives it). */
  term(k: number): string {
    if (this.built[k]) return this.strings[k]!;
    const word = this.text.slice(this.start[k], this.end[k]).toLowerCase();
    return this.stem ? stemWord(word) : word;
  }

  /** Scans `text`; returns how many words it kept. The plain ASCII word, nearly every word of an
   * abstract, is handled inline: this loop is most of the cost of reading a paper. */
  scan(text: string): number {
    this.text = text;
    this.count = 0;
    this.joinable = false;
    const length = text.length;
    const stem = this.stem;
    let i = 0;
    while (i < length) {
      const code = text.charCodeAt(i);
      const kind = code < 128 ? ASCII_CLASS[code]! : classify(text, i);
      if (kind === OTHER || kind === BREAK) {
        if (kind === BREAK) this.joinable = false;
        i += code < 0xd800 ? 1 : widthAt(text, i);
        continue;
      }
      if (kind === BACKSLASH) {
        let end = i + 1;
        while (end < length) {
          const next = ASCII_CLASS[text.charCodeAt(end)] ?? OTHER;
          if (next !== LOWER && next !== UPPER) break;
          end++;
        }
        if (end > i + 1) {
          const name = text.slice(i + 1, end);
          if (!FORMAT_COMMANDS.has(name)) this.keepString(name.toLowerCase(), i + 1, end, false);
          i = end;
        } else i++;
        continue;
      }
      if (kind === CJK) {
        let end = i;
        while (end < length && classify(text, end) === CJK) end += widthAt(text, end);
        this.keepCjkRun(i, end);
        i = end;
        continue;
      }
      // A word, hashed as it is read (lower-cased): plain ASCII words need no string at all.
      const start = i;
      let end = i;
      let wide = false;
      let letters = false;
      let h1 = H1_SEED;
      let h2 = H2_SEED;
      while (end < length) {
        const code = text.charCodeAt(end);
        // One unsigned comparison for a letter of either case (| 0x20 lower-cases ASCII letters and
        // maps nothing else into a–z): the hottest test of the whole scan.
        let c = code | 0x20;
        if ((c - 97) >>> 0 < 26) letters = true;
        else if ((code - 48) >>> 0 < 10) c = code;
        else if (code < 128) break;
        if (code < 128) {
          h1 = Math.imul(h1 ^ c, H1_PRIME);
          h2 = (Math.imul(h2, H2_PRIME) + c) | 0;
          end++;
        } else {
          const next = classify(text, end);
          if (!isWordClass(next)) break;
          wide = true;
          letters = true;
          end += widthAt(text, end);
        }
      }
      i = end;
      if (wide) {
        this.keepString(text.slice(start, end).normalize('NFKC').toLowerCase(), start, end, true);
        continue;
      }
      if (!letters) {
        this.joinable = false; // a number: dropped, and it breaks a phrase
        continue;
      }
      const size = end - start;
      if (size <= longestStopWord) {
        // A stop word is dropped and leaves a phrase joinable; a one-letter word breaks it.
        let slot = h1 & (STOP_SLOTS - 1);
        while (stopUsed[slot] && !(stopHash1[slot] === h1 && stopHash2[slot] === h2)) slot = (slot + 1) & (STOP_SLOTS - 1);
        if (stopUsed[slot]) continue;
        if (size < 2) {
          this.joinable = false;
          continue;
        }
      }
      // stemWord's rules on the lower-cased characters; a stemmed word is hashed again up to its cut.
      if (stem && size > 3 && (text.charCodeAt(end - 1) | 0x20) === 115 /* s */) {
        const before = text.charCodeAt(end - 2) | 0x20;
        let cut = -1;
        let y = false;
        if (before === 115 || before === 117 || before === 105) {
          // -ss, -us, -is: kept whole
        } else if (before === 101 && (text.charCodeAt(end - 3) | 0x20) === 105) {
          const third = text.charCodeAt(end - 4) | 0x20;
          if (third !== 101 && third !== 97) {
            cut = end - 3;
            y = true;
          }
        } else cut = end - 1;
        if (cut >= 0) {
          h1 = H1_SEED;
          h2 = H2_SEED;
          for (let at = start; at < cut; at++) {
            const c = text.charCodeAt(at) | 0x20; // letters and digits only: | 0x20 lower-cases, keeps digits
            h1 = Math.imul(h1 ^ c, H1_PRIME);
            h2 = (Math.imul(h2, H2_PRIME) + c) | 0;
          }
          if (y) {
            h1 = Math.imul(h1 ^ 121 /* y */, H1_PRIME);
            h2 = (Math.imul(h2, H2_PRIME) + 121) | 0;
          }
        }
      }
      this.push(h1, h2, start, end, null);
    }
    return this.count;
  }

  /** A word already made a string (normalised, lower case): kept unless dropped (emit, before). */
  private keepString(word: string, start: number, end: number, mayBeNumber: boolean): void {
    if (STOP_WORDS.has(word)) return;
    if (word.length < 2 || (mayBeNumber && PURE_NUMBER.test(word))) {
      this.joinable = false;
      return;
    }
    const term = this.stem ? stemWord(word) : word;
    this.push(termHash1(term), termHash2(term), start, end, term);
  }

  private keepCjkRun(start: number, end: number): void {
    const text = this.text;
    const chars: number[] = [];
    for (let at = start; at < end; at += widthAt(text, at)) chars.push(at);
    chars.push(end);
    const keep = (term: string, from: number, to: number) => this.push(termHash1(term), termHash2(term), from, to, term);
    if (chars.length === 2) keep(text.slice(start, end).normalize('NFKC'), start, end);
    for (let k = 0; k + 2 < chars.length; k++) {
      if (k > 0) this.joinable = false;
      keep(text.slice(chars[k], chars[k + 2]).normalize('NFKC'), chars[k]!, chars[k + 2]!);
    }
    this.joinable = false;
  }

  private push(h1: number, h2: number, start: number, end: number, term: string | null): void {
    const k = this.count;
    if (k === this.hash1.length) this.grow();
    this.hash1[k] = h1;
    this.hash2[k] = h2;
    this.start[k] = start;
    this.end[k] = end;
    this.joins[k] = this.joinable ? 1 : 0;
    if (term === null) this.built[k] = 0;
    else {
      this.built[k] = 1;
      this.strings[k] = term;
    }
    this.count = k + 1;
    this.joinable = true;
  }

  private grow(): void {
    const size = this.hash1.length * 2;
    const int32 = (from: Int32Array) => {
      const to = new Int32Array(size);
      to.set(from);
      return to;
    };
    const uint8 = (from: Uint8Array) => {
      const to = new Uint8Array(size);
      to.set(from);
      return to;
    };
    this.hash1 = int32(this.hash1);
    this.hash2 = int32(this.hash2);
    this.start = int32(this.start);
    this.end = int32(this.end);
    this.joins = uint8(this.joins);
    this.built = uint8(this.built);
  }
}

/**
 * Calls `visit` for each kept word in order, with its term, its span in `text`, and whether it
 * follows the previous kept word closely enough to make a bigram with it.
 */
export function forEachWord(
  text: string,
  visit: (term: string, start: number, end: number, joinsPrevious: boolean) => void,
  options: TokenizeOptions = {},
): void {
  const scan = new WordScan(options);
  const count = scan.scan(text);
  for (let k = 0; k < count; k++) visit(scan.term(k), scan.start[k]!, scan.end[k]!, scan.joins[k] === 1);
}

/** Words and bigrams of `text` in reading order (a bigram right after its second word). */
export function tokenize(text: string, options: TokenizeOptions & { bigrams?: boolean } = {}): Token[] {
  const bigrams = options.bigrams ?? true;
  const tokens: Token[] = [];
  let previous: Token | null = null;
  forEachWord(
    text,
    (term, start, end, joinsPrevious) => {
      const token = { term, start, end };
      tokens.push(token);
      if (bigrams && joinsPrevious && previous) tokens.push({ term: `${previous.term} ${term}`, start: previous.start, end });
      previous = token;
    },
    options,
  );
  return tokens;
}

/** Where the given terms (words or bigrams) occur in `text`: the spans the page highlights. */
export function findTerms(text: string, terms: ReadonlySet<string>): Token[] {
  return tokenize(text).filter((token) => terms.has(token.term));
}
