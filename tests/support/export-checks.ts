/**
 * What the Chromium and Firefox suites both check of the exports of the same three saved papers
 * (Llama 3 with the tags "LLM" and "scaling", MoMa, Tora; one note with "&"): each suite exports
 * through its own browser driver.
 */
import { expect } from '@playwright/test';

type ExportAs = (format: string) => Promise<{ name: string; text: string }>;

/** BibTeX, RIS and Markdown carry the papers as citation managers and notes expect them. */
export async function expectCitationExports(exportAs: ExportAs): Promise<void> {
  const bib = await exportAs('bibtex');
  expect(bib.name).toMatch(/\.bib$/);
  expect(bib.text).toContain('@misc{dubey2024llama,');
  expect(bib.text).toMatch(/eprint\s*=\s*\{2407\.21783\}/);
  expect(bib.text).toMatch(/archivePrefix\s*=\s*\{arXiv\}/);
  expect(bib.text).toMatch(/keywords\s*=\s*\{LLM, scaling\}/);
  expect(bib.text).toContain('\\&');
  const ris = await exportAs('ris');
  expect(ris.text).toMatch(/^TY {2}- /m);
  expect(ris.text).toContain('UR  - https://arxiv.org/abs/2407.21783');
  expect(ris.text.match(/^ER {2}-/gm)).toHaveLength(3);
  const md = await exportAs('markdown');
  expect(md.text).toContain('[The Llama 3 Herd of Models](https://huggingface.co/papers/2407.21783)');
}
