/**
 * Tag operations: add to and remove from papers, rename (merging into an existing tag), recolour,
 * delete with an undo snapshot. Each runs in one transaction over `tags` and `paperTags`.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { HEX_COLOR, pickColor } from '../tags/colors';
import { normalizeTagName } from '../tags/tag-name';
import type { PaperlightDB } from './database';
import { PaperTags, Tag, type PaperInput } from './records';

type DB = IDBPDatabase<PaperlightDB>;
type TagTx = IDBPTransaction<PaperlightDB, ('tags' | 'paperTags')[], 'readwrite'>;

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

function nameOrThrow(raw: string) {
  const result = normalizeTagName(raw);
  if (!result.ok) throw new TagError(result.error);
  return result;
}

async function withCounts(tx: TagTx | IDBPTransaction<PaperlightDB, ('tags' | 'paperTags')[], 'readonly'>): Promise<TagWithCount[]> {
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
  const tx = db.transaction(['tags', 'paperTags'], 'readonly');
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
  const tx = db.transaction(['tags', 'paperTags'], 'readwrite');
  const tags = tx.objectStore('tags');
  if (!(await tags.get(key))) {
    const colors = (await tags.getAll()).map((tag) => tag.color);
    await tags.put(Tag.parse({ key, name, color: pickColor(colors), createdAt: now }));
  }
  const links = tx.objectStore('paperTags');
  const existing = await links.get(paper.id);
  const record = PaperTags.parse({ id: paper.id, paper, tags: [...new Set([...(existing?.tags ?? []), key])] });
  await links.put(record);
  const change = { tags: await withCounts(tx), papers: [{ id: record.id, tags: record.tags }] };
  await tx.done;
  return change;
}

export async function removeTag(db: DB, id: string, key: string): Promise<TagChange> {
  const tx = db.transaction(['tags', 'paperTags'], 'readwrite');
  const links = tx.objectStore('paperTags');
  const existing = await links.get(id);
  const remaining = (existing?.tags ?? []).filter((k) => k !== key);
  if (existing && remaining.length > 0) await links.put({ ...existing, tags: remaining });
  else if (existing) await links.delete(id);
  const change = { tags: await withCounts(tx), papers: [{ id, tags: remaining }] };
  await tx.done;
  return change;
}

/** Replaces `from` by `to` on every paper that has `from`; the papers that changed. */
async function moveTag(tx: TagTx, from: string, to: string | null): Promise<{ id: string; tags: string[] }[]> {
  const links = tx.objectStore('paperTags');
  const records = await links.index('tags').getAll(from);
  const changed: { id: string; tags: string[] }[] = [];
  for (const record of records) {
    const tags = [...new Set(record.tags.map((k) => (k === from ? to : k)).filter((k): k is string => k !== null))];
    if (tags.length > 0) await links.put({ ...record, tags });
    else await links.delete(record.id);
    changed.push({ id: record.id, tags });
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
  const tx = db.transaction(['tags', 'paperTags'], 'readwrite');
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
  const change = { tags: await withCounts(tx), papers };
  await tx.done;
  return change;
}

export async function recolorTag(db: DB, key: string, color: string): Promise<TagChange> {
  if (!HEX_COLOR.test(color)) throw new TagError(`“${color}” is not a colour (#rrggbb).`);
  const tx = db.transaction(['tags', 'paperTags'], 'readwrite');
  const tag = await tx.objectStore('tags').get(key);
  if (!tag) throw new TagError(`There is no tag “${key}”.`);
  await tx.objectStore('tags').put({ ...tag, color: color.toLowerCase() });
  const change = { tags: await withCounts(tx), papers: [] };
  await tx.done;
  return change;
}

/** Deletes a tag from every paper; the snapshot it returns undoes that (restoreTag). */
export async function deleteTag(db: DB, key: string): Promise<TagChange & { deleted: DeletedTag }> {
  const tx = db.transaction(['tags', 'paperTags'], 'readwrite');
  const tag = await tx.objectStore('tags').get(key);
  if (!tag) throw new TagError(`There is no tag “${key}”.`);
  const before = await tx.objectStore('paperTags').index('tags').getAll(key);
  const papers = await moveTag(tx, key, null);
  await tx.objectStore('tags').delete(key);
  const change = { tags: await withCounts(tx), papers, deleted: { tag, papers: before } };
  await tx.done;
  return change;
}

/** Puts a deleted tag back on the papers it was on (keeping tags they got since). */
export async function restoreTag(db: DB, deleted: DeletedTag): Promise<TagChange> {
  const tx = db.transaction(['tags', 'paperTags'], 'readwrite');
  const { key } = deleted.tag;
  if (!(await tx.objectStore('tags').get(key))) await tx.objectStore('tags').put({ ...deleted.tag, key });
  const links = tx.objectStore('paperTags');
  const papers: { id: string; tags: string[] }[] = [];
  for (const before of deleted.papers) {
    const now = await links.get(before.id);
    const tags = [...new Set([...(now?.tags ?? []), key])];
    await links.put({ ...(now ?? before), tags });
    papers.push({ id: before.id, tags });
  }
  const change = { tags: await withCounts(tx), papers };
  await tx.done;
  return change;
}
