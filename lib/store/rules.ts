/**
 * Keyword rules in the store: add (checked: it compiles, it is not a duplicate, a regex stays fast
 * on long text), edit, delete, turn off when a page found one too slow, and the tags auto-tag rules
 * give. A rule's tags are recorded with the rule, so removing or changing the rule takes off
 * exactly those and never a tag the user gave by hand.
 */
import type { IDBPDatabase } from 'idb';
import { pick } from 'zod/mini';
import { settleRule, twinOf, twinMessage } from '../rules/checked-rule';
import { probeRegex } from '../rules/probe';
import { Rule, type RuleInput } from '../model/rule';
import { normalizeTagName } from '../tags/tag-name';
import { pickColor } from '../tags/colors';
import type { PaperlightDB } from './database';
import { PaperTags, Tag, type PaperInput } from '../model/records';
import { writeLibrary } from './shards';
import type { RulesChange, TagChange } from '../model/changes';
import { manualOf, putTags, tagRecord, tagRecordsWith, withCounts, type TagTx } from './tags';

type DB = IDBPDatabase<PaperlightDB>;

export class RuleError extends Error {}

const MATCH_FIELDS = ['pattern', 'kind', 'caseSensitive', 'fields', 'action', 'tag'] as const;

/** Valid rules, oldest first. A damaged record is skipped, never fatal. */
function validRules(records: readonly unknown[]): Rule[] {
  return records
    .flatMap((raw) => {
      const rule = Rule.safeParse(raw);
      return rule.success ? [rule.data] : [];
    })
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

async function allRules(tx: TagTx): Promise<Rule[]> {
  return validRules(await tx.tx.objectStore('rules').getAll());
}

/** A read: no write lock on the tag stores (every page asks at load). */
export async function listRules(db: DB): Promise<Rule[]> {
  return validRules(await db.getAll('rules'));
}

/**
 * Checks a rule before it is stored: the schema, a pattern that compiles (with the engine's own
 * message), a tag for auto-tag rules, no duplicate of another rule, and, for regexes, a probe on
 * long text. The probe runs here, in the background, not in a page.
 */
export function checkRule(input: RuleInput, others: readonly Rule[]): Rule {
  const parsed = Rule.safeParse(input);
  if (!parsed.success) throw new RuleError(parsed.error.issues[0]?.message ?? 'This rule is not valid.');
  const checked = settleRule(parsed.data);
  if (!checked.ok) throw new RuleError(checked.field === 'tag' ? `Tag: ${checked.error}` : checked.error);
  const { rule, regex } = checked;
  const twin = twinOf(rule, others);
  if (twin) throw new RuleError(`${capitalized(twinMessage(twin))}.`);
  if (rule.kind === 'regex') {
    const probe = probeRegex(regex);
    if (!probe.ok) throw new RuleError(probe.error);
  }
  return rule;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Makes sure an auto-tag rule's tag exists (with a fresh colour); its key. */
async function ensureTag(tx: TagTx, name: string, now: number): Promise<string> {
  const checked = normalizeTagName(name);
  if (!checked.ok) throw new RuleError(`Tag: ${checked.error}`);
  const tags = tx.tx.objectStore('tags');
  if (!(await tags.get(checked.key))) {
    const colors = (await tags.getAll()).map((tag) => tag.color);
    await tags.put(Tag.parse({ key: checked.key, name: checked.name, color: pickColor(colors), createdAt: now }));
  }
  return checked.key;
}

/** Takes every tag `ruleId` gave off its papers; the papers that changed. */
async function stripRuleTags(tx: TagTx, ruleId: string): Promise<{ id: string; tags: string[] }[]> {
  const records = await tagRecordsWith(tx, 'autoRules', ruleId);
  return records.map((record) => {
    const auto = (record.auto ?? []).filter((entry) => entry.rule !== ruleId);
    const dismissed = (record.dismissed ?? []).filter((rule) => rule !== ruleId);
    return putTags(tx, { ...record, dismissed }, manualOf(record), auto);
  });
}

async function finish(tx: TagTx, papers: { id: string; tags: string[] }[], tagsChanged: boolean): Promise<RulesChange> {
  return {
    rules: await allRules(tx),
    tags: tagsChanged || papers.length > 0 ? { tags: await withCounts(tx), papers } : null,
  };
}

export async function addRule(db: DB, input: Omit<RuleInput, 'id' | 'createdAt'>, now = Date.now()): Promise<RulesChange & { rule: Rule }> {
  return writeLibrary(db, async (tx) => {
    const rule = checkRule({ ...input, id: crypto.randomUUID(), createdAt: now }, await allRules(tx));
    if (rule.tag) await ensureTag(tx, rule.tag, now);
    await tx.tx.objectStore('rules').put(rule);
    return { ...(await finish(tx, [], rule.tag !== null)), rule };
  });
}

/**
 * Edits a rule. A change to what it matches or gives (pattern, kind, case, fields, action, tag)
 * takes off the tags it gave: pages tag again by the new rule as they show papers. Turning a rule
 * off keeps its tags; deleting it takes them off.
 */
export async function updateRule(db: DB, id: string, patch: Partial<Omit<RuleInput, 'id' | 'createdAt'>>, now = Date.now()): Promise<RulesChange & { rule: Rule }> {
  return writeLibrary(db, async (tx) => {
    const rules = await allRules(tx);
    const before = rules.find((rule) => rule.id === id);
    if (!before) throw new RuleError('This rule no longer exists.');
    // Turning a rule back on clears the reason it was turned off.
    const disabledReason = patch.enabled === true ? null : (patch.disabledReason ?? before.disabledReason);
    const rule = checkRule({ ...before, ...patch, id, createdAt: before.createdAt, disabledReason }, rules);
    const rematch = MATCH_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(rule[field]));
    if (rule.tag) await ensureTag(tx, rule.tag, now);
    await tx.tx.objectStore('rules').put(rule);
    const papers = rematch ? await stripRuleTags(tx, id) : [];
    return { ...(await finish(tx, papers, rule.tag !== before.tag)), rule };
  });
}

export async function deleteRule(db: DB, id: string): Promise<RulesChange & { deleted: Rule }> {
  return writeLibrary(db, async (tx) => {
    const rules = tx.tx.objectStore('rules');
    const deleted = await rules.get(id);
    if (!deleted) throw new RuleError('This rule no longer exists.');
    await rules.delete(id);
    const papers = await stripRuleTags(tx, id);
    return { ...(await finish(tx, papers, false)), deleted };
  });
}

/** Turns off a rule a page found too slow, saying why; its tags stay. Null if it is already off. */
export async function disableSlowRule(db: DB, id: string, reason: string): Promise<RulesChange | null> {
  return writeLibrary(db, async (tx) => {
    const rules = tx.tx.objectStore('rules');
    const rule = await rules.get(id);
    if (!rule || !rule.enabled) return null;
    await rules.put({ ...rule, enabled: false, disabledReason: reason });
    return finish(tx, [], false);
  });
}

/**
 * Gives papers the tags of the auto-tag rules they matched on a page. Entries for rules that are
 * gone, off or not auto-tag rules, for tags a rule already gave, and for papers where the user
 * removed the rule's tag are skipped. Null when nothing changed.
 */
export async function applyRuleTags(db: DB, entries: readonly { paper: PaperInput; rule: string }[], now = Date.now()): Promise<TagChange | null> {
  return writeLibrary(db, async (tx) => {
    const tags = tx.tx.objectStore('tags');
    const rules = new Map((await allRules(tx)).map((rule) => [rule.id, rule]));
    const papers: { id: string; tags: string[] }[] = [];
    let created = false;
    await tx.load(
      'tags',
      entries.map((entry) => entry.paper.id),
    );
    for (const { paper, rule: ruleId } of entries) {
      const rule = rules.get(ruleId);
      if (!rule?.enabled || rule.action !== 'auto-tag' || !rule.tag) continue;
      const tagsBefore = await tags.count();
      const key = await ensureTag(tx, rule.tag, now);
      created ||= (await tags.count()) !== tagsBefore;
      const existing = await tagRecord(tx, paper.id);
      if (existing?.dismissed?.includes(ruleId)) continue;
      if (existing?.auto?.some((entry) => entry.rule === ruleId && entry.key === key)) continue;
      const base = pick(PaperTags, { id: true, paper: true, dismissed: true }).parse({ id: paper.id, paper: existing?.paper ?? paper, dismissed: existing?.dismissed });
      const auto = [...(existing?.auto ?? []).filter((entry) => entry.rule !== ruleId), { key, rule: ruleId }];
      papers.push(putTags(tx, base, manualOf(existing), auto));
    }
    if (papers.length === 0 && !created) return null;
    return { tags: await withCounts(tx), papers };
  });
}

/** Puts back a deleted rule (undo); the pages give its tags again as they show papers. */
export async function restoreRule(db: DB, deleted: Rule, now = Date.now()): Promise<RulesChange & { rule: Rule }> {
  return writeLibrary(db, async (tx) => {
    const rule = checkRule(deleted, await allRules(tx));
    if (rule.tag) await ensureTag(tx, rule.tag, now);
    await tx.tx.objectStore('rules').put(rule);
    return { ...(await finish(tx, [], rule.tag !== null)), rule };
  });
}
