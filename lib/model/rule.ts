/**
 * Keyword rules: what a rule is, as stored. A rule matches a pattern in some fields of a paper and
 * then highlights, mutes or auto-tags it.
 */
import * as z from 'zod/mini';
import { checked } from './checked';

export const RULE_FIELDS = ['title', 'abstract', 'keywords', 'authors', 'organization'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

// zod/mini: the page's content script validates published rules with this schema, and mini keeps
// its bundle small (functions instead of chained methods; .parse/.safeParse stay).
const RuleSettings = {
  pattern: checked(z.string(), z.trim(), z.minLength(1, 'A rule needs a pattern.'), z.maxLength(500)),
  /** word (default): whole words; phrase: these words in this order; prefix: words starting so; regex. */
  kind: z.enum(['word', 'phrase', 'prefix', 'regex']),
  caseSensitive: z.boolean(),
  fields: checked(z.array(z.enum(RULE_FIELDS)), z.minLength(1)),
  /** Colour group of highlights (one of the tag palette's colours). */
  color: checked(z.string(), z.regex(/^#[0-9a-f]{6}$/i)),
  action: z.enum(['highlight', 'mute', 'auto-tag']),
  muteStyle: z.enum(['dim', 'fold']),
  /** The tag an auto-tag rule gives. */
  tag: z.nullable(checked(z.string(), z.maxLength(200))),
  enabled: z.boolean(),
  /** Why Paperlight turned the rule off (it was too slow on some paper), for the user to read. */
  disabledReason: z.nullable(checked(z.string(), z.maxLength(500))),
};

export const Rule = z.object({
  id: checked(z.string(), z.minLength(1), z.maxLength(100)),
  pattern: RuleSettings.pattern,
  kind: z._default(RuleSettings.kind, 'word'),
  caseSensitive: z._default(RuleSettings.caseSensitive, false),
  fields: z._default(RuleSettings.fields, ['title', 'abstract']),
  color: z._default(RuleSettings.color, '#ca8a04'),
  action: z._default(RuleSettings.action, 'highlight'),
  muteStyle: z._default(RuleSettings.muteStyle, 'dim'),
  tag: z._default(RuleSettings.tag, null),
  enabled: z._default(RuleSettings.enabled, true),
  disabledReason: z._default(RuleSettings.disabledReason, null),
  createdAt: checked(z.int(), z.nonnegative()),
});
export type Rule = z.infer<typeof Rule>;

/**
 * A change to some of a rule's settings: only the settings it names change. (Rule's defaults would
 * fill in every setting it leaves out: toggling a mute regex rule would make it a highlight word rule.)
 */
export const RulePatch = z.partial(z.object(RuleSettings));
export type RuleInput = z.input<typeof Rule>;

// Apart, so that pages can name a rule without carrying the schemas above.
