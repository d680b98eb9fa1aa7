/**
 * Matches compiled rules against a paper's fields, within a time budget per pass: a rule whose
 * matching takes longer than its share is reported (to be disabled and named to the user) instead
 * of being allowed to slow the page down pass after pass.
 */
import type { RuleField } from './rule';

export interface CompiledRule {
  id: string;
  regex: RegExp;
  fields: readonly RuleField[];
}

export interface RuleMatch {
  ruleId: string;
  field: RuleField;
  start: number;
  end: number;
}

export interface MatchResult {
  matches: RuleMatch[];
  /** Rules that used more than their budget in this call. */
  slow: string[];
}

export type PaperFields = Partial<Record<RuleField, string>>;

/** Longest text a field is matched on: an abstract is a few thousand characters at most. */
const MAX_FIELD_LENGTH = 20_000;

export function matchPaper(rules: readonly CompiledRule[], paper: PaperFields, budgetMs = 2, now = () => performance.now()): MatchResult {
  const matches: RuleMatch[] = [];
  const slow: string[] = [];
  for (const rule of rules) {
    const start = now();
    for (const field of rule.fields) {
      const text = paper[field]?.slice(0, MAX_FIELD_LENGTH);
      if (!text) continue;
      rule.regex.lastIndex = 0;
      for (let m = rule.regex.exec(text); m !== null; m = rule.regex.exec(text)) {
        if (m[0].length === 0) {
          rule.regex.lastIndex++;
          continue;
        }
        matches.push({ ruleId: rule.id, field, start: m.index, end: m.index + m[0].length });
      }
    }
    if (now() - start > budgetMs) slow.push(rule.id);
  }
  return { matches, slow };
}
