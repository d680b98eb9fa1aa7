/**
 * What makes a rule acceptable, wherever it comes from (the rule editor through the store, a
 * restore, an imported file): it compiles, a regex passes the nested-repetition shape check
 * (compile.ts), an auto-tag rule's tag is a valid tag name, and no other rule does the same. The
 * growth probe (probe.ts) is timed, so it runs once, in the background, when the rule is stored.
 */
import * as z from 'zod/mini';
import { normalizeTagName } from '../tags/tag-name';
import { compileRule } from './compile';
import { Rule } from '../model/rule';

export type RuleCheck = { ok: true; rule: Rule; regex: RegExp } | { ok: false; field: 'pattern' | 'tag'; error: string };

/** The rule as stored (an auto-tag rule's tag written as the tag editor would; others have none), or why not. */
export function settleRule(rule: Rule): RuleCheck {
  const compiled = compileRule(rule);
  if (!compiled.ok) return { ok: false, field: 'pattern', error: compiled.error };
  if (rule.action !== 'auto-tag') return { ok: true, rule: { ...rule, tag: null }, regex: compiled.regex };
  const tag = normalizeTagName(rule.tag ?? '');
  if (!tag.ok) return { ok: false, field: 'tag', error: tag.error };
  return { ok: true, rule: { ...rule, tag: tag.name }, regex: compiled.regex };
}

/** The fields that decide what a rule matches and does: two rules alike in these are one twice. */
export const ruleIdentity = (rule: Pick<Rule, 'pattern' | 'kind' | 'caseSensitive' | 'action'>) =>
  [rule.kind, rule.action, rule.caseSensitive, rule.caseSensitive ? rule.pattern : rule.pattern.toLowerCase()].join('\u0000');

/** Another of `others` that does what `rule` does, if any. */
export function twinOf<T extends Rule>(rule: Rule, others: readonly T[]): T | undefined {
  const identity = ruleIdentity(rule);
  return others.find((other) => other.id !== rule.id && ruleIdentity(other) === identity);
}

export const twinMessage = (twin: Rule) => `there is already a ${twin.action} rule for “${twin.pattern}”`;

/** A rule record that passes settleRule, settled. */
export const CheckedRule = z.pipe(
  Rule,
  z.transform((rule: Rule, ctx) => {
    const checked = settleRule(rule);
    if (!checked.ok) {
      ctx.issues.push({ code: 'custom', path: [checked.field], message: checked.error, input: rule[checked.field] });
      return z.NEVER;
    }
    return checked.rule;
  }),
);
