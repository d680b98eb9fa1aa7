/**
 * The reading list as a Markdown list to paste into notes or an issue: one line per paper linking
 * its Hugging Face page, then the note as a quote. Export only: Markdown is for reading.
 *
 * Page and user text is escaped (backslash before every Markdown punctuation mark that could
 * start a link, emphasis, code or HTML), so a title like "<img onerror=…>" or "[x](javascript:…)"
 * stays text wherever the Markdown is rendered.
 */
import type { Tag } from '../../model/records';
import { formatAuthors } from '../../text/format';
import type { LibraryPaper } from '../../model/library';
import { paperPageUrl } from './arxiv-id';
import { tagNamer } from './tag-names';

const INLINE = /[\\`*_[\]()<>!#|~]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(INLINE, '\\$&');
}

/** A quoted line that would start a list, heading or rule inside the quote is escaped too. */
function noteLine(line: string): string {
  const escaped = line
    .replace(INLINE, '\\$&')
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.');
  return escaped.trim() === '' ? '  >' : `  > ${escaped}`;
}

function item(paper: LibraryPaper, nameOf: (key: string) => string): string {
  let line = `- [${escapeMarkdown(paper.title)}](${paperPageUrl(paper.id)})`;
  const authors = formatAuthors(paper.authors);
  if (authors) line += ` — ${escapeMarkdown(authors)}`;
  if (paper.tags.length > 0) line += ` · tags: ${paper.tags.map((key) => escapeMarkdown(nameOf(key))).join(', ')}`;
  const note = paper.note.trim();
  if (note === '') return line;
  return [line, ...note.split(/\r?\n/).map(noteLine)].join('\n');
}

export function exportMarkdown(papers: readonly LibraryPaper[], tags: readonly Tag[]): string {
  const nameOf = tagNamer(tags);
  return papers.map((paper) => `${item(paper, nameOf)}\n`).join('');
}
