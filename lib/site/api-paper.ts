/**
 * A paper as `https://huggingface.co/api/papers/<id>` gives it (the `paper` object of the pages'
 * data blob), as the record Paperlight keeps. Read as leniently as the blob is (data-blob.ts): what
 * is unusable reads as missing, and a paper without a title is not taken at all.
 */
import { apiPaper } from './data-blob';
import { LIMITS } from '../model/limits';
import type { PaperInput } from '../model/records';

export function paperFromApi(id: string, json: unknown): PaperInput | null {
  const paper = apiPaper(json);
  if (!paper || paper.id !== id || !paper.title) return null;
  return {
    id,
    title: paper.title.slice(0, LIMITS.title),
    authors: paper.authors.slice(0, LIMITS.authors).map((name) => name.slice(0, LIMITS.shortText)),
    abstract: paper.abstract?.slice(0, LIMITS.abstract) ?? null,
    publishedAt: paper.publishedAt?.slice(0, LIMITS.date) ?? null,
    organization: paper.organization ? { name: paper.organization.name.slice(0, LIMITS.shortText), fullname: paper.organization.fullname?.slice(0, LIMITS.shortText) ?? null } : null,
    upvotes: typeof paper.upvotes === 'number' && paper.upvotes >= 0 ? Math.round(paper.upvotes) : null,
    sourceUrl: `https://huggingface.co/papers/${id}`,
  };
}
