/**
 * What sync reads from and writes to the library: the user's decisions (which papers are saved and
 * how, their tags, tag definitions, rules, settings), without what the site says about a paper.
 */
import type { PaperState, Tag } from './records';
import type { Rule } from './rule';
import type { Settings } from './library';

/** What the user decided about one paper: saved or not (and how), and its tags. */
export interface PaperDecisions {
  saved: { savedAt: number; state: PaperState; note: string; stateChangedAt?: number | null } | null;
  tags: string[];
}

/** The library's decisions, for the papers asked about, and everything else whole. */
export interface LocalDecisions {
  /** The library's version they were read at: a patch worked out from them applies only there. */
  version: number;
  papers: Map<string, PaperDecisions>;
  tags: Tag[];
  rules: Rule[];
  settings: Settings;
}

/** Changes that bring another device's decisions into the library. */
export interface SyncPatch {
  /** `saved`: null removes the paper; absent leaves it. `tags`: the paper's tags after. */
  papers: { id: string; saved?: PaperDecisions['saved']; tags?: string[] }[];
  tags: { put: Tag[]; remove: string[] };
  rules: { put: Rule[]; remove: string[] };
  settings: Partial<Settings> | null;
}

export const isEmptyPatch = (patch: SyncPatch) =>
  patch.papers.length + patch.tags.put.length + patch.tags.remove.length + patch.rules.put.length + patch.rules.remove.length === 0 && patch.settings === null;
