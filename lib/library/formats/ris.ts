/**
 * RIS, the line format of EndNote, Zotero and Mendeley: one `TY` … `ER` record per paper.
 *
 * Standard tags carry what reference managers know (TI, AU, PY, DA, AB, KW, N1, UR, DO, and the
 * arXiv id as AN `arXiv:<id>`); Paperlight's own reading state and save time go in custom fields
 * (C1 state, C2 saved-at ISO timestamp), which other tools show as "Custom 1/2" and ignore.
 *
 * RIS has no escaping, so a value with several lines goes on continuation lines (lines without a
 * tag, as Zotero reads them); a continuation line that would look like a tag line, or that starts
 * with a space, gets one leading space, which reading takes off again.
 */
import { z } from 'zod';
import type { Tag } from '../../model/records';
import { PaperState, type LibraryPaper } from '../../model/library';
import { arxivAbsUrl, arxivDoi, arxivIdCitedIn, arxivIdFromDoi, arxivIdFromEprint, arxivIdFromUrl } from './arxiv-id';
import { collectPapers } from './collect-papers';
import { refuse, type FoundPaper, type ParseResult } from './imported';
import { TagCollector, tagNamer } from './tag-names';

// `s`: a value may hold a lone CR or a line separator (U+2028), which `.` would not match.
const TAG_LINE = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/s;
// Other writers are looser about the spaces before the dash (but a space there is what keeps a line
// such as "AI-based methods…" in a wrapped abstract from reading as a tag).
const LOOSE_TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: ?(.*))?$/s;

function line(tag: string, value: string): string {
  // Split at LF only: a CR of a CRLF stays at the end of its line, where reading keeps it (it takes
  // off only the CR of the line end itself), so line ends come back as they were.
  const [first = '', ...rest] = value.split('\n');
  const continued = rest.map((text) => (LOOSE_TAG_LINE.test(text) || text.startsWith(' ') ? ` ${text}` : text));
  return [`${tag}  - ${first}`, ...continued].join('\r\n');
}

/** RIS dates are `YYYY/MM/DD/other`; any part may be empty. */
function risDate(iso: string): string | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  return match ? `${match[1]}/${match[2] ?? ''}/${match[3] ?? ''}/` : null;
}

function record(paper: LibraryPaper, nameOf: (key: string) => string): string {
  const lines = [line('TY', 'GEN'), line('TI', paper.title)];
  for (const author of paper.authors) lines.push(line('AU', author));
  const date = paper.publishedAt ? risDate(paper.publishedAt) : null;
  if (date) lines.push(line('PY', date.slice(0, 4)), line('DA', date));
  if (paper.abstract) lines.push(line('AB', paper.abstract));
  for (const tag of paper.tags) lines.push(line('KW', nameOf(tag)));
  if (paper.note !== '') lines.push(line('N1', paper.note));
  lines.push(
    line('UR', arxivAbsUrl(paper.id)),
    line('DO', arxivDoi(paper.id)),
    line('AN', `arXiv:${paper.id}`),
    line('DB', 'arXiv.org'),
    line('C1', paper.state),
    line('C2', new Date(paper.savedAt).toISOString()),
    'ER  - ',
  );
  return lines.join('\r\n');
}

/** Records end with CRLF, as the format's specification has it (and as EndNote wants). */
export function exportRis(papers: readonly LibraryPaper[], tags: readonly Tag[]): string {
  const nameOf = tagNamer(tags);
  return papers.map((paper) => `${record(paper, nameOf)}\r\n\r\n`).join('');
}

interface RisRecord {
  index: number;
  line: number;
  fields: Map<string, string[]>;
}

/** Splits the text into records of tag → values; an unclosed record means a cut file. */
function readRecords(text: string): { ok: true; records: RisRecord[] } | { ok: false; error: string } {
  const records: RisRecord[] = [];
  let current: RisRecord | null = null;
  let last: { values: string[]; at: number } | null = null;
  // Old Mac files end lines with CR alone; CRLF is handled line by line, without copying the text.
  const body = text.includes('\r') && !text.includes('\n') ? text.replace(/\r/g, '\n') : text;
  for (let i = 0, start = 0; start <= body.length; i++) {
    const newline = body.indexOf('\n', start);
    const end = newline < 0 ? body.length : newline;
    const content = body.slice(start, body.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    const match = TAG_LINE.exec(content) ?? LOOSE_TAG_LINE.exec(content);
    if (match) {
      const [, tag = '', value = ''] = match;
      if (tag === 'TY') {
        if (current) return refuse(`RIS record ${current.index} (line ${current.line}) has no "ER" line before the next record.`);
        current = { index: records.length + 1, line: i + 1, fields: new Map() };
        continue;
      }
      if (!current) {
        if (content.trim() === '') continue;
        return refuse(`RIS line ${i + 1}: "${tag}" outside a record (each record starts with "TY  - ").`);
      }
      if (tag === 'ER') {
        records.push(current);
        current = null;
        last = null;
        continue;
      }
      const values = current.fields.get(tag) ?? [];
      values.push(value);
      current.fields.set(tag, values);
      last = { values, at: values.length - 1 };
    } else if (current && last) {
      last.values[last.at] += `\n${content.startsWith(' ') ? content.slice(1) : content}`;
    }
  }
  if (current) return refuse(`RIS record ${current.index} (line ${current.line}) has no "ER" line: is the file cut short?`);
  return { ok: true, records };
}

/** arXiv ids as reference managers store them: accession number, DOI, links, or a cited "arXiv:". */
function arxivIdOf(fields: Map<string, string[]>): string | null {
  const values = (...tags: string[]) => tags.flatMap((tag) => fields.get(tag) ?? []).map((value) => value.trim());
  for (const value of values('AN', 'M1')) {
    const id = arxivIdFromEprint(value) ?? arxivIdCitedIn(value);
    if (id) return id;
  }
  for (const value of values('DO')) {
    const id = arxivIdFromDoi(value);
    if (id) return id;
  }
  for (const value of values('UR', 'L1', 'L2', 'LK')) {
    const id = arxivIdFromUrl(value);
    if (id) return id;
  }
  for (const value of values('JO', 'JF', 'T2')) {
    const id = arxivIdCitedIn(value);
    if (id) return id;
  }
  return null;
}

/** Whitespace runs as one space; most values have none to fold, so they are only trimmed. */
const collapse = (text: string) => (/\s\s|[\t\n\r\f\v\u00a0]/.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
const IsoTimestamp = z.iso.datetime();

/** "Dubey, Abhimanyu" (how RIS writers give names) reads as the site writes them: "Abhimanyu Dubey". */
function authorName(value: string): string {
  if (!value.includes(',')) return collapse(value);
  const parts = collapse(value).split(/\s*,\s*/);
  if (parts.length === 2 && parts[1]) return `${parts[1]} ${parts[0]}`;
  if (parts.length === 3 && parts[1]) return `${parts[1]} ${parts[0]} ${parts[2]}`;
  return collapse(value);
}

function publishedAt(fields: Map<string, string[]>): string | undefined {
  for (const value of [...(fields.get('DA') ?? []), ...(fields.get('Y1') ?? []), ...(fields.get('PY') ?? [])]) {
    const match = /^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?/.exec(value.trim());
    if (!match) continue;
    const [, year, month, day] = match;
    if (!month) return year;
    const mm = month.padStart(2, '0');
    return day ? `${year}-${mm}-${day.padStart(2, '0')}` : `${year}-${mm}`;
  }
  return undefined;
}

function paperFrom(record: RisRecord, id: string, tags: TagCollector): { ok: true; found: FoundPaper } | { ok: false; error: string } {
  const { fields } = record;
  const first = (...names: string[]) => names.map((name) => fields.get(name)?.[0]).find((value) => value !== undefined);
  // Custom fields mean other things to other tools: only values that can only be ours count.
  const state = PaperState.safeParse(first('C1')?.trim());
  const savedAt = first('C2')?.trim();
  const savedAtValid = savedAt !== undefined && IsoTimestamp.safeParse(savedAt).success;
  // Our own records write names and titles as they are ("Given Family", no wrapping): a comma is
  // part of the name and a line break part of the title. Other writers' get the usual reading.
  const ours = state.success && savedAtValid;
  const found: FoundPaper = { id };
  const title = first('TI', 'T1');
  if (title !== undefined) found.title = ours ? title.trim() : collapse(title);
  const authors = [...(fields.get('AU') ?? []), ...(fields.get('A1') ?? [])].map((name) => (ours ? name.trim() : authorName(name))).filter((name) => name !== '');
  if (authors.length > 0) found.authors = authors;
  const date = publishedAt(fields);
  if (date) found.publishedAt = date;
  const abstract = first('AB', 'N2')?.trim();
  if (abstract) found.abstract = abstract;
  // The note and tags are the user's own: a record without them has none, rather than unknown ones.
  const notes = (fields.get('N1') ?? []).filter((note) => note.trim() !== '');
  found.note = ours ? notes.join('\n\n') : notes.map((note) => note.trim()).join('\n\n');
  found.tags = tags.addKeywords(
    (fields.get('KW') ?? []).map(collapse).filter((name) => name !== ''),
    `${recordName(record)} (${id})`,
  );
  if (state.success) found.state = state.data;
  if (savedAtValid) found.savedAt = Date.parse(savedAt);
  return { ok: true, found };
}

/** How an error names a record: its number, line and title, so it can be found in the file. */
function recordName(record: RisRecord): string {
  const title = record.fields.get('TI')?.[0] ?? record.fields.get('T1')?.[0];
  return `Record ${record.index} (line ${record.line}${title ? `, "${collapse(title).slice(0, 80)}"` : ''})`;
}

export function parseRis(text: string, now: number): ParseResult {
  const read = readRecords(text);
  if (!read.ok) return read;
  if (read.records.length === 0) return refuse('The RIS file has no records.');
  const tags = new TagCollector(now);
  const collected = collectPapers(
    read.records.map((record) => ({
      name: recordName(record),
      short: `record ${record.index}`,
      id: arxivIdOf(record.fields),
      lookedAt: '(looked at AN, M1, DO, UR and journal)',
      read: (id: string) => paperFrom(record, id, tags),
    })),
    now,
  );
  if (!collected.ok) return collected;
  const { papers, carried } = collected;
  return { ok: true, library: { papers, tags: tags.tags(), carried, tagColours: 'picked', ...(tags.adjusted.length > 0 && { adjusted: tags.adjusted }) } };
}
