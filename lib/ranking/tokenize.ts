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

/**
 * Calls `visit` for each kept word in order, with its term, its span in `text`, and whether it
 * follows the previous kept word closely enough to make a bigram with it. No arrays: the page
 * scores a hundred abstracts in a couple of milliseconds with this.
 */
export function forEachWord(
  text: string,
  visit: (term: string, start: number, end: number, joinsPrevious: boolean) => void,
  options: TokenizeOptions = {},
): void {
  const stem = options.stem ?? true;
  const length = text.length;
  let joinable = false;
  let i = 0;
  while (i < length) {
    const kind = classify(text, i);
    if (kind === OTHER || kind === BREAK) {
      if (kind === BREAK) joinable = false;
      i += widthAt(text, i);
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
        if (!FORMAT_COMMANDS.has(name)) emit(name.toLowerCase(), i + 1, end, false);
        i = end;
      } else i++;
      continue;
    }
    if (kind === CJK) {
      let end = i;
      while (end < length && classify(text, end) === CJK) end += widthAt(text, end);
      emitCjkRun(i, end);
      i = end;
      continue;
    }
    // A word: track what it holds, so plain ASCII words skip normalising and the number test.
    let end = i;
    let upper = false;
    let wide = false;
    let letters = false;
    while (end < length) {
      const next = classify(text, end);
      if (!isWordClass(next)) break;
      if (next === UPPER) upper = true;
      else if (next === WIDE) wide = true;
      if (next !== DIGIT) letters = true;
      end += next === WIDE ? widthAt(text, end) : 1;
    }
    const raw = text.slice(i, end);
    if (wide) emit(raw.normalize('NFKC').toLowerCase(), i, end, true);
    else if (letters) emit(upper ? raw.toLowerCase() : raw, i, end, false);
    else joinable = false; // a number: dropped, and it breaks a phrase
    i = end;
  }

  /** Emits a word unless dropped; a dropped word other than a stop word breaks a bigram. */
  function emit(word: string, start: number, end: number, mayBeNumber: boolean): void {
    if (STOP_WORDS.has(word)) return;
    if (word.length < 2 || (mayBeNumber && PURE_NUMBER.test(word))) {
      joinable = false;
      return;
    }
    visit(stem ? stemWord(word) : word, start, end, joinable);
    joinable = true;
  }

  function emitCjkRun(start: number, end: number): void {
    const chars: number[] = [];
    for (let at = start; at < end; at += widthAt(text, at)) chars.push(at);
    chars.push(end);
    if (chars.length === 2) visit(text.slice(start, end).normalize('NFKC'), start, end, joinable);
    for (let k = 0; k + 2 < chars.length; k++) {
      visit(text.slice(chars[k], chars[k + 2]).normalize('NFKC'), chars[k]!, chars[k + 2]!, k === 0 && joinable);
    }
    joinable = false;
  }
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
