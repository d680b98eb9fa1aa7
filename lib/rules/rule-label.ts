/** How a rule is named to the user: its pattern, quoted (a regex between slashes). */
export function ruleLabel(rule: { pattern: string; kind: string }): string {
  return rule.kind === 'regex' ? `/${rule.pattern}/` : `“${rule.pattern}”`;
}
