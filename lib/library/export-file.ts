/**
 * One export as a file: the chosen papers in the chosen format, named for the day. JSON carries
 * everything (tags, rules, settings) so it restores a whole library; the other formats carry the
 * papers (with their tag names and notes) for reference managers and notes apps.
 */
import { exportBibtex } from './formats/bibtex';
import { exportCsv } from './formats/csv';
import { exportJsonParts } from './formats/json';
import { exportMarkdown } from './formats/markdown';
import { exportRis } from './formats/ris';
import type { Library, LibraryPaper } from '../model/library';

import { EXPORT_FORMATS, type ExportFormat } from './export-formats';

export { EXPORT_FORMATS, type ExportFormat };

export interface ExportFile {
  name: string;
  mime: string;
  /** The file's text, in pieces to hand to a Blob as they are (joined, they are the file). */
  parts: string[];
}

/** `papers` (a selection, or all) out of `library`, in `format`. */
export function exportFile(format: ExportFormat, library: Library, papers: readonly LibraryPaper[], now = Date.now()): ExportFile {
  const { extension, mime } = EXPORT_FORMATS[format];
  const day = new Date(now).toISOString().slice(0, 10);
  const name = `paperlight-${day}${papers.length === library.papers.length ? '' : `-${papers.length}`}.${extension}`;
  const chosen = [...papers];
  let parts: string[];
  switch (format) {
    case 'json': {
      // The tags the chosen papers carry (all of them for a whole-library backup).
      const keys = new Set(chosen.flatMap((paper) => paper.tags));
      const tags = chosen.length === library.papers.length ? library.tags : library.tags.filter((tag) => keys.has(tag.key));
      parts = exportJsonParts({ ...library, papers: chosen, tags }, now);
      break;
    }
    case 'bibtex':
      parts = [exportBibtex(chosen, library.tags)];
      break;
    case 'ris':
      parts = [exportRis(chosen, library.tags)];
      break;
    case 'csv':
      parts = [exportCsv(chosen, library.tags)];
      break;
    case 'markdown':
      parts = [exportMarkdown(chosen, library.tags)];
      break;
  }
  return { name, mime, parts };
}

/** Hands a file to the browser's downloads (from an extension page). */
export function download(doc: Document, file: ExportFile): void {
  const url = URL.createObjectURL(new Blob(file.parts, { type: `${file.mime};charset=utf-8` }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.name;
  doc.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; it can go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
