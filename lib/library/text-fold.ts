/** Text as search compares it (lib/library/search-index.ts folds every paper's text once). */

// Letters NFKD leaves whole, so "lukasz" would miss "Łukasz" without them.
const LETTERS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const OWN_LETTERS = /[ßæœøłđðþı]/g;
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_RUNS = /[\u0080-\uffff]+/g;
// Format characters (zero-width spaces, joiners) hide inside pasted text and break substrings.
const MARKS = /[\p{M}\p{Cf}]/gu;
const DASHES = /\p{Pd}/gu;
const APOSTROPHES = /[\u2018\u2019\u201b\u02bc]/g;
const SPACE = /\s/g;
const SPACES = /\s+/g;
// Whitespace that is not already single plain spaces, found with plain substring scans: a regular
// expression over 10,000 abstracts costs several times as much, and most text needs nothing done.
const ODD_SPACES = ['  ', '\n', '\t', '\r', '\f', '\v'];

// Runs repeat (the same few accented letters, in the same author names), and each costs seven
// Unicode-aware passes; remembering them halves the time to fold a library.
const foldedRuns = new Map<string, string>();

function foldRun(run: string): string {
  let folded = foldedRuns.get(run);
  if (folded === undefined) {
    if (foldedRuns.size >= 10_000) foldedRuns.clear();
    folded = unicodeFold(run);
    foldedRuns.set(run, folded);
  }
  return folded;
}

function unicodeFold(run: string): string {
  return (
    run
      .normalize('NFKD')
      .replace(MARKS, '')
      // Again: compatibility forms can decompose to capitals ("Ⅻ" → "XII").
      .toLowerCase()
      .replace(OWN_LETTERS, (letter) => LETTERS[letter] ?? letter)
      .replace(DASHES, '-')
      .replace(APOSTROPHES, "'")
      .replace(SPACE, ' ')
  );
}

/**
 * Text as search compares it: lower case, accents and compatibility forms gone ("Müller" → "muller",
 * "ﬁ" → "fi"), typographic dashes and apostrophes plain, whitespace collapsed.
 */
export function foldText(text: string): string {
  let folded = text.toLowerCase();
  // Paper text is mostly ASCII, so only the runs that are not go through the slow Unicode work;
  // decomposing and stripping marks never needs the ASCII letters around them.
  if (NON_ASCII.test(folded)) folded = folded.replace(NON_ASCII_RUNS, foldRun);
  if (ODD_SPACES.some((odd) => folded.includes(odd))) folded = folded.replace(SPACES, ' ');
  return folded.trim();
}
