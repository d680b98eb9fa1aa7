/**
 * What sync keeps: the user's decisions as a state-based CRDT. Every field is a register holding
 * the clock of its last write (clock.ts) and its value; merging two documents keeps, field by field,
 * the register with the newer clock. That makes a merge commutative, associative and idempotent,
 * so devices that see each other's writes in any order, late or twice, end up the same.
 *
 * Per field: a paper's saved mark (with when it was saved), reading state and note; each tag on a
 * paper on its own (adding "rl" on one device and taking "llm" off on another keeps both); a tag's
 * name, colour and whether it exists; each rule as a whole; each setting. A removal is a register
 * too (a tombstone), and it wins only over writes older than it: a paper removed on one device and
 * edited later on another stays saved (resolve.ts).
 */
import type { Clock } from './clock';
import type { PaperState } from '../model/records';
import type { Rule } from '../model/rule';

/** A field's last write: its clock and its value. */
export type Register<T> = readonly [clock: Clock, value: T];

export interface PaperEntry {
  /** Saved: when (epoch ms); negated once removed (a newer edit saves it again, from then). */
  saved?: Register<number>;
  state?: Register<PaperState>;
  note?: Register<string>;
  /** Tag key → 1 on the paper, 0 taken off. */
  tags?: Map<string, Register<0 | 1>>;
}

export interface TagEntry {
  /** 1: the tag exists; 0: deleted. */
  alive?: Register<0 | 1>;
  name?: Register<string>;
  color?: Register<string>;
  /** When the tag was made (epoch ms): the earliest any device says. */
  createdAt?: number;
}

/** The settings that sync (what the options page sets, key bindings included). */
export const SYNCED_SETTINGS = ['openMarksReading', 'badgeCountsToRead', 'keyBindings', 'seenMarks', 'dimSeen', 'seenDays', 'onlyNew', 'lastingDismiss'] as const;
export type SyncedSetting = (typeof SYNCED_SETTINGS)[number];

export interface SyncDoc {
  papers: Map<string, PaperEntry>;
  tags: Map<string, TagEntry>;
  /** Rule id → the rule, or null once deleted. */
  rules: Map<string, Register<Rule | null>>;
  settings: Map<SyncedSetting, Register<unknown>>;
}

export const emptyDoc = (): SyncDoc => ({ papers: new Map(), tags: new Map(), rules: new Map(), settings: new Map() });

/** JSON with object keys sorted: equal values give equal text, whatever order their keys came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Whether `a` wins over `b`: the newer clock; for the same clock (one device, one event, which
 * cannot hold two values unless a record was damaged) the greater value, so that any order of
 * merging picks the same one. */
export function wins<T>(a: Register<T>, b: Register<T> | undefined): boolean {
  if (!b) return true;
  if (a[0] !== b[0]) return a[0] > b[0];
  return canonical(a[1]) > canonical(b[1]);
}

const pickRegister = <T>(a: Register<T> | undefined, b: Register<T> | undefined): Register<T> | undefined => (a && wins(a, b) ? a : b);

export function mergePaper(a: PaperEntry | undefined, b: PaperEntry): PaperEntry {
  if (!a) return b;
  const merged: PaperEntry = {};
  const saved = pickRegister(a.saved, b.saved);
  const state = pickRegister(a.state, b.state);
  const note = pickRegister(a.note, b.note);
  if (saved) merged.saved = saved;
  if (state) merged.state = state;
  if (note) merged.note = note;
  if (a.tags || b.tags) {
    const tags = new Map(a.tags);
    for (const [key, register] of b.tags ?? []) tags.set(key, pickRegister(register, tags.get(key)) ?? register);
    merged.tags = tags;
  }
  return merged;
}

export function mergeTag(a: TagEntry | undefined, b: TagEntry): TagEntry {
  if (!a) return b;
  const merged: TagEntry = {};
  const alive = pickRegister(a.alive, b.alive);
  const name = pickRegister(a.name, b.name);
  const color = pickRegister(a.color, b.color);
  if (alive) merged.alive = alive;
  if (name) merged.name = name;
  if (color) merged.color = color;
  const createdAt = Math.min(a.createdAt ?? Infinity, b.createdAt ?? Infinity);
  if (createdAt !== Infinity) merged.createdAt = createdAt;
  return merged;
}

/** What a merge changed in the target: the papers, tags, rules and settings to look at again. */
export interface Changed {
  papers: Set<string>;
  tags: Set<string>;
  rules: Set<string>;
  settings: Set<SyncedSetting>;
}

export const noChanges = (): Changed => ({ papers: new Set(), tags: new Set(), rules: new Set(), settings: new Set() });
export const anyChanged = (changed: Changed) => changed.papers.size + changed.tags.size + changed.rules.size + changed.settings.size > 0;

const samePaper = (a: PaperEntry | undefined, b: PaperEntry) => a !== undefined && paperText(a) === paperText(b);
const paperText = (entry: PaperEntry) => canonical([entry.saved, entry.state, entry.note, [...(entry.tags ?? [])].sort(([x], [y]) => (x < y ? -1 : 1))]);
const tagText = (entry: TagEntry | undefined) => canonical(entry && [entry.alive, entry.name, entry.color, entry.createdAt]);

/** Merges `source` into `target` (which it changes); what changed in `target`. */
export function mergeInto(target: SyncDoc, source: SyncDoc): Changed {
  const changed = noChanges();
  for (const [id, entry] of source.papers) {
    const before = target.papers.get(id);
    const after = mergePaper(before, entry);
    if (!samePaper(before, after)) {
      target.papers.set(id, after);
      changed.papers.add(id);
    }
  }
  for (const [key, entry] of source.tags) {
    const before = target.tags.get(key);
    const after = mergeTag(before, entry);
    if (tagText(before) !== tagText(after)) {
      target.tags.set(key, after);
      changed.tags.add(key);
    }
  }
  for (const [id, register] of source.rules) {
    if (wins(register, target.rules.get(id))) {
      target.rules.set(id, register);
      changed.rules.add(id);
    }
  }
  for (const [field, register] of source.settings) {
    if (wins(register, target.settings.get(field))) {
      target.settings.set(field, register);
      changed.settings.add(field);
    }
  }
  return changed;
}

/** A new document: `a` and `b` merged (neither is changed). */
export function merge(a: SyncDoc, b: SyncDoc): SyncDoc {
  const result = cloneDoc(a);
  mergeInto(result, b);
  return result;
}

export function cloneDoc(doc: SyncDoc): SyncDoc {
  return {
    papers: new Map(Array.from(doc.papers, ([id, entry]) => [id, { ...entry, ...(entry.tags && { tags: new Map(entry.tags) }) }])),
    tags: new Map(Array.from(doc.tags, ([key, entry]) => [key, { ...entry }])),
    rules: new Map(doc.rules),
    settings: new Map(doc.settings),
  };
}

/** Every register of `entry`'s, newest clock first: when it was last touched. */
export function newestClock(entry: PaperEntry): Clock {
  let newest = '';
  for (const register of [entry.saved, entry.state, entry.note, ...(entry.tags?.values() ?? [])]) if (register && register[0] > newest) newest = register[0];
  return newest;
}

/** Whether `doc` holds, for every register of `part`, that write or a newer one: merging `part`
 * into it would change nothing. */
export function covers(doc: SyncDoc, part: SyncDoc): boolean {
  const has = <T>(mine: Register<T> | undefined, theirs: Register<T> | undefined) => !theirs || (mine !== undefined && !wins(theirs, mine));
  for (const [id, entry] of part.papers) {
    const mine = doc.papers.get(id);
    if (!has(mine?.saved, entry.saved) || !has(mine?.state, entry.state) || !has(mine?.note, entry.note)) return false;
    for (const [key, register] of entry.tags ?? []) if (!has(mine?.tags?.get(key), register)) return false;
  }
  for (const [key, entry] of part.tags) {
    const mine = doc.tags.get(key);
    if (!has(mine?.alive, entry.alive) || !has(mine?.name, entry.name) || !has(mine?.color, entry.color)) return false;
    if (entry.createdAt !== undefined && !(mine?.createdAt !== undefined && mine.createdAt <= entry.createdAt)) return false;
  }
  for (const [id, register] of part.rules) if (!has(doc.rules.get(id), register)) return false;
  for (const [field, register] of part.settings) if (!has(doc.settings.get(field), register)) return false;
  return true;
}

/** The same documents, as text (for tests and comparisons). */
export function docText(doc: SyncDoc): string {
  const sorted = <V>(map: Map<string, V>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return canonical({
    papers: sorted(doc.papers).map(([id, entry]) => [id, paperText(entry)]),
    tags: sorted(doc.tags).map(([key, entry]) => [key, tagText(entry)]),
    rules: sorted(doc.rules),
    settings: sorted(doc.settings as Map<string, Register<unknown>>),
  });
}
