/**
 * The library's changes into the sync document: where what the library holds differs from what
 * the document resolves to, the library's value is written with a new clock. Sync does not hook
 * every write of the store; it compares, so every way the library changes (a star, an import, a
 * restore, a rule) is recorded the same way.
 */
import type { Clock } from './clock';
import { canonical, noChanges, type Changed, type PaperEntry, type Register, type SyncDoc, SYNCED_SETTINGS, type TagEntry } from './doc';
import { resolvePaper, resolveRule, resolveTag, tagAdds } from './resolve';
import type { LocalDecisions, PaperDecisions } from '../model/sync-decisions';
import { Settings } from '../model/library';

/**
 * The clock for a write whose record says it happened at `time`. A change seen now gets a new
 * clock (tick) whatever its record says; a library that existed before sync is first recorded
 * with its records' own dates (clockAt), so that any later change on another device wins.
 */
export type Stamp = (time: number) => Clock;

const NOT_SAVED: PaperDecisions = { saved: null, tags: [] };

/** Records `local` (read for the papers of `scope`, or all) into `doc`; what changed in it. */
export function recordLocal(doc: SyncDoc, local: LocalDecisions, scope: 'all' | Iterable<string>, stamp: Stamp): Changed {
  const changed = noChanges();
  const adds = tagAdds(doc);
  const createdAt = new Map(local.tags.map((tag) => [tag.key, tag.createdAt]));
  const ids = scope === 'all' ? new Set([...local.papers.keys(), ...doc.papers.keys()]) : new Set(scope);
  for (const id of ids) {
    const entry = recordPaper(doc.papers.get(id), resolvePaper(doc, doc.papers.get(id), adds), local.papers.get(id) ?? NOT_SAVED, stamp, createdAt);
    if (entry) {
      doc.papers.set(id, entry);
      changed.papers.add(id);
    }
  }
  recordTags(doc, local, adds, stamp, changed);
  recordRules(doc, local, stamp, changed);
  recordSettings(doc, local.settings, stamp, changed);
  return changed;
}

/** The paper's entry with the library's changes written, or null when there are none. */
function recordPaper(entry: PaperEntry | undefined, resolved: PaperDecisions, local: PaperDecisions, stamp: Stamp, tagCreated: Map<string, number>): PaperEntry | null {
  const next: PaperEntry = { ...entry };
  let changed = false;
  const { saved } = local;
  if (saved) {
    if (!resolved.saved || resolved.saved.savedAt !== saved.savedAt) {
      next.saved = [stamp(saved.savedAt), saved.savedAt];
      changed = true;
    }
    if ((entry?.state?.[1] ?? 'to-read') !== saved.state) {
      next.state = [stamp(saved.stateChangedAt ?? saved.savedAt), saved.state];
      changed = true;
    }
    if ((entry?.note?.[1] ?? '') !== saved.note) {
      next.note = [stamp(saved.savedAt), saved.note];
      changed = true;
    }
  } else if (resolved.saved) {
    // A removal clears the state and note too, also writes of them this device has not seen yet
    // (older ones): saved again, the paper starts afresh.
    const clock = stamp(0);
    next.saved = [clock, -resolved.saved.savedAt];
    next.state = [clock, 'to-read'];
    next.note = [clock, ''];
    changed = true;
  }
  const before = new Set(resolved.tags);
  const after = new Set(local.tags);
  const tagTime = (key: string) => Math.max(saved?.savedAt ?? 0, tagCreated.get(key) ?? 0);
  for (const key of after) {
    if (before.has(key)) continue;
    next.tags = new Map(next.tags);
    next.tags.set(key, [stamp(tagTime(key)), 1]);
    changed = true;
  }
  for (const key of before) {
    if (after.has(key)) continue;
    next.tags = new Map(next.tags);
    next.tags.set(key, [stamp(tagTime(key)), 0]);
    changed = true;
  }
  return changed ? next : null;
}

function recordTags(doc: SyncDoc, local: LocalDecisions, adds: Map<string, Clock>, stamp: Stamp, changed: Changed): void {
  const mine = new Map(local.tags.map((tag) => [tag.key, tag]));
  for (const key of new Set([...mine.keys(), ...doc.tags.keys(), ...adds.keys()])) {
    const tag = mine.get(key);
    const resolved = resolveTag(doc, key, adds);
    const entry = doc.tags.get(key);
    const next: TagEntry = { ...entry };
    if (tag) {
      const clock = stamp(tag.createdAt);
      if (!resolved) next.alive = [clock, 1];
      if (resolved?.name !== tag.name || (entry?.name && entry.name[1] !== tag.name)) next.name = [clock, tag.name];
      if (resolved?.color !== tag.color || (entry?.color && entry.color[1] !== tag.color)) next.color = [clock, tag.color];
      if (next.createdAt === undefined || tag.createdAt < next.createdAt) next.createdAt = tag.createdAt;
    } else if (resolved) {
      next.alive = [stamp(0), 0];
    }
    if (canonical([next.alive, next.name, next.color, next.createdAt]) !== canonical([entry?.alive, entry?.name, entry?.color, entry?.createdAt])) {
      doc.tags.set(key, next);
      changed.tags.add(key);
    }
  }
}

function recordRules(doc: SyncDoc, local: LocalDecisions, stamp: Stamp, changed: Changed): void {
  const mine = new Map(local.rules.map((rule) => [rule.id, rule]));
  for (const [id, rule] of mine) {
    if (canonical(resolveRule(doc, id)) === canonical(rule)) continue;
    doc.rules.set(id, [stamp(rule.createdAt), rule]);
    changed.rules.add(id);
  }
  for (const id of doc.rules.keys()) {
    if (mine.has(id) || resolveRule(doc, id) === null) continue;
    doc.rules.set(id, [stamp(0), null]);
    changed.rules.add(id);
  }
}

function recordSettings(doc: SyncDoc, settings: Settings, stamp: Stamp, changed: Changed): void {
  for (const field of SYNCED_SETTINGS) {
    const register: Register<unknown> | undefined = doc.settings.get(field);
    const value = settings[field];
    // A setting never changed anywhere is at its default on every device: nothing to say.
    if (register === undefined ? isDefault(field, value) : canonical(register[1]) === canonical(value)) continue;
    doc.settings.set(field, [stamp(0), value]);
    changed.settings.add(field);
  }
}

const isDefault = (field: keyof Settings, value: unknown) => canonical(Settings.parse({})[field]) === canonical(value);
