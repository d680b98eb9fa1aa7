/** The export formats, named for the export menu (the formats' code is loaded when exporting). */
export const EXPORT_FORMATS = {
  json: { label: 'JSON', title: 'Paperlight JSON: everything, lossless (a backup)', extension: 'json', mime: 'application/json' },
  bibtex: { label: 'BibTeX', title: 'BibTeX @misc entries with arXiv eprints', extension: 'bib', mime: 'application/x-bibtex' },
  ris: { label: 'RIS', title: 'RIS, for Zotero, EndNote and others', extension: 'ris', mime: 'application/x-research-info-systems' },
  csv: { label: 'CSV', title: 'CSV with Pocket’s columns and more', extension: 'csv', mime: 'text/csv' },
  markdown: { label: 'Markdown', title: 'A Markdown list with links and tags', extension: 'md', mime: 'text/markdown' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
