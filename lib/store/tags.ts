/**
 * Tag operations: add to and remove from papers, rename (merging into an existing tag), recolour,
 * delete with an undo snapshot. Each runs in one transaction over the tag definitions and the
 * papers' tag records (the `tags` shard table).
 */
import type { IDBPDatabase } from 'idb';
import { pick } from 'zod/mini';
import { HEX_COLOR, pickColor } from '../tags/colors';
import type { Rule } from '../model/rule';
import { normalizeTagName } from '../tags/tag-name';
import type { DeletedTag, RenameResult, TagChange, TagWithCount } from '../model/changes';
import type { PaperlightDB } from './database';
import { PaperTags, Tag, type PaperInput } from '../model/records';
import { readLibraryStores, readSummary, writeLibrary, type ShardSession } from './shards';

type DB = IDBPDatabase<PaperlightDB>;
/** A tag operation's transaction: every library store (deleting a rule takes its tags off in the
 * same step), with the shards it has read. */
export type TagTx = ShardSession;

export class TagError extends Error {}

type AutoTag = NonNullable<PaperTags['auto']>[number];

/** The tags the user gave a paper by hand (all of them on records from before rules). */
export const manualOf = (record: PaperTags | undefined): string[] => (record ? (record.manual ?? record.tags) : []);

/** A paper's record from its own tags and its rule tags; `tags` (what is shown and indexed) is the
 * union. Null when nothing is left, so the record can be deleted. */
export function composeTags(base: Pick<PaperTags, 'id' | 'paper' | 'dismissed'>, manual: readonly string[], auto: readonly AutoTag[]): PaperTags | null {
  const tags = [...new Set([...manual, ...auto.map((entry) => entry.key)])];
  if (tags.length === 0 && !base.dismissed?.length) return null;
  const record: PaperTags = { id: base.id, paper: base.paper, tags, manual: [...new Set(manual)] };
  if (auto.length > 0) Object.assign(record, { auto: [...auto], autoRules: [...new Set(auto.map((entry) => entry.rule))] });
  if (base.dismissed?.length) record.dismissed = [...base.dismissed];
  return record;
}

/** Writes a composed record (or deletes an empty one); the paper's shown tags after. The paper's
 * tag shard must have been read. */
export function putTags(tx: TagTx, base: Pick<PaperTags, 'id' | 'paper' | 'dismissed'>, manual: readonly string[], auto: readonly AutoTag[]): { id: string; tags: string[] } {
  const record = composeTags(base, manual, auto);
  if (record) tx.put('tags', base.id, record);
  else tx.delete('tags', base.id);
  return { id: base.id, tags: record?.tags ?? [] };
}

/** A stored tag record, checked: the disk may hold anything (another version's bug, a damaged
 * profile), and a record that does not check reads as none rather than as a lie. */
export function checkedTagRecord(raw: unknown): PaperTags | undefined {
  if (raw === undefined) return undefined;
  const parsed = PaperTags.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** A paper's tag record, read. */
export async function tagRecord(tx: TagTx, id: string): Promise<PaperTags | undefined> {
  const [record] = await tx.fetch('tags', [id]);
  return checkedTagRecord(record);
}

/** Every tag record that carries `key` in `field` (`tags`, or `autoRules` for a rule id), by id
 * (as the v5 indexes listed them). */
export async function tagRecordsWith(tx: TagTx, field: 'tags' | 'autoRules', key: string): Promise<PaperTags[]> {
  await tx.loadAll('tags');
  const found: PaperTags[] = [];
  for (const [, raw] of tx.entries('tags')) {
    // Only the records that name the key are checked (a rename walks every paper's record).
    const values = (raw as Partial<PaperTags> | null)?.[field];
    const record = Array.isArray(values) && values.includes(key) ? checkedTagRecord(raw) : undefined;
    if (record) found.push(record);
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function nameOrThrow(raw: string) {
  const result = normalizeTagName(raw);
  if (!result.ok) throw new TagError(result.error);
  return result;
}

/** The tag definitions with their counts: as this write has made them, or as stored. */
export async function withCounts(tx: TagTx, stored = false): Promise<TagWithCount[]> {
  // A damaged record is left in the store but never breaks the list (nor every tag operation).
  const tags = (await tx.tx.objectStore('tags').getAll()).flatMap((raw) => {
    const tag = Tag.safeParse(raw);
    return tag.success ? [tag.data] : [];
  });
  const counts = stored ? await storedTagCounts(tx) : tx.current().tagCounts;
  return tags.map((tag) => ({ ...tag, count: counts.get(tag.key) ?? 0 }));
}

/** Tag counts from the stored summary, or counted from every tag record where there is none. */
async function storedTagCounts(tx: TagTx): Promise<ReadonlyMap<string, number>> {
  const summary = await readSummary(tx.tx.objectStore('meta'));
  if (summary) return summary.tagCounts;
  await tx.loadAll('tags');
  const counts = new Map<string, number>();
  for (const [, raw] of tx.entries('tags')) {
    const keys = (raw as Partial<PaperTags> | null)?.tags;
    if (Array.isArray(keys)) for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export async function listTags(db: DB): Promise<TagWithCount[]> {
  return readLibraryStores(db, (tx) => withCounts(tx, true));
}

/** The tag keys of each of `ids` that has any. */
export async function tagsOf(db: DB, ids: readonly string[]): Promise<Record<string, string[]>> {
  const records = (await readLibraryStores(db, (tx) => tx.fetch('tags', ids))).map(checkedTagRecord);
  const result: Record<string, string[]> = {};
  for (const record of records) if (record && record.tags.length > 0) result[record.id] = record.tags;
  return result;
}

/** Tags `paper` with `rawName`, creating the tag (with a fresh colour) if it is new. */
export async function addTag(db: DB, paper: PaperInput, rawName: string, now = Date.now()): Promise<TagChange> {
  const { name, key } = nameOrThrow(rawName);
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    if (!(await tags.get(key))) {
      const colors = (await tags.getAll()).map((tag) => tag.color);
      await tags.put(Tag.parse({ key, name, color: pickColor(colors), createdAt: now }));
    }
    const existing = await tagRecord(tx, paper.id);
    const base = pick(PaperTags, { id: true, paper: true, dismissed: true }).parse({ id: paper.id, paper, dismissed: existing?.dismissed });
    const shown = putTags(tx, base, [...manualOf(existing), key], existing?.auto ?? []);
    return { tags: await withCounts(tx), papers: [shown] };
  });
}

/** Takes a tag off a paper, whoever gave it: a rule that gave it will not give it again here. */
export async function removeTag(db: DB, id: string, key: string): Promise<TagChange> {
  return writeLibrary(db, async (tx) => {
    const existing = await tagRecord(tx, id);
    let shown = { id, tags: [] as string[] };
    if (existing) {
      const auto = existing.auto ?? [];
      const dismissed = [...new Set([...(existing.dismissed ?? []), ...auto.filter((entry) => entry.key === key).map((entry) => entry.rule)])];
      shown = putTags(
        tx,
        { ...existing, dismissed },
        manualOf(existing).filter((k) => k !== key),
        auto.filter((entry) => entry.key !== key),
      );
    }
    return { tags: await withCounts(tx), papers: [shown] };
  });
}

/** Rewrites the auto-tag rules that give the tag `key` (a rename changes their tag's name). */
async function retargetRules(tx: TagTx, key: string, change: (rule: Rule) => Rule): Promise<void> {
  const rules = tx.tx.objectStore('rules');
  for (const rule of await rules.getAll()) {
    if (rule.tag === null || rule.tag === undefined) continue;
    const tag = normalizeTagName(rule.tag);
    if (tag.ok && tag.key === key) await rules.put(change(rule));
  }
}

/** Replaces `from` by `to` on every paper that has `from`; the papers that changed. */
async function moveTag(tx: TagTx, from: string, to: string | null): Promise<{ id: string; tags: string[] }[]> {
  const records = await tagRecordsWith(tx, 'tags', from);
  const move = (k: string) => (k === from ? to : k);
  return records.map((record) => {
    const manual = manualOf(record).map(move).filter((k): k is string => k !== null);
    const auto = (record.auto ?? []).flatMap((entry) => {
      const key = move(entry.key);
      return key === null ? [] : [{ ...entry, key }];
    });
    return putTags(tx, record, manual, auto);
  });
}

/**
 * Renames a tag. A new spelling of the same name just changes the spelling. A name that belongs to
 * another tag merges the two (only with `merge`: otherwise the collision is reported and nothing
 * changes, so the user can confirm first); the tag merged into keeps its colour.
 */
export async function renameTag(db: DB, key: string, rawName: string, merge: boolean): Promise<RenameResult> {
  const { name, key: newKey } = nameOrThrow(rawName);
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    const tag = await tags.get(key);
    if (!tag) throw new TagError(`There is no tag “${key}”.`);
    let papers: { id: string; tags: string[] }[] = [];
    if (newKey === key) {
      await tags.put({ ...tag, name });
    } else {
      const target = await tags.get(newKey);
      if (target && !merge) {
        const count = tx.current().tagCounts.get(key) ?? 0;
        return { tags: await withCounts(tx), papers, collision: { key: newKey, name: target.name, papers: count } };
      }
      if (!target) await tags.put({ ...tag, key: newKey, name });
      papers = await moveTag(tx, key, newKey);
      await tags.delete(key);
    }
    await retargetRules(tx, key, (rule) => ({ ...rule, tag: name }));
    return { tags: await withCounts(tx), papers };
  });
}

export async function recolorTag(db: DB, key: string, color: string): Promise<TagChange> {
  if (!HEX_COLOR.test(color)) throw new TagError(`“${color}” is not a colour (#rrggbb).`);
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    const tag = await tags.get(key);
    if (!tag) throw new TagError(`There is no tag “${key}”.`);
    await tags.put({ ...tag, color: color.toLowerCase() });
    return { tags: await withCounts(tx), papers: [] };
  });
}

/** Deletes a tag from every paper; the snapshot it returns undoes that (restoreTag). */
export async function deleteTag(db: DB, key: string): Promise<TagChange & { deleted: DeletedTag }> {
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    const tag = await tags.get(key);
    if (!tag) throw new TagError(`There is no tag “${key}”.`);
    const before = await tagRecordsWith(tx, 'tags', key);
    const papers = await moveTag(tx, key, null);
    await tags.delete(key);
    // A rule giving the tag would bring it back on the next page: it is turned off, saying why.
    await retargetRules(tx, key, (rule) => ({ ...rule, enabled: false, disabledReason: `Its tag “${tag.name}” was deleted.` }));
    return { tags: await withCounts(tx), papers, deleted: { tag, papers: before } };
  });
}

/** Puts a deleted tag back on the papers it was on (keeping tags they got since). */
export async function restoreTag(db: DB, deleted: DeletedTag): Promise<TagChange> {
  const { key } = deleted.tag;
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    if (!(await tags.get(key))) await tags.put({ ...deleted.tag, key });
    await tx.load(
      'tags',
      deleted.papers.map((paper) => paper.id),
    );
    const papers = deleted.papers.map((before) => {
      const now = checkedTagRecord(tx.get('tags', before.id));
      const wasManual = manualOf(before).includes(key);
      const autoBefore = (before.auto ?? []).filter((entry) => entry.key === key);
      const auto = [...(now?.auto ?? []), ...autoBefore.filter((entry) => !now?.auto?.some((e) => e.key === entry.key && e.rule === entry.rule))];
      return putTags(tx, now ?? before, wasManual ? [...manualOf(now), key] : manualOf(now), auto);
    });
    return { tags: await withCounts(tx), papers };
  });
}
