/**
 * Where words start and end in a text: letters, marks, digits and connector punctuation, the same
 * word characters compile.ts uses. Shared by the matcher's walk and the rules it compiles.
 */

/** Letters, marks, digits and connector punctuation: the same word characters compile.ts uses. */
export const WORD_RUN = /[\p{L}\p{M}\p{N}\p{Pc}]+/gu;
export const STARTS_WITH_WORD = /^[\p{L}\p{M}\p{N}\p{Pc}]/u;

const NON_ASCII_WORD_CHAR = /^[\p{L}\p{M}\p{N}\p{Pc}]$/u;

/**
 * The bounds of each run of word characters, as [start, end, start, end, …]. A hand-written scan
 * with no call per character: this runs cold at page load (before the JIT has optimised anything),
 * where a Unicode RegExp allocating a match per word, or a helper called per character, cost
 * several times more.
 */
export function wordBounds(text: string): number[] {
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

/** Whether a code point is a word character (as wordBounds decides). */
export function isWordPoint(point: number): boolean {
  if (point < 128) return (point >= 97 && point <= 122) || (point >= 65 && point <= 90) || (point >= 48 && point <= 57) || point === 95;
  return NON_ASCII_WORD_CHAR.test(String.fromCodePoint(point));
}

/** Whether a word run of `text` starts at `at` (given that a word character is there). */
export function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text.charCodeAt(at - 1);
  const point = before >= 0xdc00 && before <= 0xdfff && at >= 2 ? text.codePointAt(at - 2)! : before;
  return !isWordPoint(point);
}

/** Where the run of word characters from `at` ends. */
export function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length) {
    const point = text.codePointAt(end)!;
    if (!isWordPoint(point)) break;
    end += point > 0xffff ? 2 : 1;
  }
  return end;
}
