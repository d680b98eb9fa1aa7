/**
 * BibTeX citation keys in the usual author-year-word shape (`dubey2024llama`): readable, plain
 * ASCII (some LaTeX setups choke on anything else), and the same for the same library whatever
 * order it is exported in, so a paper's key in a document keeps working after the next export.
 */
import type { LibraryPaper } from '../../model/library';
import { dateOfId } from './arxiv-id';

/** Words too common to tell titles apart. */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'or', 'with', 'at', 'by', 'from', 'into', 'is', 'are', 'as', 'via',
  'towards', 'toward',
]);

/** Letters that are not a Latin letter plus accents, so decomposing them leaves nothing ASCII. */
const LETTERS: Record<string, string> = {
  ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D',
  þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'Ng',
};

/** Drops accents and maps special Latin letters; what has no ASCII form (王) is dropped. */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, (c) => LETTERS[c] ?? '');
}

const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

/** "Abhimanyu Dubey" → "dubey"; "Dubey, Abhimanyu" → "dubey"; "" when nothing ASCII is left. */
export function familyName(author: string): string {
  const comma = author.indexOf(',');
  const family = comma >= 0 ? author.slice(0, comma) : lastWord(author);
  return foldToAscii(family).toLowerCase().replace(/[^a-z0-9]/g, '');
}

function lastWord(name: string): string {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1]!.toLowerCase())) words.pop();
  return words[words.length - 1] ?? '';
}

function firstSignificantWord(title: string): string {
  const words = foldToAscii(title).toLowerCase().split(/[^a-z0-9]+/);
  return words.find((word) => word !== '' && !STOP_WORDS.has(word)) ?? '';
}

/** The year the key cites: the publication date's, else the one the arXiv id encodes. */
export function citedYear(paper: Pick<LibraryPaper, 'id' | 'publishedAt'>): string {
  return /^(\d{4})/.exec(paper.publishedAt ?? '')?.[1] ?? dateOfId(paper.id).year;
}

type KeyedPaper = Pick<LibraryPaper, 'id' | 'title' | 'authors' | 'publishedAt'>;

function baseKey(paper: KeyedPaper): string {
  const author = familyName(paper.authors[0] ?? '') || 'anon';
  return `${author}${citedYear(paper)}${firstSignificantWord(paper.title)}`;
}

/** a, b, …, z, aa, ab, …: as many as a key could ever need. */
function suffix(n: number): string {
  let out = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) out = String.fromCharCode(97 + ((i - 1) % 26)) + out;
  return out;
}

/**
 * A unique key per paper id. Papers are keyed in id order, so the input's order does not matter;
 * the earliest id keeps the plain key and later ones get `a`, `b`, … (skipping any key that another
 * paper has as its plain key), so adding a newer paper never renames the older ones.
 */
export function citationKeys(papers: readonly KeyedPaper[]): Map<string, string> {
  const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bases = sorted.map(baseKey);
  const taken = new Set(bases);
  const claimed = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const keys = new Map<string, string>();
  sorted.forEach((paper, i) => {
    if (keys.has(paper.id)) return;
    const base = bases[i]!;
    if (!claimed.has(base)) {
      claimed.add(base);
      keys.set(paper.id, base);
      return;
    }
    let n = nextSuffix.get(base) ?? 0;
    let key = base + suffix(n);
    while (taken.has(key)) key = base + suffix(++n);
    nextSuffix.set(base, n + 1);
    taken.add(key);
    keys.set(paper.id, key);
  });
  return keys;
}
