/**
 * The reading list's search box language: words (all must match), "quoted phrases", field prefixes
 * (`tag:rl`, `author:smith`, `state:done`, `title:`, `abstract:`, `note:`, `id:`, with quoted values
 * too) and negation with a leading `-`. Whatever is typed parses: the box filters as the user types,
 * so half-typed input is a normal state, not an error; what looks off comes back as a problem the
 * UI may show beside the box.
 */
import type { PaperState } from '../model/library';

/** `any` is a free word or phrase: it may match in any text of the paper. */
export type TextField = 'any' | 'title' | 'author' | 'abstract' | 'note' | 'id' | 'tag';

interface TermBase {
  /** A leading `-`: the paper must not match. */
  negated: boolean;
  /** The value was quoted, so it is one piece of text even if it has spaces. */
  phrase: boolean;
}

/** Values are as typed, with quotes removed and whitespace collapsed; matching folds case and accents. */
export type QueryTerm = (TermBase & { field: TextField; value: string }) | (TermBase & { field: 'state'; value: PaperState });

export type QueryProblemCode = 'unknown-state' | 'empty-value' | 'unterminated-quote';

export interface QueryProblem {
  code: QueryProblemCode;
  message: string;
  /** Where in the input (UTF-16 offsets, end exclusive), to point at it. */
  start: number;
  end: number;
}

export interface Query {
  terms: QueryTerm[];
  problems: QueryProblem[];
}

// A Map, not an object literal, so `constructor:` or `__proto__:` stay plain text.
const FIELDS = new Map<string, Exclude<QueryTerm['field'], 'any'>>([
  ['title', 'title'],
  ['author', 'author'],
  ['authors', 'author'],
  ['abstract', 'abstract'],
  ['note', 'note'],
  ['notes', 'note'],
  ['tag', 'tag'],
  ['tags', 'tag'],
  ['id', 'id'],
  ['state', 'state'],
]);

// Spelled without separators, so `to-read`, `toread`, `to_read` and `"to read"` are one state.
const STATES = new Map<string, PaperState>([
  ['toread', 'to-read'],
  ['reading', 'reading'],
  ['done', 'done'],
]);

// Smart quotes too: macOS and phone keyboards replace " as it is typed.
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const SPACE = /\s/;
const PREFIX = /([a-z]+):/iy;

interface Word {
  value: string;
  quoted: boolean;
  /** Offset of an opening quote that never closed. */
  openQuote: number | null;
  end: number;
}

/** A run of non-space text in which quoted stretches may hold spaces (as in a shell: `a"b c"d` is `ab cd`). */
function readWord(text: string, from: number): Word {
  let value = '';
  let quoted = false;
  let openQuote: number | null = null;
  let i = from;
  for (; i < text.length; i++) {
    const char = text.charAt(i);
    if (QUOTES.has(char)) {
      quoted = true;
      openQuote = openQuote === null ? i : null;
    } else if (openQuote === null && SPACE.test(char)) {
      break;
    } else {
      value += char;
    }
  }
  return { value: value.replace(/\s+/g, ' ').trim(), quoted, openQuote, end: i };
}

const stateExamples = (prefix: string) => `${prefix}to-read, ${prefix}reading or ${prefix}done`;

export function parseQuery(text: string): Query {
  const terms: QueryTerm[] = [];
  const problems: QueryProblem[] = [];
  let i = 0;
  while (i < text.length) {
    if (SPACE.test(text.charAt(i))) {
      i++;
      continue;
    }
    const start = i;
    const negated = text.charAt(i) === '-';
    if (negated) i++;
    let field: QueryTerm['field'] = 'any';
    let prefix = '';
    PREFIX.lastIndex = i;
    const match = PREFIX.exec(text);
    const known = match?.[1] === undefined ? undefined : FIELDS.get(match[1].toLowerCase());
    if (match && known) {
      field = known;
      prefix = match[0];
      i += prefix.length;
    }
    const word = readWord(text, i);
    i = word.end;
    if (word.openQuote !== null) {
      problems.push({
        code: 'unterminated-quote',
        message: 'The quote is not closed, so it runs to the end of the search.',
        start: word.openQuote,
        end: text.length,
      });
    }
    const phrase = word.quoted;
    if (field === 'any') {
      // A lone `-` is a negation still being typed; empty quotes ask for nothing.
      if (word.value !== '') terms.push({ field, value: word.value, negated, phrase });
    } else if (word.value === '') {
      const examples = field === 'state' ? stateExamples(prefix) : `${prefix}word or ${prefix}"two words"`;
      problems.push({
        code: 'empty-value',
        message: `Type what to look for right after “${prefix}”, as in ${examples}.`,
        start,
        end: i,
      });
    } else if (field === 'state') {
      const state = STATES.get(word.value.toLowerCase().replace(/[\s_-]/g, ''));
      if (state) {
        terms.push({ field, value: state, negated, phrase });
      } else {
        problems.push({
          code: 'unknown-state',
          message: `“${word.value}” is not a reading state: use ${stateExamples(prefix)}.`,
          start,
          end: i,
        });
      }
    } else {
      terms.push({ field, value: word.value, negated, phrase });
    }
  }
  return { terms, problems };
}
