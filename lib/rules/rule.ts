/**
 * Keyword rules: what a rule is, as stored. A rule matches a pattern in some fields of a paper and
 * then highlights, mutes or auto-tags it.
 */
import { z } from 'zod';

export const RULE_FIELDS = ['title', 'abstract', 'keywords', 'authors', 'organization'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const Rule = z.object({
  id: z.string().min(1).max(100),
  pattern: z.string().trim().min(1, 'A rule needs a pattern.').max(500),
  /** word (default): whole words; phrase: these words in this order; prefix: words starting so; regex. */
  kind: z.enum(['word', 'phrase', 'prefix', 'regex']).default('word'),
  caseSensitive: z.boolean().default(false),
  fields: z.array(z.enum(RULE_FIELDS)).min(1).default(['title', 'abstract']),
  /** Colour group of highlights (one of the tag palette's colours). */
  color: z.string().regex(/^#[0-9a-f]{6}$/i).default('#ca8a04'),
  action: z.enum(['highlight', 'mute', 'auto-tag']).default('highlight'),
  muteStyle: z.enum(['dim', 'fold']).default('dim'),
  /** The tag an auto-tag rule gives. */
  tag: z.string().max(200).nullable().default(null),
  enabled: z.boolean().default(true),
  /** Why Paperlight turned the rule off (it was too slow on some paper), for the user to read. */
  disabledReason: z.string().max(500).nullable().default(null),
  createdAt: z.number().int().nonnegative(),
});
export type Rule = z.infer<typeof Rule>;

/**
 * A change to some of a rule's settings: only the settings it names change. (Rule's defaults would
 * fill in every setting it leaves out: toggling a mute regex rule would make it a highlight word rule.)
 */
export const RulePatch = z
  .object({
    pattern: Rule.shape.pattern,
    kind: Rule.shape.kind.unwrap(),
    caseSensitive: Rule.shape.caseSensitive.unwrap(),
    fields: Rule.shape.fields.unwrap(),
    color: Rule.shape.color.unwrap(),
    action: Rule.shape.action.unwrap(),
    muteStyle: Rule.shape.muteStyle.unwrap(),
    tag: Rule.shape.tag.unwrap(),
    enabled: Rule.shape.enabled.unwrap(),
    disabledReason: Rule.shape.disabledReason.unwrap(),
  })
  .partial();
export type RuleInput = z.input<typeof Rule>;

/** How a rule is named to the user: its pattern, quoted, and its action. */
export function ruleLabel(rule: Pick<Rule, 'pattern' | 'kind'>): string {
  return rule.kind === 'regex' ? `/${rule.pattern}/` : `“${rule.pattern}”`;
}
