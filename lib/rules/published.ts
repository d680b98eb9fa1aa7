/**
 * The rules as handed to pages: the background copies them into `storage.local` (extension
 * storage, not the page's) after every change, so a page reads them at load without waking the
 * background, and `storage.onChanged` brings edits to every open tab at once. The database stays
 * the source of truth.
 */
import { z } from 'zod';
import { Rule } from './rule';

// The key lives with the early read, which must not pull in zod.
export { PUBLISHED_RULES_KEY } from './published-read';

/** The published rules, validated: a damaged entry is dropped, never trusted. */
export function readPublishedRules(value: unknown): Rule[] {
  const list = z.array(z.unknown()).safeParse(value);
  if (!list.success) return [];
  return list.data.flatMap((raw) => {
    const rule = Rule.safeParse(raw);
    return rule.success ? [rule.data] : [];
  });
}
