import type { ImportPlan } from './plan';
import { plural } from '../../text/plural';

/** What an import will do, in words, before it is applied. */
export function describePlan(plan: ImportPlan): string[] {
  const lines = [
    `${plural(plan.papers.added.length, 'paper')} added, ${plan.papers.updated.length} updated, ${plan.papers.unchanged.length} unchanged` +
      (plan.mode === 'replace' ? `, ${plan.papers.removed.length} removed` : ''),
  ];
  const tags = plan.tags;
  if (tags.added.length + tags.recoloured.length + tags.renamed.length + tags.removed.length > 0) {
    lines.push(`Tags: ${tags.added.length} added, ${tags.recoloured.length} recoloured, ${tags.renamed.length} renamed, ${tags.removed.length} removed`);
  }
  const rules = plan.rules;
  if (rules.added.length + rules.updated.length + rules.removed.length > 0) {
    lines.push(`Keyword rules: ${rules.added.length} added, ${rules.updated.length} updated, ${rules.removed.length} removed`);
  }
  if (plan.settings.changed.length > 0) lines.push(`Settings changed: ${plan.settings.changed.join(', ')}`);
  return lines;
}
