/**
 * The content script's view of tags: every tag definition, and the tags of the papers on the page.
 * Filled from the background on demand and kept current by its broadcasts; changes are painted.
 */
import type { TagWithCount } from '../model/changes';

/** Repaints the tags of `ids`, or of every paper when definitions (names, colours) changed. */
export type TagPainter = (ids: ReadonlySet<string> | 'all') => void;

export class TagState {
  readonly defs = new Map<string, TagWithCount>();
  private readonly byPaper = new Map<string, string[]>();

  constructor(private readonly paint: TagPainter) {}

  /** The tag keys of a paper, in the order they were added; undefined while not asked yet. */
  of(id: string): readonly string[] | undefined {
    return this.byPaper.get(id);
  }

  unknown(ids: Iterable<string>): string[] {
    const result: string[] = [];
    for (const id of ids) if (!this.byPaper.has(id)) result.push(id);
    return result;
  }

  /**
   * New definitions, and the papers whose tags changed with them, painted once: every chip when a
   * name or colour changed (not a mere count), else only those papers.
   */
  update(tags: readonly TagWithCount[], papers: readonly { id: string; tags: readonly string[] }[] = []): void {
    const looks = (all: Iterable<TagWithCount>) => [...all].map((tag) => `${tag.key}\u0000${tag.name}\u0000${tag.color}`).sort().join('\u0001');
    const restyled = looks(this.defs.values()) !== looks(tags);
    this.defs.clear();
    for (const tag of tags) this.defs.set(tag.key, tag);
    const changed = this.record(papers);
    if (restyled) this.paint('all');
    else if (changed.size > 0) this.paint(changed);
  }

  /** Forgets the papers' tags (the page came back from the back/forward cache and may be stale). */
  forget(): void {
    this.byPaper.clear();
  }

  /** Records the tags of papers (a broadcast or a reply), and repaints them. */
  setPapers(papers: readonly { id: string; tags: readonly string[] }[]): void {
    const changed = this.record(papers);
    if (changed.size > 0) this.paint(changed);
  }

  private record(papers: readonly { id: string; tags: readonly string[] }[]): Set<string> {
    for (const { id, tags } of papers) this.byPaper.set(id, [...tags]);
    return new Set(papers.map((paper) => paper.id));
  }

  /** The background's answer for `asked`: papers missing from `tags` have none. Papers a broadcast
   * settled meanwhile keep that newer state. */
  resolve(asked: readonly string[], tags: Readonly<Record<string, string[]>>): void {
    const fresh = asked.filter((id) => !this.byPaper.has(id));
    this.setPapers(fresh.map((id) => ({ id, tags: tags[id] ?? [] })));
  }
}
