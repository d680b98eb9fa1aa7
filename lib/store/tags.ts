/**
 * Tag operations: add to and remove from papers, rename (merging into an existing tag), recolour,
 * delete with an undo snapshot. Each runs in one transaction over `tags` and `paperTags`.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { HEX_COLOR, pickColor } from '../tags/colors';
import type { Rule } from '../rules/rule';
import { normalizeTagName } from '../tags/tag-name';
import type { PaperlightDB } from './database';
import { PaperTags, Tag, type PaperInput } from './records';

type DB = IDBPDatabase<PaperlightDB>;
/** Every tag transaction also covers rules: deleting a rule takes its tags off in the same step. */
export const TAG_STORES: ('tags' | 'paperTags' | 'rules')[] = ['tags', 'paperTags', 'rules'];
export type TagTx = IDBPTransaction<PaperlightDB, ('tags' | 'paperTags' | 'rules')[], 'readwrite'>;

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

/** Writes a composed record (or deletes an empty one); the paper's shown tags after. */
export async function putTags(tx: TagTx, base: Pick<PaperTags, 'id' | 'paper' | 'dismissed'>, manual: readonly string[], auto: readonly AutoTag[]): Promise<{ id: string; tags: string[] }> {
  const record = composeTags(base, manual, auto);
  const links = tx.objectStore('paperTags');
  if (record) await links.put(record);
  else await links.delete(base.id);
  return { id: base.id, tags: record?.tags ?? [] };
}

function nameOrThrow(raw: string) {
  const result = normalizeTagName(raw);
  if (!result.ok) throw new TagError(result.error);
  return result;
}

export async function withCounts(tx: TagTx | IDBPTransaction<PaperlightDB, ('tags' | 'paperTags' | 'rules')[], 'readonly'>): Promise<TagWithCount[]> {
  // A damaged record is left in the store but never breaks the list (nor every tag operation).
  const tags = (await tx.objectStore('tags').getAll()).flatMap((raw) => {
    const tag = Tag.safeParse(raw);
    return tag.success ? [tag.data] : [];
  });
  const index = tx.objectStore('paperTags').index('tags');
  const counts = await Promise.all(tags.map((tag) => index.count(tag.key)));
  return tags.map((tag, i) => ({ ...tag, count: counts[i] ?? 0 }));
}

export async function listTags(db: DB): Promise<TagWithCount[]> {
  const tx = db.transaction(TAG_STORES, 'readonly');
  const tags = await withCounts(tx);
  await tx.done;
  return tags;
}

/** The tag keys of each of `ids` that has any. */
export async function tagsOf(db: DB, ids: readonly string[]): Promise<Record<string, string[]>> {
  const tx = db.transaction('paperTags', 'readonly');
  const records = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  const result: Record<string, string[]> = {};
  for (const record of records) if (record && record.tags.length > 0) result[record.id] = record.tags;
  return result;
}

/** Tags `paper` with `rawName`, creating the tag (with a fresh colour) if it is new. */
export async function addTag(db: DB, paper: PaperInput, rawName: string, now = Date.now()): Promise<TagChange> {
  const { name, key } = nameOrThrow(rawName);
  const tx = db.transaction(TAG_STORES, 'readwrite');
  const tags = tx.objectStore('tags');
  if (!(await tags.get(key))) {
    const colors = (await tags.getAll()).map((tag) => tag.color);
    await tags.put(Tag.parse({ key, name, color: pickColor(colors), createdAt: now }));
  }
  const existing = await tx.objectStore('paperTags').get(paper.id);
  const base = PaperTags.pick({ id: true, paper: true, dismissed: true }).parse({ id: paper.id, paper, dismissed: existing?.dismissed });
  const shown = await putTags(tx, base, [...manualOf(existing), key], existing?.auto ?? []);
  const change = { tags: await withCounts(tx), papers: [shown] };
  await tx.done;
  return change;
}

/** Takes a tag off a paper, whoever gave it: a rule that gave it will not give it again here. */
export async function removeTag(db: DB, id: string, key: string): Promise<TagChange> {
  const tx = db.transaction(TAG_STORES, 'readwrite');
  const existing = await tx.objectStore('paperTags').get(id);
  let shown = { id, tags: [] as string[] };
  if (existing) {
    const auto = existing.auto ?? [];
    const dismissed = [...new Set([...(existing.dismissed ?? []), ...auto.filter((entry) => entry.key === key).map((entry) => entry.rule)])];
    shown = await putTags(
      tx,
      { ...existing, dismissed },
      manualOf(existing).filter((k) => k !== key),
      auto.filter((entry) => entry.key !== key),
    );
  }
  const change = { tags: await withCounts(tx), papers: [shown] };
  await tx.done;
  return change;
}

/** Rewrites the auto-tag rules that give the tag `key` (a rename changes their tag's name). */
async function retargetRules(tx: TagTx, key: string, change: (rule: Rule) => Rule): Promise<void> {
  const rules = tx.objectStore('rules');
  for (const rule of await rules.getAll()) {
    if (rule.tag === null || rule.tag === undefined) continue;
    const tag = normalizeTagName(rule.tag);
    if (tag.ok && tag.key === key) await rules.put(change(rule));
  }
}

/** Replaces `from` by `to` on every paper that has `from`; the papers that changed. */
async function moveTag(tx: TagTx, from: string, to: string | null): Promise<{ id: string; tags: string[] }[]> {
  const records = await tx.objectStore('paperTags').index('tags').getAll(from);
  const changed: { id: string; tags: string[] }[] = [];
  const move = (k: string) => (k === from ? to : k);
  for (const record of records) {
    const manual = manualOf(record).map(move).filter((k): k is string => k !== null);
    const auto = (record.auto ?? []).flatMap((entry) => {
      const key = move(entry.key);
      return key === null ? [] : [{ ...entry, key }];
    });
    changed.push(await putTags(tx, record, manual, auto));
  }
  return changed;
}

export interface RenameResult extends TagChange {
  /** Set when the new name is another tag's and `merge` was not given: nothing changed. */
  collision?: { key: string; name: string; papers: number };
}

/**
 * Renames a tag. A new spelling of the same name just changes the spelling. A name that belongs to
 * another tag merges the two (only with `merge`: otherwise the collision is reported and nothing
 * changes, so the user can confirm first); the tag merged into keeps its colour.
 */
export async function renameTag(db: DB, key: string, rawName: string, merge: boolean): Promise<RenameResult> {
  const { name, key: newKey } = nameOrThrow(rawName);
  const tx = db.transaction(TAG_STORES, 'readwrite');
  const tags = tx.objectStore('tags');
  const tag = await tags.get(key);
  if (!tag) throw new TagError(`There is no tag “${key}”.`);
  let papers: { id: string; tags: string[] }[] = [];
  if (newKey === key) {
    await tags.put({ ...tag, name });
  } else {
    const target = await tags.get(newKey);
    if (target && !merge) {
      const count = await tx.objectStore('paperTags').index('tags').count(key);
      const result = { tags: await withCounts(tx), papers, collision: { key: newKey, name: target.name, papers: count } };
      await tx.done;
      return result;
    }
    if (!target) await tags.put({ ...tag, key: newKey, name });
    papers = await moveTag(tx, key, newKey);
    await tags.delete(key);
  }
  await retargetRules(tx, key, (rule) => ({ ...rule, tag: name }));
  const change = { tags: await withCounts(tx), papers };
  await tx.done;
  return change;
}

export async function recolorTag(db: DB, key: string, color: string): Promise<TagChange> {
  if (!HEX_COLOR.test(color)) throw new TagError(`“${color}” is not a colour (#rrggbb).`);
  const tx = db.transaction(TAG_STORES, 'readwrite');
  const tag = await tx.objectStore('tags').get(key);
  if (!tag) throw new TagError(`There is no tag “${key}”.`);
  await tx.objectStore('tags').put({ ...tag, color: color.toLowerCase() });
  const change = { tags: await withCounts(tx), papers: [] };
  await tx.done;
  return change;
}

/** Deletes a tag from every paper; the snapshot it returns undoes that (restoreTag). */
export async function deleteTag(db: DB, key: string): Promise<TagChange & { deleted: DeletedTag }> {
  const tx = db.transaction(TAG_STORES, 'readwrite');
  const tag = await tx.objectStore('tags').get(key);
  if (!tag) throw new TagError(`There is no tag “${key}”.`);
  const before = await tx.objectStore('paperTags').index('tags').getAll(key);
  const papers = await moveTag(tx, key, null);
  await tx.objectStore('tags').delete(key);
  // A rule giving the tag would bring it back on the next page: it is turned off, saying why.
  await retargetRules(tx, key, (rule) => ({ ...rule, enabled: false, disabledReason: `Its tag “${tag.name}” was deleted.` }));
  const change = { tags: await withCounts(tx), papers, deleted: { tag, papers: before } };
  await tx.done;
  return change;
}

/** Puts a deleted tag back on the papers it was on (keeping tags they got since). */
export async function restoreTag(db: DB, deleted: DeletedTag): Promise<TagChange> {
  const tx = db.transaction(TAG_STORES, 'readwrite');
  const { key } = deleted.tag;
  if (!(await tx.objectStore('tags').get(key))) await tx.objectStore('tags').put({ ...deleted.tag, key });
  const links = tx.objectStore('paperTags');
  const papers: { id: string; tags: string[] }[] = [];
  for (const before of deleted.papers) {
    const now = await links.get(before.id);
    const wasManual = manualOf(before).includes(key);
    const autoBefore = (before.auto ?? []).filter((entry) => entry.key === key);
    const auto = [...(now?.auto ?? []), ...autoBefore.filter((entry) => !now?.auto?.some((e) => e.key === entry.key && e.rule === entry.rule))];
    papers.push(await putTags(tx, now ?? before, wasManual ? [...manualOf(now), key] : manualOf(now), auto));
  }
  const change = { tags: await withCounts(tx), papers };
  await tx.done;
  return change;
}
