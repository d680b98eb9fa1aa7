/**
 * What an import will do to the library, worked out before anything is written, so the user can see
 * it and confirm: papers added, updated (which fields) or unchanged, and in replace mode removed;
 * tags added, recoloured, renamed or removed; rules and settings changed. The plan carries the
 * library it leads to.
 *
 * Merge: papers are matched by id. An incoming paper sets the fields its record carried (never the
 * defaults a format had to make up, see ImportedLibrary.carried); the note and tags are the user's
 * writing, so when both sides have some they are combined rather than one dropped: tags are united,
 * notes joined with a blank line (unless one already contains the other, so importing the same file
 * twice changes nothing; a join longer than a note may be keeps the library's note). A date that
 * is a coarser form of the one the library has (`2024-07` for `2024-07-31T…`) keeps the finer one.
 * Tags are matched by key; a tag the library has keeps its name (the first spelling, as in the tag
 * store), and takes the file's colour only when the file has colours (JSON).
 *
 * Replace: the library's papers become the file's. For a paper the library had, what the file's
 * record did not carry (its reading state in a BibTeX file, say) is kept rather than reset. Tags,
 * rules and settings are replaced when the file has them and kept when it has none (a BibTeX
 * file has no rules); a tag a remaining paper still carries is never removed.
 */
import type { Rule } from '../../model/rule';
import type { Tag } from '../../model/records';
import { NOTE_MAX, mergeRanking, type Library, type LibraryPaper, type Settings } from '../../model/library';
import { mergeSeen } from '../../model/seen';
import type { ImportedLibrary, PaperField } from './imported';
import { ColourPicker } from './tag-names';

export type ImportMode = 'merge' | 'replace';

export interface PaperUpdate {
  id: string;
  title: string;
  fields: PaperField[];
}

export interface Change<T> {
  key: string;
  from: T;
  to: T;
}

export interface ImportPlan {
  mode: ImportMode;
  papers: { added: LibraryPaper[]; updated: PaperUpdate[]; unchanged: string[]; removed: LibraryPaper[] };
  tags: { added: Tag[]; recoloured: Change<string>[]; renamed: Change<string>[]; removed: Tag[] };
  rules: { added: Rule[]; updated: Rule[]; removed: Rule[] };
  settings: { changed: (keyof Settings)[] };
  /** The library after the import. */
  library: Library;
}

/** Values of one field (strings, numbers, string arrays, a small object): compared by content. */
function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

const TAG_LIMIT = 200;

function joinNotes(ours: string, theirs: string): string {
  if (theirs.trim() === '' || ours.includes(theirs)) return ours;
  if (ours.trim() === '' || theirs.includes(ours)) return theirs;
  const joined = `${ours}\n\n${theirs}`;
  return joined.length > NOTE_MAX ? ours : joined;
}

/** `2024-07` or `2024` said of a paper whose date is `2024-07-31…`: nothing new. */
function coarserDate(incoming: unknown, ours: string | null): boolean {
  return typeof incoming === 'string' && ours !== null && incoming.length < ours.length && ours.startsWith(incoming);
}

const ALL_FIELDS = (paper: LibraryPaper) => Object.keys(paper) as PaperField[];

function mergePaper(ours: LibraryPaper, theirs: LibraryPaper, carried: readonly PaperField[], mode: ImportMode) {
  const next: Record<string, unknown> = { ...ours };
  const fields: PaperField[] = [];
  for (const field of carried) {
    if (field === 'id') continue;
    let value: unknown = theirs[field];
    if (mode === 'merge' && field === 'note') value = joinNotes(ours.note, theirs.note);
    if (mode === 'merge' && field === 'tags') value = [...new Set([...ours.tags, ...theirs.tags])].slice(0, TAG_LIMIT);
    if (field === 'publishedAt' && coarserDate(value, ours.publishedAt)) continue;
    if (!same(ours[field], value)) {
      next[field] = value;
      fields.push(field);
    }
  }
  return { paper: next as LibraryPaper, fields };
}

function planPapers(current: Library, incoming: ImportedLibrary, mode: ImportMode) {
  const ours = new Map(current.papers.map((paper) => [paper.id, paper]));
  const added: LibraryPaper[] = [];
  const updated: PaperUpdate[] = [];
  const unchanged: string[] = [];
  const merged = new Map<string, LibraryPaper>();
  for (const paper of incoming.papers) {
    const existing = ours.get(paper.id);
    if (!existing) {
      added.push(paper);
      merged.set(paper.id, paper);
      continue;
    }
    const result = mergePaper(existing, paper, incoming.carried?.[paper.id] ?? ALL_FIELDS(paper), mode);
    merged.set(paper.id, result.paper);
    if (result.fields.length > 0) updated.push({ id: paper.id, title: result.paper.title, fields: result.fields });
    else unchanged.push(paper.id);
  }
  if (mode === 'replace') {
    const removed = current.papers.filter((paper) => !merged.has(paper.id));
    return { added, updated, unchanged, removed, papers: incoming.papers.map((paper) => merged.get(paper.id)!) };
  }
  const papers = [...current.papers.map((paper) => merged.get(paper.id) ?? paper), ...added];
  return { added, updated, unchanged, removed: [], papers };
}

function planTags(current: Library, incoming: ImportedLibrary, mode: ImportMode, papers: readonly LibraryPaper[]) {
  const fromFile = incoming.tagColours !== 'picked';
  const ours = new Map(current.tags.map((tag) => [tag.key, tag]));
  const picker = new ColourPicker(current.tags.map((tag) => tag.color));
  const added: Tag[] = [];
  const recoloured: Change<string>[] = [];
  const renamed: Change<string>[] = [];
  const resolved = new Map<string, Tag>();
  for (const tag of incoming.tags ?? []) {
    const existing = ours.get(tag.key);
    let next: Tag;
    if (!existing) {
      next = fromFile ? tag : { ...tag, color: picker.next() };
      added.push(next);
    } else if (!fromFile) {
      next = existing;
    } else {
      next = mode === 'replace' ? tag : { ...existing, color: tag.color };
      if (next.name !== existing.name) renamed.push({ key: tag.key, from: existing.name, to: next.name });
    }
    if (existing && existing.color.toLowerCase() !== next.color.toLowerCase()) {
      recoloured.push({ key: tag.key, from: existing.color, to: next.color });
    }
    resolved.set(tag.key, next);
  }

  let tags: Tag[];
  if (mode === 'merge' || incoming.tags === undefined) {
    tags = [...current.tags.map((tag) => resolved.get(tag.key) ?? tag), ...added];
  } else {
    const used = new Set(papers.flatMap((paper) => paper.tags));
    tags = [...resolved.values(), ...current.tags.filter((tag) => !resolved.has(tag.key) && used.has(tag.key))];
  }
  const kept = new Set(tags.map((tag) => tag.key));
  // A paper never points at a tag the library lacks, whatever the file held.
  for (const paper of papers) {
    for (const key of paper.tags) {
      if (kept.has(key)) continue;
      const tag = { key, name: key, color: picker.next(), createdAt: paper.savedAt };
      tags.push(tag);
      added.push(tag);
      kept.add(key);
    }
  }
  const removed = current.tags.filter((tag) => !kept.has(tag.key));
  return { tags, summary: { added, recoloured, renamed, removed } };
}

function planRules(current: Library, incoming: ImportedLibrary, mode: ImportMode) {
  const summary = { added: [] as Rule[], updated: [] as Rule[], removed: [] as Rule[] };
  if (incoming.rules === undefined) return { rules: current.rules, summary };
  const ours = new Map(current.rules.map((rule) => [rule.id, rule]));
  for (const rule of incoming.rules) {
    const existing = ours.get(rule.id);
    if (!existing) summary.added.push(rule);
    else if (!same(existing, rule)) summary.updated.push(rule);
  }
  if (mode === 'replace') {
    const theirs = new Set(incoming.rules.map((rule) => rule.id));
    summary.removed = current.rules.filter((rule) => !theirs.has(rule.id));
    return { rules: incoming.rules, summary };
  }
  const updates = new Map(summary.updated.map((rule) => [rule.id, rule]));
  return { rules: [...current.rules.map((rule) => updates.get(rule.id) ?? rule), ...summary.added], summary };
}

function planSettings(current: Library, incoming: ImportedLibrary, mode: ImportMode) {
  const theirs = incoming.settings;
  if (theirs === undefined) return { settings: current.settings, changed: [] };
  const settings: Settings =
    mode === 'replace' ? theirs : { ...current.settings, ...theirs, keyBindings: { ...current.settings.keyBindings, ...theirs.keyBindings } };
  const keys = Object.keys(settings) as (keyof Settings)[];
  return { settings, changed: keys.filter((key) => !same(current.settings[key], settings[key])) };
}

/** The seen ledger after the import: the file's (replace) or both merged (merge); undefined when
 * the file has none, which leaves the ledger as it is. */
function planSeen(current: Library, incoming: ImportedLibrary, mode: ImportMode): Library['seen'] {
  if (incoming.seen === undefined) return undefined;
  if (mode === 'replace') return incoming.seen;
  const seen = { ...current.seen };
  for (const [id, record] of Object.entries(incoming.seen)) seen[id] = seen[id] ? mergeSeen(seen[id], record) : record;
  return seen;
}

/** What the "For you" model is rebuilt from (issue #17), as for the seen ledger: the file's
 * (replace) or both merged (merge); undefined when the file has none, which leaves it as it is. */
function planRanking(current: Library, incoming: ImportedLibrary, mode: ImportMode): Library['ranking'] {
  if (incoming.ranking === undefined) return undefined;
  return mode === 'replace' ? incoming.ranking : mergeRanking(current.ranking, incoming.ranking);
}

export function planImport(current: Library, incoming: ImportedLibrary, mode: ImportMode): ImportPlan {
  const { papers, ...paperSummary } = planPapers(current, incoming, mode);
  const tags = planTags(current, incoming, mode, papers);
  const rules = planRules(current, incoming, mode);
  const settings = planSettings(current, incoming, mode);
  return {
    mode,
    papers: paperSummary,
    tags: tags.summary,
    rules: rules.summary,
    settings: { changed: settings.changed },
    library: {
      papers,
      tags: tags.tags,
      rules: rules.rules,
      settings: settings.settings,
      ...(incoming.seen !== undefined && { seen: planSeen(current, incoming, mode) }),
      ...(incoming.ranking !== undefined && { ranking: planRanking(current, incoming, mode) }),
    },
  };
}

/** The library a confirmed plan leads to. */
export function applyImport(plan: ImportPlan): Library {
  return plan.library;
}
