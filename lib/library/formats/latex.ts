/**
 * Plain text ↔ the LaTeX that BibTeX field values are. Writing escapes every character LaTeX treats
 * specially and keeps other Unicode as UTF-8 (biber, BibTeX 0.99d with UTF-8 input, and every
 * reference manager read it). Reading understands what bibliography tools actually write: accents
 * (`{\"o}`, `\'{e}`, `\c c`), special letters (`{\L}`, `\ss`), escaped specials and text-style
 * commands, and drops the grouping braces.
 */

const SPECIAL = /[\\{}$&#_%^~]/;
const SPECIALS = new RegExp(SPECIAL.source, 'g');

/**
 * BibTeX finds the end of a value by counting braces, escaped or not, so `\{` and `\}` are only
 * safe in pairs; a lone brace is written as a command with no brace of its own to count.
 */
function pairedBraces(text: string): Set<number> {
  const paired = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}' && open.length > 0) {
      paired.add(open.pop()!);
      paired.add(i);
    }
  }
  return paired;
}

export function escapeLatex(text: string): string {
  if (!SPECIAL.test(text)) return text;
  const paired = text.includes('{') || text.includes('}') ? pairedBraces(text) : new Set<number>();
  return text.replace(SPECIALS, (c: string, at: number) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '{':
        return paired.has(at) ? '\\{' : '\\textbraceleft{}';
      case '}':
        return paired.has(at) ? '\\}' : '\\textbraceright{}';
      // `\^` and `\~` are accents on what follows, and `~` alone is a space: the text commands are not.
      case '^':
        return '\\textasciicircum{}';
      case '~':
        return '\\textasciitilde{}';
      default:
        return `\\${c}`;
    }
  });
}

const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};

const WORDS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  l: 'ł',
  L: 'Ł',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  textbackslash: '\\',
  textbraceleft: '{',
  textbraceright: '}',
  textasciitilde: '~',
  textasciicircum: '^',
  textunderscore: '_',
  textdollar: '$',
  textpercent: '%',
  textampersand: '&',
  textendash: '–',
  textemdash: '—',
  textellipsis: '…',
  ldots: '…',
  dots: '…',
  textquotedbl: '"',
  S: '§',
  P: '¶',
  copyright: '©',
  textregistered: '®',
  texttrademark: '™',
  pounds: '£',
  euro: '€',
  textdegree: '°',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
};

/** Commands that only style their argument: the argument stays, the command goes. */
const STYLES = new Set([
  'emph', 'textit', 'textbf', 'textsc', 'texttt', 'textrm', 'textsf', 'textsl', 'textup', 'textnormal',
  'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'text', 'mbox', 'url', 'ensuremath', 'NoCaseChange', 'nocase',
]);

/** Escaped single characters, and the spacing commands that stand for a space. */
const SYMBOLS: Record<string, string> = {
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', '@': '', '-': '', '/': '',
  ' ': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', '\\': '\n',
};

const DOTLESS: Record<string, string> = { ı: 'i', ȷ: 'j' };

/** `\\ { } $ ~`: the characters reading has to look at. */
function isSpecial(code: number): boolean {
  return code === 92 || code === 123 || code === 125 || code === 36 || code === 126;
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

class LatexReader {
  private pos = 0;

  constructor(private readonly tex: string) {}

  read(until = this.tex.length): string {
    const tex = this.tex;
    let out = '';
    while (this.pos < until) {
      // Plain runs are copied whole: abstracts are long and mostly plain.
      let stop = this.pos;
      while (stop < until && !isSpecial(tex.charCodeAt(stop))) stop++;
      if (stop > this.pos) out += tex.slice(this.pos, stop);
      this.pos = stop;
      if (stop === until) break;
      const c = tex[stop]!;
      if (c === '\\') out += this.command();
      else {
        this.pos++;
        // Braces group and protect case, `$` delimits math, `~` is an unbreakable space.
        if (c === '~') out += ' ';
      }
    }
    return out;
  }

  private command(): string {
    const tex = this.tex;
    this.pos++; // the backslash
    const next = tex[this.pos];
    if (next === undefined) return '\\';
    if (!isLetter(next)) {
      this.pos++;
      if (next in ACCENTS) return this.accent(ACCENTS[next]!, next);
      return SYMBOLS[next] ?? next;
    }
    const start = this.pos;
    while (isLetter(tex[this.pos])) this.pos++;
    const name = tex.slice(start, this.pos);
    const known = name in ACCENTS || name in WORDS || STYLES.has(name);
    if (!known) return `\\${name}`;
    // TeX swallows the spaces after a control word (`\ss e` is "ße").
    while (tex[this.pos] === ' ' || tex[this.pos] === '\t' || tex[this.pos] === '\n') this.pos++;
    if (name in ACCENTS) return this.accent(ACCENTS[name]!, '');
    if (name in WORDS) return WORDS[name]!;
    return '';
  }

  /** The accent's argument (`{o}`, `{\i}`, `o`) with the combining mark after its first letter. */
  private accent(mark: string, bare: string): string {
    const tex = this.tex;
    let base: string;
    if (tex[this.pos] === '{') {
      const end = matchingBrace(tex, this.pos);
      this.pos++;
      base = this.read(end);
      this.pos = Math.min(end + 1, tex.length);
    } else if (tex[this.pos] === '\\') {
      base = this.command();
    } else {
      base = tex[this.pos] ?? '';
      this.pos += base.length;
    }
    // `\~{}` and `\^{}` are how a tilde or caret is written.
    if (base === '') return bare;
    const first = String.fromCodePoint(base.codePointAt(0)!);
    // Composed here, where the command made the pair: the rest of the text keeps the form it has.
    return ((DOTLESS[first] ?? first) + mark).normalize('NFC') + base.slice(first.length);
  }
}

/** The index of the brace closing the one at `open` (the end of the text when it is never closed). */
function matchingBrace(tex: string, open: number): number {
  let depth = 0;
  for (let i = open; i < tex.length; i++) {
    if (tex[i] === '{') depth++;
    else if (tex[i] === '}' && --depth === 0) return i;
  }
  return tex.length;
}

/**
 * The text a LaTeX value stands for; whitespace is left as it was (callers decide), and so is the
 * text's Unicode form (a name written with a compatibility character stays so: it is how it was
 * exported).
 */
export function latexToText(tex: string): string {
  if (!/[\\{}$~]/.test(tex)) return tex;
  return new LatexReader(tex).read();
}
