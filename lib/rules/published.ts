/**
 * The rules as handed to pages: the background copies them into `storage.local` (extension
 * storage, not the page's) after every change, so a page reads them at load without waking the
 * background, and `storage.onChanged` brings edits to every open tab at once. The database stays
 * the source of truth.
 */
import * as z from 'zod/mini';
import { Rule } from '../model/rule';

// The key lives with the early read, which must not pull in zod.
export { PUBLISHED_RULES_KEY } from './published-read';

const RULE_KEYS = Object.keys(Rule.shape) as (keyof Rule)[];

/** Whether `raw` holds exactly the settings of `known` (which was validated): it would validate to it. */
function sameSettings(raw: unknown, known: Rule): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const record = raw as Record<string, unknown>;
  for (const key of RULE_KEYS) {
    const value = record[key];
    const expected = known[key];
    if (value === expected) continue;
    if (!Array.isArray(value) || !Array.isArray(expected) || value.length !== expected.length) return false;
    for (let i = 0; i < value.length; i++) if (value[i] !== expected[i]) return false;
  }
  return true;
}

/**
 * The published rules, validated: a damaged entry is dropped, never trusted. A rule equal in every
 * setting to one of `known` (validated before) is that rule: a change to one rule of a thousand
 * validates one, not a thousand (about 6 ms of a page's task at 1,000 rules).
 */
export function readPublishedRules(value: unknown, known: readonly Rule[] = []): Rule[] {
  const list = z.array(z.unknown()).safeParse(value);
  if (!list.success) return [];
  const byId = new Map(known.map((rule) => [rule.id, rule]));
  return list.data.flatMap((raw) => {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const same = typeof id === 'string' ? byId.get(id) : undefined;
    if (same && sameSettings(raw, same)) return [same];
    const rule = Rule.safeParse(raw);
    return rule.success ? [rule.data] : [];
  });
}
