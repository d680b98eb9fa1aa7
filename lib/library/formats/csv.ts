/**
 * CSV that Pocket importers (Instapaper, Raindrop, Readwise, Omnivore…) take as a Pocket export:
 * `title,url,time_added,tags,status` first, tags joined with `|` and status `unread` / `archive`,
 * then Paperlight's own columns `id,authors,published,upvotes,note,state`, which keep the exact
 * reading state (Pocket's status only knows read or not). Reading takes Pocket's own export too.
 *
 * A tag name may contain `|`, which Pocket's format cannot tell from a separator: such a tag comes
 * back as two. Authors are joined with "; "; in our own files a `;` or `\` inside a name is
 * written `\;` or `\\`, so a name is never split. time_added is whole seconds, as Pocket has it;
 * `saved_at` (ISO, to the millisecond) keeps the exact save time. Files from before it lack it.
 */
import { z } from 'zod';
import type { Tag } from '../../model/records';
import { PaperState, type LibraryPaper } from '../../model/library';
import { arxivIdFromEprint, arxivIdFromUrl, paperPageUrl } from './arxiv-id';
import { csvRow, readCsv, unguardFormula, type CsvRow } from './csv-syntax';
import { collectPapers } from './collect-papers';
import { refuse, type FoundPaper, type ParseResult } from './imported';
import { describeIssues } from '../../model/describe-issues';
import { TagCollector, tagNamer } from './tag-names';

const POCKET_COLUMNS = ['title', 'url', 'time_added', 'tags', 'status'] as const;
const OUR_COLUMNS = ['id', 'authors', 'published', 'upvotes', 'note', 'state'] as const;
/** Added later: files without them are still ours. */
const LATER_COLUMNS = ['saved_at'] as const;
type Column = (typeof POCKET_COLUMNS)[number] | (typeof OUR_COLUMNS)[number] | (typeof LATER_COLUMNS)[number];

const AUTHOR_SEPARATOR = '; ';
const escapeAuthor = (name: string) => name.replace(/[\\;]/g, '\\$&');

/** Our authors cell back into names: `;` separates, `\` takes the next character as it is. */
function splitAuthors(cell: string, escaped: boolean): string[] {
  if (!escaped) return cell.split(';');
  const names: string[] = [];
  let name = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && i + 1 < cell.length) name += cell[++i];
    else if (c === ';') {
      names.push(name);
      name = '';
    } else name += c;
  }
  names.push(name);
  return names;
}

export function exportCsv(papers: readonly LibraryPaper[], tags: readonly Tag[]): string {
  const nameOf = tagNamer(tags);
  let out = csvRow([...POCKET_COLUMNS, ...OUR_COLUMNS, ...LATER_COLUMNS]);
  for (const paper of papers) {
    out += csvRow([
      paper.title,
      paperPageUrl(paper.id),
      String(Math.floor(paper.savedAt / 1000)),
      paper.tags.map(nameOf).join('|'),
      paper.state === 'done' ? 'archive' : 'unread',
      paper.id,
      paper.authors.map(escapeAuthor).join(AUTHOR_SEPARATOR),
      paper.publishedAt ?? '',
      paper.upvotes === null ? '' : String(paper.upvotes),
      paper.note,
      paper.state,
      new Date(paper.savedAt).toISOString(),
    ]);
  }
  return out;
}

const IsoTimestamp = z.iso.datetime();

type RowReader = (column: Column) => string | undefined;

function paperFrom(
  read: RowReader,
  id: string,
  tags: TagCollector,
  ours: boolean,
): { ok: true; found: FoundPaper; title: string } | { ok: false; error: string } {
  const found: FoundPaper = { id };
  const title = read('title')?.trim() ?? '';
  if (title) found.title = title;
  const savedAt = read('saved_at')?.trim();
  const timeAdded = read('time_added')?.trim();
  if (savedAt) {
    if (!IsoTimestamp.safeParse(savedAt).success) return { ok: false, error: `saved_at: "${savedAt}" is not an ISO time` };
    found.savedAt = Date.parse(savedAt);
  } else if (timeAdded) {
    if (!/^\d+$/.test(timeAdded)) return { ok: false, error: `time_added: "${timeAdded}" is not a time in unix seconds` };
    found.savedAt = Number(timeAdded) * 1000;
  }
  const tagCell = read('tags');
  if (tagCell !== undefined) {
    const keys = tags.addAll(tagCell.split('|').map((name) => name.trim()).filter((name) => name !== ''));
    if (!keys.ok) return keys;
    found.tags = keys.keys;
  }
  const state = read('state')?.trim();
  if (state) {
    const parsed = PaperState.safeParse(state);
    if (!parsed.success) return { ok: false, error: `state: ${describeIssues(parsed.error)}` };
    found.state = parsed.data;
  } else if (read('status')?.trim() === 'archive') {
    // Pocket's "unread" may be our to-read or reading, so only "archive" says something.
    found.state = 'done';
  }
  const authors = splitAuthors(read('authors') ?? '', ours).map((name) => name.trim()).filter((name) => name !== '');
  if (authors.length > 0) found.authors = authors;
  const published = read('published')?.trim();
  if (published) found.publishedAt = published;
  const upvotes = read('upvotes')?.trim();
  if (upvotes) {
    if (!/^\d+$/.test(upvotes)) return { ok: false, error: `upvotes: "${upvotes}" is not a whole number` };
    found.upvotes = Number(upvotes);
  }
  const note = read('note');
  if (note !== undefined) found.note = note;
  // Pocket leaves the title empty when it never fetched the page: the id stands in for it.
  return { ok: true, found, title: title || `arXiv:${id}` };
}

function rowReader(row: CsvRow, columns: Map<string, number>, ours: boolean): RowReader {
  return (column) => {
    const index = columns.get(column);
    const value = index === undefined ? undefined : (row.cells[index] ?? '');
    return value !== undefined && ours ? unguardFormula(value) : value;
  };
}

export function parseCsv(text: string, now: number): ParseResult {
  const read = readCsv(text.replace(/^\uFEFF/, ''));
  if (!read.ok) return read;
  const [header, ...rows] = read.rows;
  if (!header) return refuse('The CSV file is empty.');
  const columns = new Map(header.cells.map((name, i) => [name.trim().toLowerCase(), i]));
  if (!columns.has('url') && !columns.has('id')) return refuse('The CSV file has no "url" column (nor an "id" column).');
  // Only our own files carry the apostrophes of the formula guard (csv-syntax.ts).
  const ours = OUR_COLUMNS.every((column) => columns.has(column));
  const tags = new TagCollector(now);
  const collected = collectPapers(
    rows
      .filter((row) => !(row.cells.length === 1 && row.cells[0]!.trim() === ''))
      .map((row) => {
        const cell = rowReader(row, columns, ours);
        const url = cell('url')?.trim() ?? '';
        return {
          name: `Row ${row.row}`,
          short: `row ${row.row}`,
          id: arxivIdFromEprint(cell('id') ?? '') ?? arxivIdFromUrl(url),
          lookedAt: `in its URL (${url ? `"${url.slice(0, 200)}"` : 'empty'})`,
          read: (id: string) => {
            const found = paperFrom(cell, id, tags, ours);
            return found.ok ? { ok: true as const, found: found.found, complete: { ...found.found, title: found.title } } : found;
          },
        };
      }),
    now,
  );
  if (!collected.ok) return collected;
  const { papers, carried } = collected;
  if (papers.length === 0) return refuse('The CSV file has no rows.');
  return { ok: true, library: { papers, tags: tags.tags(), carried, tagColours: 'picked' } };
}
