/** Tag suggestions as the user types: prefix matches before substring matches, most-used first. */
import type { TagWithCount } from '../model/changes';

const byUse = (a: TagWithCount, b: TagWithCount) => b.count - a.count || a.name.localeCompare(b.name);

export function suggestTags(
  typed: string,
  tags: Iterable<TagWithCount>,
  exclude: ReadonlySet<string> = new Set(),
  limit = 8,
): TagWithCount[] {
  const query = typed.replace(/\s+/g, ' ').trim().toLowerCase();
  const prefix: TagWithCount[] = [];
  const substring: TagWithCount[] = [];
  for (const tag of tags) {
    if (exclude.has(tag.key)) continue;
    if (tag.key.startsWith(query)) prefix.push(tag);
    else if (tag.key.includes(query)) substring.push(tag);
  }
  return [...prefix.sort(byUse), ...substring.sort(byUse)].slice(0, limit);
}
