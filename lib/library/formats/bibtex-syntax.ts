/**
 * Reading a .bib file into entries whose field values are still LaTeX. Follows BibTeX's own rules:
 * text outside `@…` entries is a comment; values are `{…}` (braces counted, escaped or not), `"…"`
 * (ends at a quote outside braces), numbers or `@string` macros, joined with `#`; `@comment` and
 * `@preamble` are skipped. A syntax error names the entry and its line.
 */

export interface BibEntry {
  /** 1-based position among the file's entries (macros, comments and preambles not counted). */
  index: number;
  type: string;
  key: string;
  line: number;
  /** Field names in lower case (BibTeX ignores case); the first of repeated fields wins, as in BibTeX. */
  fields: Map<string, string>;
}

export type BibReadResult = { ok: true; entries: BibEntry[] } | { ok: false; error: string };

/** BibTeX's predefined month macros. */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const NAME = /[^\s"#%'(),={}]+/y;
const SPACE = /\s*/y;
const BRACE = /[{}]/g;

class BibSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

class BibReader {
  private pos = 0;
  private readonly macros = new Map(MONTHS.map((month, i) => [month, MONTH_NAMES[i]!]));

  constructor(private readonly text: string) {}

  read(): BibEntry[] {
    const entries: BibEntry[] = [];
    const text = this.text;
    for (;;) {
      const at = text.indexOf('@', this.pos);
      if (at < 0) return entries;
      this.pos = at + 1;
      this.skipSpace();
      const type = this.name();
      this.skipSpace();
      const open = text[this.pos];
      // An `@` in comment text (an e-mail address, say) starts nothing.
      if (!type || (open !== '{' && open !== '(')) continue;
      const close = open === '{' ? '}' : ')';
      this.pos++;
      const kind = type.toLowerCase();
      if (kind === 'comment' || kind === 'preamble') this.skipGroup(open, close, at);
      else if (kind === 'string') this.macro(close);
      else entries.push(this.entry(type, close, entries.length + 1, at));
    }
  }

  private entry(type: string, close: string, index: number, start: number): BibEntry {
    const text = this.text;
    const keyEnd = this.indexOfAny([',', close], this.pos);
    if (keyEnd < 0) throw new BibSyntaxError(`entry ${index} never ends`, start);
    const key = text.slice(this.pos, keyEnd).trim();
    const entry: BibEntry = { index, type: type.toLowerCase(), key, line: this.lineOf(start), fields: new Map() };
    this.pos = keyEnd;
    const where = () => `entry ${index}${key ? ` ("${key}")` : ''}`;
    for (;;) {
      this.skipSpace();
      const c = text[this.pos];
      if (c === undefined) throw new BibSyntaxError(`${where()} never ends (is the file cut short?)`, start);
      if (c === close) {
        this.pos++;
        return entry;
      }
      if (c !== ',') throw new BibSyntaxError(`${where()}: expected "," or "${close}" after a field, found "${c}"`, this.pos);
      this.pos++;
      this.skipSpace();
      if (text[this.pos] === close) continue;
      const field = this.name();
      if (!field) throw new BibSyntaxError(`${where()}: expected a field name, found "${text[this.pos] ?? 'the end'}"`, this.pos);
      this.skipSpace();
      if (text[this.pos] !== '=') throw new BibSyntaxError(`${where()}: expected "=" after ${field}`, this.pos);
      this.pos++;
      const value = this.value(where);
      const name = field.toLowerCase();
      if (!entry.fields.has(name)) entry.fields.set(name, value);
    }
  }

  private macro(close: string): void {
    this.skipSpace();
    const name = this.name();
    this.skipSpace();
    if (!name || this.text[this.pos] !== '=') throw new BibSyntaxError('@string without "name = value"', this.pos);
    this.pos++;
    const value = this.value(() => `@string ${name}`);
    this.skipSpace();
    if (this.text[this.pos] !== close) throw new BibSyntaxError(`@string ${name}: expected "${close}"`, this.pos);
    this.pos++;
    this.macros.set(name.toLowerCase(), value);
  }

  /** One value: pieces joined with `#`. */
  private value(where: () => string): string {
    const text = this.text;
    let value = '';
    for (;;) {
      this.skipSpace();
      const c = text[this.pos];
      if (c === '{') {
        const end = this.closingBrace(this.pos, where);
        value += text.slice(this.pos + 1, end);
        this.pos = end + 1;
      } else if (c === '"') {
        const end = this.closingQuote(this.pos, where);
        value += text.slice(this.pos + 1, end);
        this.pos = end + 1;
      } else {
        const name = this.name();
        if (!name) throw new BibSyntaxError(`${where()}: expected a value, found "${c ?? 'the end'}"`, this.pos);
        // Undefined macros are empty, as BibTeX makes them (with a warning).
        value += /^\d+$/.test(name) ? name : (this.macros.get(name.toLowerCase()) ?? '');
      }
      this.skipSpace();
      if (text[this.pos] !== '#') return value;
      this.pos++;
    }
  }

  private closingBrace(open: number, where: () => string): number {
    let depth = 0;
    // Jumping from brace to brace: values such as abstracts are long and have few.
    BRACE.lastIndex = open;
    for (let match = BRACE.exec(this.text); match; match = BRACE.exec(this.text)) {
      if (match[0] === '{') depth++;
      else if (--depth === 0) return match.index;
    }
    throw new BibSyntaxError(`${where()}: a "{" is never closed (is the file cut short?)`, open);
  }

  private closingQuote(open: number, where: () => string): number {
    const text = this.text;
    let depth = 0;
    for (let i = open + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 123) depth++;
      else if (c === 125) {
        if (--depth < 0) throw new BibSyntaxError(`${where()}: a "}" without its "{" in a quoted value`, i);
      } else if (c === 34 && depth === 0) return i;
    }
    throw new BibSyntaxError(`${where()}: a quoted value never ends (is the file cut short?)`, open);
  }

  /** Skips `@comment{…}` / `@preamble(…)`, whose contents may hold anything but unbalanced braces. */
  private skipGroup(open: string, close: string, start: number): void {
    const text = this.text;
    let depth = 1;
    for (let i = this.pos; i < text.length; i++) {
      if (text[i] === open) depth++;
      else if (text[i] === close && --depth === 0) {
        this.pos = i + 1;
        return;
      }
    }
    throw new BibSyntaxError('an @comment or @preamble never ends', start);
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.text);
    if (!match) return '';
    this.pos = NAME.lastIndex;
    return match[0];
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  private indexOfAny(chars: string[], from: number): number {
    for (let i = from; i < this.text.length; i++) if (chars.includes(this.text[i]!)) return i;
    return -1;
  }

  private lineStart = 0;
  private lineNumber = 1;

  /** Entries come in file order, so counting on from the last answer keeps the file linear. */
  lineOf(pos: number): number {
    if (pos < this.lineStart) {
      this.lineStart = 0;
      this.lineNumber = 1;
    }
    const text = this.text;
    for (let i = text.indexOf('\n', this.lineStart); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
      this.lineNumber++;
      this.lineStart = i + 1;
    }
    return this.lineNumber;
  }
}

export function readBibtex(text: string): BibReadResult {
  const reader = new BibReader(text);
  try {
    return { ok: true, entries: reader.read() };
  } catch (error) {
    if (!(error instanceof BibSyntaxError)) throw error;
    return { ok: false, error: `BibTeX syntax, line ${reader.lineOf(error.pos)}: ${error.message}` };
  }
}
