/**
 * Finding a paper's arXiv id in what other tools write about it: links, DOIs, eprint fields and
 * "arXiv:…" citations. Versions (`v2`) are dropped, since the reading list keeps a paper, not a
 * revision. Only new-style ids (YYMM.NNNNN) count: they are the only ones a Paperlight paper can have.
 */

const ID = String.raw`(\d{4}\.\d{4,5})(?:v\d+)?`;

const ARXIV_URL = new RegExp(String.raw`^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/${ID}(?:\.pdf)?/?(?:[?#].*)?$`, 'i');
const HF_URL = new RegExp(String.raw`^https?://(?:www\.)?huggingface\.co/papers/${ID}/?(?:[?#].*)?$`, 'i');
const DOI = new RegExp(String.raw`^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.${ID}$`, 'i');
const EPRINT = new RegExp(String.raw`^(?:arxiv:\s*)?${ID}$`, 'i');
// In running text an id needs its "arXiv:" label: a bare number could be anything.
const CITED = new RegExp(String.raw`\barxiv:\s*${ID}(?![\d.])`, 'i');

export function arxivIdFromUrl(url: string): string | null {
  const value = url.trim();
  return ARXIV_URL.exec(value)?.[1] ?? HF_URL.exec(value)?.[1] ?? DOI.exec(value)?.[1] ?? null;
}

export function arxivIdFromDoi(doi: string): string | null {
  return DOI.exec(doi.trim())?.[1] ?? null;
}

/** An eprint / accession field: `2407.21783`, `arXiv:2407.21783v2`. */
export function arxivIdFromEprint(value: string): string | null {
  return EPRINT.exec(value.trim())?.[1] ?? null;
}

/** "arXiv preprint arXiv:2407.21783", as Google Scholar writes in `journal`. */
export function arxivIdCitedIn(text: string): string | null {
  return CITED.exec(text)?.[1] ?? null;
}

export const arxivAbsUrl = (id: string): string => `https://arxiv.org/abs/${id}`;
export const paperPageUrl = (id: string): string => `https://huggingface.co/papers/${id}`;
/** arXiv registers a DOI for every paper. */
export const arxivDoi = (id: string): string => `10.48550/arXiv.${id}`;

/** `2407.21783` was announced in July 2024: the date a paper without one can still cite. */
export function dateOfId(id: string): { year: string; month: string } {
  return { year: `20${id.slice(0, 2)}`, month: id.slice(2, 4) };
}
