/**
 * BibTeX: the reading list as `@misc` entries in the form arXiv itself exports (eprint,
 * archivePrefix, primaryClass), with tags as `keywords` and the note as `note`; and .bib files from
 * other tools back into papers, as long as every entry names its arXiv id.
 */
import type { Tag } from '../../model/records';
import type { LibraryPaper } from '../../model/library';
import { arxivAbsUrl, arxivIdCitedIn, arxivIdFromDoi, arxivIdFromEprint, arxivIdFromUrl, dateOfId } from './arxiv-id';
import { readBibtex, type BibEntry } from './bibtex-syntax';
import { citationKeys } from './citation-key';
import { collectPapers } from './collect-papers';
import { refuse, type FoundPaper, type ParseResult } from './imported';
import { escapeLatex, latexToText } from './latex';
import { TagCollector, tagNamer } from './tag-names';

/** A paper to cite; `primaryClass` (arXiv's category, e.g. cs.CL) when it is known. */
export type BibtexPaper = LibraryPaper & { primaryClass?: string | null };

const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A name BibTeX would split (at " and "), reorder (at a comma) or read as "et al." (`others`) is
 * braced to stay one name. */
function bibtexName(name: string): string {
  const escaped = escapeLatex(name);
  return /,|(^|\s)and(\s|$)|^\s*others\s*$/i.test(name) ? `{${escaped}}` : escaped;
}

function entry(paper: BibtexPaper, key: string, nameOf: (key: string) => string): string {
  const date = /^(\d{4})(?:-(\d{2}))?/.exec(paper.publishedAt ?? '');
  const { year, month } = date ? { year: date[1]!, month: date[2] } : dateOfId(paper.id);
  const monthMacro = month ? MONTH_MACROS[Number(month) - 1] : undefined;
  const fields: [string, string][] = [['title', `{${escapeLatex(paper.title)}}`]];
  if (paper.authors.length > 0) fields.push(['author', `{${paper.authors.map(bibtexName).join(' and ')}}`]);
  fields.push(['year', `{${year}}`]);
  if (monthMacro) fields.push(['month', monthMacro]);
  // The date the paper has, to the day, as biblatex writes dates. A paper without one gets none:
  // its year and month above are the id's, for citing, and say nothing the id does not.
  const day = /^\d{4}(?:-\d{2}(?:-\d{2})?)?/.exec(paper.publishedAt ?? '')?.[0];
  if (day) fields.push(['date', `{${day}}`]);
  fields.push(['eprint', `{${paper.id}}`], ['archivePrefix', '{arXiv}']);
  if (paper.primaryClass) fields.push(['primaryClass', `{${escapeLatex(paper.primaryClass)}}`]);
  fields.push(['url', `{${arxivAbsUrl(paper.id)}}`]);
  if (paper.tags.length > 0) fields.push(['keywords', `{${paper.tags.map((tag) => escapeLatex(nameOf(tag))).join(', ')}}`]);
  if (paper.note.trim() !== '') fields.push(['note', `{${escapeLatex(paper.note)}}`]);
  if (paper.abstract) fields.push(['abstract', `{${escapeLatex(paper.abstract)}}`]);
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n}\n`;
}

/** One `@misc` per paper, in the order given; keys from citationKeys (stable, unique). */
export function exportBibtex(papers: readonly BibtexPaper[], tags: readonly Tag[]): string {
  const keys = citationKeys(papers);
  const nameOf = tagNamer(tags);
  return papers.map((paper) => entry(paper, keys.get(paper.id)!, nameOf)).join('\n');
}

/** Where tools put the arXiv id, most explicit first. */
function arxivIdOf(fields: Map<string, string>): string | null {
  const field = (name: string) => latexToText(fields.get(name) ?? '').trim();
  const archive = (field('archiveprefix') || field('eprinttype')).toLowerCase();
  if (fields.has('eprint') && (archive === '' || archive === 'arxiv')) {
    const id = arxivIdFromEprint(field('eprint'));
    if (id) return id;
  }
  const id = arxivIdFromDoi(field('doi')) ?? arxivIdFromUrl(field('url'));
  if (id) return id;
  for (const name of ['journal', 'journaltitle', 'howpublished']) {
    const cited = arxivIdCitedIn(field(name));
    if (cited) return cited;
  }
  return null;
}

/** Whitespace runs as one space; most values have none to fold, so they are only trimmed. */
const collapse = (text: string) => (/\s\s|[\t\n\r\f\v\u00a0]/.test(text) ? text.replace(/\s+/g, ' ') : text).trim();

/** Splits where `separator` (sticky) matches outside braces: `{Barnes and Noble}` is one name. */
function splitAtTopLevel(tex: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0) {
      separator.lastIndex = i;
      const match = separator.exec(tex);
      if (match) {
        parts.push(tex.slice(start, i));
        start = i + match[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(tex.slice(start));
  return parts;
}

/** "Dubey, Abhimanyu" and "van der Berg, Jr, Anna" read as the site writes names: given name first. */
function authorNames(tex: string): string[] {
  return splitAtTopLevel(tex, /\s+and\s+/iy)
    // `and others` is "et al."; a braced {others} is somebody's name.
    .filter((name) => name.trim().toLowerCase() !== 'others')
    .map((name) => {
      const parts = splitAtTopLevel(name, /,/y).map((part) => collapse(latexToText(part)));
      const [last = '', second = '', third] = parts;
      if (parts.length === 1) return last;
      return third !== undefined ? collapse(`${third} ${last} ${second}`) : collapse(`${second} ${last}`);
    })
    .filter((name) => name !== '');
}

const MONTH_NUMBER = new Map(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].flatMap(
    (name, i) => [
      [name, i + 1],
      [name.slice(0, 3), i + 1],
    ],
  ),
);

/** `date = {2024-07-31}` (biblatex), or year and month: "2024-07-31", "2024-07", "2024". */
function publishedAt(fields: Map<string, string>, id: string, arxivStyle: boolean): string | undefined {
  const date = /^\d{4}(?:-\d{2}(?:-\d{2})?)?/.exec(latexToText(fields.get('date') ?? '').trim());
  if (date) return date[0];
  const year = /\d{4}/.exec(latexToText(fields.get('year') ?? ''))?.[0];
  if (!year) return undefined;
  const monthText = latexToText(fields.get('month') ?? '').trim().toLowerCase().replace(/\.$/, '');
  const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : MONTH_NUMBER.get(monthText);
  if (!month || month < 1 || month > 12) return year;
  const mm = String(month).padStart(2, '0');
  // Entries in arXiv's form (eprint + archivePrefix: arXiv's own, and ours) cite the month the id
  // was announced in for a paper without a date: the id says it already, and taking it would give
  // such a paper a date it never had. Other tools' year and month are their own claim.
  const announced = dateOfId(id);
  if (arxivStyle && announced.year === year && announced.month === mm) return undefined;
  return `${year}-${mm}`;
}

function paperFrom(entry: BibEntry, id: string, tags: TagCollector): { ok: true; found: FoundPaper } | { ok: false; error: string } {
  const { fields } = entry;
  const found: FoundPaper = { id };
  if (fields.has('title')) found.title = collapse(latexToText(fields.get('title')!));
  if (fields.has('author')) found.authors = authorNames(fields.get('author')!);
  const arxivStyle = fields.has('eprint') && latexToText(fields.get('archiveprefix') ?? '').trim().toLowerCase() === 'arxiv';
  const date = publishedAt(fields, id, arxivStyle);
  if (date) found.publishedAt = date;
  const abstract = latexToText(fields.get('abstract') ?? '').trim();
  if (abstract) found.abstract = abstract;
  // The note and tags are the user's own: an entry without them has none, rather than unknown ones.
  // Kept as written (a note is the user's text, and our export writes it as typed); a blank one is none.
  const note = latexToText(fields.get('note') ?? '');
  found.note = note.trim() === '' ? '' : note;
  // biblatex separates keywords with commas (a tag name can hold a semicolon, but never a comma).
  const keywords = latexToText(fields.get('keywords') ?? '')
    .split(',')
    .map(collapse)
    .filter((name) => name !== '');
  found.tags = tags.addKeywords(keywords, `Entry ${entry.index} "${entry.key}" (${id})`);
  return { ok: true, found };
}

/** The papers of a .bib file; one entry without an arXiv id (or otherwise unusable) refuses it all. */
export function parseBibtex(text: string, now: number): ParseResult {
  const read = readBibtex(text);
  if (!read.ok) return read;
  if (read.entries.length === 0) return refuse('The BibTeX file has no entries.');
  const tags = new TagCollector(now);
  const collected = collectPapers(
    read.entries.map((entry) => ({
      name: `Entry ${entry.index} "${entry.key}" (line ${entry.line})`,
      short: `entry ${entry.index} "${entry.key}"`,
      id: arxivIdOf(entry.fields),
      lookedAt: '(looked at eprint, doi, url and journal)',
      read: (id: string) => paperFrom(entry, id, tags),
    })),
    now,
  );
  if (!collected.ok) return collected;
  const { papers, carried } = collected;
  return { ok: true, library: { papers, tags: tags.tags(), carried, tagColours: 'picked', ...(tags.adjusted.length > 0 && { adjusted: tags.adjusted }) } };
}
