/**
 * The JSON the server renders into `[data-target="DailyPapers"]` / `[data-target="PaperContent"]`
 * (`data-props`). Shapes seen: 2024 `{date, dailyPapers[]}`, 2026 `{periodType, dateString, query,
 * searchResults?, dailyPapers[]}`, paper page `{paper, …}`. Fields come and go, so every field is
 * optional, unknown fields pass, and one broken item never hides the others.
 */
import { z } from 'zod';
import { isArxivId } from './page-kind';

const text = z.string().nullish().catch(null);
const count = z.number().nullish().catch(null);

const AuthorSchema = z.looseObject({
  name: text,
  hidden: z.boolean().nullish().catch(null),
  user: z.looseObject({ user: text, fullname: text }).nullish().catch(null),
});

const OrgSchema = z.looseObject({ name: text, fullname: text }).nullish().catch(null);

const PaperSchema = z.looseObject({
  id: z.string().refine(isArxivId),
  title: text,
  summary: text,
  authors: z.array(z.unknown()).nullish().catch(null),
  publishedAt: text,
  upvotes: count,
  organization: OrgSchema,
  ai_keywords: z.array(z.string()).nullish().catch(null),
  ai_summary: text,
});

const ItemSchema = z.looseObject({
  paper: PaperSchema,
  title: text,
  publishedAt: text,
  organization: OrgSchema,
  numComments: count,
});

/** What Paperlight takes from the blob for one paper; every field may be missing. */
export interface BlobPaper {
  id: string;
  title: string | null;
  authors: string[];
  abstract: string | null;
  publishedAt: string | null;
  organization: { name: string; fullname: string | null } | null;
  upvotes: number | null;
  keywords: string[];
}

export interface BlobData {
  /** `DailyPapers` (a listing) or `PaperContent` (a single paper page). */
  target: 'DailyPapers' | 'PaperContent';
  /** Papers in blob order, keyed by arXiv id. */
  papers: Map<string, BlobPaper>;
  /** Items that were present but unusable (no valid id); >0 means the shape has drifted. */
  rejected: number;
}

function authorNames(authors: unknown[] | null | undefined): string[] {
  const names: string[] = [];
  for (const raw of authors ?? []) {
    const author = AuthorSchema.safeParse(raw);
    if (!author.success) continue;
    const name = author.data.name?.trim() || author.data.user?.fullname?.trim() || author.data.user?.user?.trim();
    if (name && author.data.hidden !== true) names.push(name);
  }
  return names;
}

function toBlobPaper(paper: z.infer<typeof PaperSchema>, item?: z.infer<typeof ItemSchema>): BlobPaper {
  const org = item?.organization ?? paper.organization ?? null;
  return {
    id: paper.id,
    title: paper.title?.trim() || item?.title?.trim() || null,
    authors: authorNames(paper.authors),
    abstract: paper.summary?.trim() || null,
    publishedAt: paper.publishedAt ?? null,
    organization: org?.name ? { name: org.name, fullname: org.fullname ?? null } : null,
    upvotes: paper.upvotes ?? null,
    keywords: paper.ai_keywords ?? [],
  };
}

/**
 * Parses one hydration element's `data-props`; null when it is not JSON, not an object, or a
 * listing blob without any list (a drifted shape must read as "unreadable", never as "empty day").
 */
export function parseBlob(target: string, json: string | null): BlobData | null {
  if (json === null) return null;
  let props: unknown;
  try {
    props = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return null;
  const record = props as Record<string, unknown>;
  const papers = new Map<string, BlobPaper>();
  let rejected = 0;

  if (target === 'PaperContent') {
    const paper = PaperSchema.safeParse(record.paper);
    if (!paper.success) return { target, papers, rejected: 1 };
    const org = OrgSchema.safeParse(record.organization);
    const item = org.success && org.data ? { paper: paper.data, organization: org.data } : undefined;
    papers.set(paper.data.id, toBlobPaper(paper.data, item as z.infer<typeof ItemSchema> | undefined));
    return { target, papers, rejected };
  }
  if (target !== 'DailyPapers') return null;
  if (!Array.isArray(record.searchResults) && !Array.isArray(record.dailyPapers)) return null;

  for (const key of ['searchResults', 'dailyPapers'] as const) {
    const items = record[key];
    if (!Array.isArray(items)) continue;
    for (const raw of items) {
      const item = ItemSchema.safeParse(raw);
      if (!item.success) {
        rejected++;
        continue;
      }
      if (!papers.has(item.data.paper.id)) papers.set(item.data.paper.id, toBlobPaper(item.data.paper, item.data));
    }
  }
  return { target, papers, rejected };
}

const BLOB_SELECTOR = '[data-target="DailyPapers"][data-props], [data-target="PaperContent"][data-props]';

export interface PageData {
  /** Every paper the page's blobs describe, keyed by arXiv id. */
  papers: Map<string, BlobPaper>;
  /** How many papers the listing blob holds (null: no readable listing blob), to tell "an empty
   * day" from "a layout Paperlight cannot read". */
  listed: number | null;
}

let cache: { target: string; json: string; blob: BlobData | null } | undefined;

function parseCached(target: string, json: string | null): BlobData | null {
  if (json === null) return null;
  // The attribute is re-read after every navigation, but parsed again only when it changed.
  if (cache?.json !== json || cache.target !== target) cache = { target, json, blob: parseBlob(target, json) };
  return cache.blob;
}

/** Reads the page's hydration blobs; call again after each navigation (they go stale). */
export function readPageData(root: ParentNode): PageData {
  const papers = new Map<string, BlobPaper>();
  let listed: number | null = null;
  for (const el of root.querySelectorAll(BLOB_SELECTOR)) {
    const target = el.getAttribute('data-target') ?? '';
    const blob = parseCached(target, el.getAttribute('data-props'));
    if (!blob) continue;
    if (target === 'DailyPapers') listed = (listed ?? 0) + blob.papers.size + blob.rejected;
    for (const [id, paper] of blob.papers) if (!papers.has(id)) papers.set(id, paper);
  }
  return { papers, listed };
}
