/**
 * One entry point for every file the user may import: tells the format from the file name (or, when
 * the name says nothing, from the text) and reads it. All or nothing: a file with one bad record is
 * refused whole, with a message naming that record, so an import never half-happens.
 */
import { parseBibtex } from './bibtex';
import { parseCsv } from './csv';
import type { ImportFormat, ImportedLibrary } from './imported';
import { parseJson } from './json';
import { parseRis } from './ris';

/** A refusal names the format when it got as far as telling it. */
export type ImportResult =
  | { ok: true; format: ImportFormat; library: ImportedLibrary }
  | { ok: false; error: string; format?: ImportFormat };

const EXTENSIONS: Record<string, ImportFormat> = {
  json: 'json',
  bib: 'bibtex',
  bibtex: 'bibtex',
  ris: 'ris',
  csv: 'csv',
};

/** What the text looks like, for files named `export.txt` or not named at all. */
function sniff(text: string): ImportFormat | null {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (/^TY {1,2}-/m.test(start.slice(0, 10_000))) return 'ris';
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(start.slice(0, 100_000))) return 'bibtex';
  const header = start.slice(0, start.search(/\r?\n|$/)).toLowerCase();
  if (/(^|,)\s*"?(url|id)"?\s*(,|$)/.test(header)) return 'csv';
  return null;
}

function formatOf(text: string, fileName?: string): ImportFormat | null {
  const extension = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  return (extension && EXTENSIONS[extension]) || sniff(text);
}

/**
 * Reads an exported or third-party file. `now` stands for the save time of papers whose record
 * has none (and the creation time of their new tags).
 */
export function parseImport(text: string, fileName?: string, now: number = Date.now()): ImportResult {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, error: 'The file is empty.' };
  if (/\.(md|markdown)$/i.test(fileName ?? '')) {
    return { ok: false, error: 'Markdown exports are for reading and cannot be imported: use a JSON, BibTeX, RIS or CSV file.' };
  }
  const format = formatOf(body, fileName);
  if (!format) return { ok: false, error: 'Could not tell the format: Paperlight imports its JSON export, BibTeX, RIS and CSV (Pocket) files.' };
  const result =
    format === 'json' ? parseJson(body) : format === 'bibtex' ? parseBibtex(body, now) : format === 'ris' ? parseRis(body, now) : parseCsv(body, now);
  return result.ok ? { ok: true, format, library: result.library } : { ok: false, error: result.error, format };
}
