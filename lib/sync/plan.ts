/**
 * The sync document into the library: where the document resolves to something other than what
 * the library holds (another device's newer write), the change that brings it here.
 */
import { canonical, type Changed, type SyncDoc, SYNCED_SETTINGS } from './doc';
import { resolvePaper, resolveRule, resolveTag, tagAdds } from './resolve';
import type { LocalDecisions, PaperDecisions, SyncPatch } from '../model/sync-decisions';
import type { Settings } from '../model/library';

const NOT_SAVED: PaperDecisions = { saved: null, tags: [] };

/** The papers whose decisions `changed` may have moved: those changed, and those carrying a tag
 * whose existence changed (a deleted tag leaves every paper). */
export function papersToCheck(doc: SyncDoc, changed: Changed | 'all'): Set<string> {
  if (changed === 'all') return new Set(doc.papers.keys());
  const ids = new Set(changed.papers);
  if (changed.tags.size > 0) {
    for (const [id, entry] of doc.papers) {
      for (const key of entry.tags?.keys() ?? []) if (changed.tags.has(key)) ids.add(id);
    }
  }
  return ids;
}

/** What to write so that the library (`local`, read for the papers of `ids`) holds what `doc` says. */
export function planPatch(doc: SyncDoc, local: LocalDecisions, ids: Iterable<string>): SyncPatch {
  const adds = tagAdds(doc);
  const patch: SyncPatch = { papers: [], tags: { put: [], remove: [] }, rules: { put: [], remove: [] }, settings: null };
  for (const id of ids) {
    const resolved = resolvePaper(doc, doc.papers.get(id), adds);
    const mine = local.papers.get(id) ?? NOT_SAVED;
    const change: SyncPatch['papers'][number] = { id };
    if (!sameSaved(resolved.saved, mine.saved)) change.saved = resolved.saved;
    if (canonical([...resolved.tags].sort()) !== canonical([...mine.tags].sort())) change.tags = resolved.tags;
    if (change.saved !== undefined || change.tags) patch.papers.push(change);
  }
  const mine = new Map(local.tags.map((tag) => [tag.key, tag]));
  for (const key of new Set([...mine.keys(), ...doc.tags.keys(), ...adds.keys()])) {
    const resolved = resolveTag(doc, key, adds);
    const tag = mine.get(key);
    if (resolved && (!tag || tag.name !== resolved.name || tag.color !== resolved.color)) patch.tags.put.push(tag ? { ...resolved, createdAt: Math.min(tag.createdAt, resolved.createdAt) } : resolved);
    // Only a tag the document knows of is deleted here: one it never heard of is this device's news.
    else if (!resolved && tag && (doc.tags.has(key) || adds.has(key))) patch.tags.remove.push(key);
  }
  const rules = new Map(local.rules.map((rule) => [rule.id, rule]));
  for (const id of doc.rules.keys()) {
    const resolved = resolveRule(doc, id);
    if (resolved && canonical(resolved) !== canonical(rules.get(id))) patch.rules.put.push(resolved);
    else if (!resolved && rules.has(id)) patch.rules.remove.push(id);
  }
  const settings: Partial<Settings> = {};
  for (const field of SYNCED_SETTINGS) {
    const register = doc.settings.get(field);
    if (register && canonical(register[1]) !== canonical(local.settings[field])) Object.assign(settings, { [field]: register[1] });
  }
  patch.settings = Object.keys(settings).length > 0 ? settings : null;
  return patch;
}

function sameSaved(a: PaperDecisions['saved'], b: PaperDecisions['saved']): boolean {
  if (!a || !b) return a === b;
  return a.savedAt === b.savedAt && a.state === b.state && a.note === b.note;
}
