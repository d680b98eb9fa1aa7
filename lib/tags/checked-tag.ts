/**
 * Tag records and keys as the tag editor would have made them, for everything that takes them from
 * outside the editor (imports, restores, messages): the same rules as lib/tags/tag-name.ts, so a
 * file cannot bring in a tag the user could not type.
 */
import * as z from 'zod/mini';
import { Tag } from '../model/records';
import { normalizeTagName } from './tag-name';

/** Why `key` cannot be a tag's key (a name the tag rules refuse, or not in its folded form), or null. */
export function tagKeyProblem(key: string): string | null {
  const checked = normalizeTagName(key);
  if (!checked.ok) return checked.error;
  return checked.key === key ? null : `not a tag key (the key of “${checked.name}” is “${checked.key}”).`;
}

/** A tag whose name the tag rules accept and whose key is that name's; the name as the editor writes it. */
export const CheckedTag = z.pipe(
  Tag,
  z.transform((tag: Tag, ctx) => {
    const checked = normalizeTagName(tag.name);
    if (!checked.ok) {
      ctx.issues.push({ code: 'custom', path: ['name'], message: checked.error, input: tag.name });
      return z.NEVER;
    }
    if (checked.key !== tag.key) {
      ctx.issues.push({ code: 'custom', path: ['key'], message: `the key of “${checked.name}” is “${checked.key}”, not “${tag.key}”.`, input: tag.key });
      return z.NEVER;
    }
    return { ...tag, name: checked.name };
  }),
);
