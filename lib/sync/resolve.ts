/**
 * What a sync document says the library is: each field's winning value, with the rule that a
 * removal wins only over older writes (a paper removed on one device and given a newer state or
 * note on another is saved; a tag deleted on one device and added to a paper later on another
 * exists again, on that paper).
 */
import { clockTime, type Clock } from './clock';
import type { PaperEntry, Register, SyncDoc, SyncedSetting, TagEntry } from './doc';
import type { Tag } from '../model/records';
import type { PaperDecisions } from '../model/sync-decisions';
import type { Rule } from '../model/rule';
import { PALETTE } from '../tags/colors';


const newer = (clock: Clock | undefined, than: Clock) => clock !== undefined && clock > than;

/** The newest clock at which each tag was put on some paper: a tag put on a paper after it was
 * deleted exists again. */
export function tagAdds(doc: SyncDoc): Map<string, Clock> {
  const adds = new Map<string, Clock>();
  for (const entry of doc.papers.values()) {
    for (const [key, [clock, on]] of entry.tags ?? []) if (on === 1 && clock > (adds.get(key) ?? '')) adds.set(key, clock);
  }
  return adds;
}

function tagAlive(entry: TagEntry | undefined, add: Clock | undefined): boolean {
  if (!entry?.alive) return entry !== undefined || add !== undefined;
  const [died, alive] = entry.alive;
  return alive === 1 || newer(entry.name?.[0], died) || newer(entry.color?.[0], died) || newer(add, died);
}

/** A tag as the document has it, or null when it is deleted (or unknown). */
export function resolveTag(doc: SyncDoc, key: string, adds: Map<string, Clock>): Tag | null {
  const entry = doc.tags.get(key);
  if (!tagAlive(entry, adds.get(key))) return null;
  return { key, name: entry?.name?.[1] ?? key, color: entry?.color?.[1] ?? PALETTE[0], createdAt: entry?.createdAt ?? 0 };
}

export function paperSaved(entry: PaperEntry): boolean {
  const saved = entry.saved;
  if (!saved) return false;
  return saved[1] > 0 || newer(entry.state?.[0], saved[0]) || newer(entry.note?.[0], saved[0]);
}

/** One paper's decisions as the document has them. */
export function resolvePaper(doc: SyncDoc, entry: PaperEntry | undefined, adds: Map<string, Clock>): PaperDecisions {
  if (!entry) return { saved: null, tags: [] };
  let saved: PaperDecisions['saved'] = null;
  if (entry.saved && paperSaved(entry)) {
    // Saved again by an edit newer than its removal: when it was first saved.
    const savedAt = Math.abs(entry.saved[1]) || clockTime(entry.saved[0]);
    saved = { savedAt, state: entry.state?.[1] ?? 'to-read', note: entry.note?.[1] ?? '' };
  }
  const tags: string[] = [];
  for (const [key, [clock, on]] of entry.tags ?? []) {
    if (on !== 1) continue;
    const tag = doc.tags.get(key);
    if (!tagAlive(tag, adds.get(key))) continue;
    // A tag deleted after it was put on this paper is not on it (though a later add elsewhere brought it back).
    if (tag?.alive && tag.alive[1] === 0 && !(clock > tag.alive[0])) continue;
    tags.push(key);
  }
  return { saved, tags: tags.sort() };
}

export function resolveRule(doc: SyncDoc, id: string): Rule | null {
  return doc.rules.get(id)?.[1] ?? null;
}

export function resolveSetting(doc: SyncDoc, field: SyncedSetting): Register<unknown> | undefined {
  return doc.settings.get(field);
}
