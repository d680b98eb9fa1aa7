/**
 * The JSON the server renders into `[data-target="DailyPapers"]` / `[data-target="PaperContent"]`
 * (`data-props`). Shapes seen: 2024 `{date, dailyPapers[]}`, 2026 `{periodType, dateString, query,
 * searchResults?, dailyPapers[]}`, paper page `{paper, …}`. Fields come and go, so every field is
 * optional, unknown fields pass, and one broken item never hides the others.
 */
import { isArxivId } from './page-kind';

// Read by hand, not with zod: every field here is lenient (what is unusable reads as null), which
// plain type checks say as clearly, and zod would be a third of what every page loads (issue #12).
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A field the site may leave out, null, or change the type of: anything unusable reads as null. */
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const strings = (value: unknown): string[] | null => (Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : null);

interface Org {
  name: string | null;
  fullname: string | null;
}
const orgOf = (value: unknown): Org | null => (isRecord(value) ? { name: text(value.name), fullname: text(value.fullname) } : null);

/** The fields of a blob paper Paperlight reads; null without a usable arXiv id. */
interface RawPaper {
  id: string;
  title: string | null;
  summary: string | null;
  authors: unknown[] | null;
  publishedAt: string | null;
  upvotes: number | null;
  organization: Org | null;
  keywords: string[] | null;
}
function paperOf(value: unknown): RawPaper | null {
  if (!isRecord(value) || typeof value.id !== 'string' || !isArxivId(value.id)) return null;
  return {
    id: value.id,
    title: text(value.title),
    summary: text(value.summary),
    authors: Array.isArray(value.authors) ? value.authors : null,
    publishedAt: text(value.publishedAt),
    upvotes: count(value.upvotes),
    organization: orgOf(value.organization),
    keywords: strings(value.ai_keywords),
  };
}

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

function authorNames(authors: unknown[] | null): string[] {
  const names: string[] = [];
  for (const author of authors ?? []) {
    if (!isRecord(author)) continue;
    const user = isRecord(author.user) ? author.user : {};
    const name = text(author.name)?.trim() || text(user.fullname)?.trim() || text(user.user)?.trim();
    if (name && author.hidden !== true) names.push(name);
  }
  return names;
}

/** A listing item's own fields, which win over its paper's. */
interface RawItem {
  title: string | null;
  organization: Org | null;
}

function toBlobPaper(paper: RawPaper, item?: RawItem): BlobPaper {
  const org = item?.organization ?? paper.organization ?? null;
  return {
    id: paper.id,
    title: paper.title?.trim() || item?.title?.trim() || null,
    authors: authorNames(paper.authors),
    abstract: paper.summary?.trim() || null,
    publishedAt: paper.publishedAt ?? null,
    organization: org?.name ? { name: org.name, fullname: org.fullname ?? null } : null,
    upvotes: paper.upvotes ?? null,
    keywords: paper.keywords ?? [],
  };
}

/** A paper as the site's API answers for one (`/api/papers/<id>`: the blob's `paper` object). */
export function apiPaper(value: unknown): BlobPaper | null {
  const paper = paperOf(value);
  return paper ? toBlobPaper(paper) : null;
}

/** The papers of a blob, looked up by arXiv id. */
export interface BlobLookup {
  get(id: string): BlobPaper | undefined;
  /** Every id, in blob order. */
  keys(): string[];
}

/**
 * One blob's items indexed by id, each validated and converted only when first asked for: the
 * first batch of cards (the ones in view) pays for its own papers, not for the whole page's.
 */
class BlobIndex {
  private readonly raw = new Map<string, unknown>();
  private readonly read = new Map<string, BlobPaper | null>();
  /** Items without a usable id. */
  rejected = 0;

  constructor(private readonly paperOnly: boolean) {}

  /** Indexes an item (the first one per id wins); false when it has no usable id. */
  add(id: unknown, item: unknown): boolean {
    if (typeof id !== 'string' || !isArxivId(id)) {
      this.rejected++;
      return false;
    }
    if (!this.raw.has(id)) this.raw.set(id, item);
    return true;
  }

  get size(): number {
    return this.raw.size;
  }

  ids(): IterableIterator<string> {
    return this.raw.keys();
  }

  get(id: string): BlobPaper | undefined {
    if (!this.raw.has(id)) return undefined;
    let paper = this.read.get(id);
    if (paper === undefined) {
      paper = this.paperOnly ? readPaperOnly(this.raw.get(id)) : readItem(this.raw.get(id));
      this.read.set(id, paper);
    }
    return paper ?? undefined;
  }
}

function readItem(raw: unknown): BlobPaper | null {
  const paper = isRecord(raw) ? paperOf(raw.paper) : null;
  return paper && isRecord(raw) ? toBlobPaper(paper, { title: text(raw.title), organization: orgOf(raw.organization) }) : null;
}

/** A paper page's props: `{paper, organization?}`. */
function readPaperOnly(raw: unknown): BlobPaper | null {
  const paper = isRecord(raw) ? paperOf(raw.paper) : null;
  if (!paper || !isRecord(raw)) return null;
  const org = orgOf(raw.organization);
  return toBlobPaper(paper, org ? { title: null, organization: org } : undefined);
}

/**
 * Reads one hydration element's `data-props` into an index; null when it is not JSON, not an
 * object, or a listing blob without any list (a drifted shape must read as "unreadable", never as
 * "empty day").
 */
function indexBlob(target: string, json: string | null): { target: BlobData['target']; index: BlobIndex } | null {
  if (json === null) return null;
  let props: unknown;
  try {
    props = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(props)) return null;
  if (target === 'PaperContent') {
    const index = new BlobIndex(true);
    index.add(isRecord(props.paper) ? props.paper.id : undefined, props);
    return { target, index };
  }
  if (target !== 'DailyPapers') return null;
  if (!Array.isArray(props.searchResults) && !Array.isArray(props.dailyPapers)) return null;
  const index = new BlobIndex(false);
  for (const key of ['searchResults', 'dailyPapers'] as const) {
    const items = props[key];
    if (!Array.isArray(items)) continue;
    for (const raw of items) index.add(isRecord(raw) && isRecord(raw.paper) ? raw.paper.id : undefined, raw);
  }
  return { target, index };
}

/** Parses one hydration element's `data-props` whole (see indexBlob). */
export function parseBlob(target: string, json: string | null): BlobData | null {
  const indexed = indexBlob(target, json);
  if (!indexed) return null;
  const { index } = indexed;
  const papers = new Map<string, BlobPaper>();
  let rejected = index.rejected;
  for (const id of index.ids()) {
    const paper = index.get(id);
    if (paper) papers.set(id, paper);
    else rejected++;
  }
  return { target: indexed.target, papers, rejected };
}

const BLOB_SELECTOR = '[data-target="DailyPapers"][data-props], [data-target="PaperContent"][data-props]';

export interface PageData {
  /** Every paper the page's blobs describe, by arXiv id (the first blob that has it wins). */
  papers: BlobLookup;
  /** How many papers the listing blob holds (null: no readable listing blob), to tell "an empty
   * day" from "a layout Paperlight cannot read". */
  listed: number | null;
}

let cache: { target: string; json: string; index: BlobIndex | null } | undefined;

function indexCached(target: string, json: string | null): BlobIndex | null {
  if (json === null) return null;
  // The attribute is re-read after every navigation, but parsed again only when it changed.
  if (cache?.json !== json || cache.target !== target) cache = { target, json, index: indexBlob(target, json)?.index ?? null };
  return cache.index;
}

/** Reads the page's hydration blobs; call again after each navigation (they go stale). */
export function readPageData(root: ParentNode): PageData {
  const indexes: BlobIndex[] = [];
  let listed: number | null = null;
  for (const el of root.querySelectorAll(BLOB_SELECTOR)) {
    const target = el.getAttribute('data-target') ?? '';
    const index = indexCached(target, el.getAttribute('data-props'));
    if (!index) continue;
    if (target === 'DailyPapers') listed = (listed ?? 0) + index.size + index.rejected;
    indexes.push(index);
  }
  const papers: BlobLookup = {
    get: (id) => {
      for (const index of indexes) {
        const paper = index.get(id);
        if (paper) return paper;
      }
      return undefined;
    },
    keys: () => [...new Set(indexes.flatMap((index) => [...index.ids()]))],
  };
  return { papers, listed };
}
