/** What the store answers and broadcasts about tags and rules: shapes, not schemas (the
 * broadcasts' schemas are in lib/protocol/messages.ts). */
import type { PaperTags, Tag } from './records';
import type { Rule } from './rule';

/** A tag with how many papers carry it. */
export type TagWithCount = Tag & { count: number };

/** What changed, for the broadcast: every tag definition, and the papers whose tags changed. */
export interface TagChange {
  tags: TagWithCount[];
  papers: { id: string; tags: string[] }[];
}

/** Everything needed to undo a deletion. */
export interface DeletedTag {
  tag: Tag;
  papers: PaperTags[];
}

export interface RenameResult extends TagChange {
  /** Set when the new name is another tag's and `merge` was not given: nothing changed. */
  collision?: { key: string; name: string; papers: number };
}

/** What a rule change did: every rule now, and the tag change it caused (rule tags added or removed). */
export interface RulesChange {
  rules: Rule[];
  tags: TagChange | null;
}
