/**
 * What the "For you" model (issue #17) trains on, gathered from what the store holds
 * (`store.ranking.sources()`): pure, so the unit tests check it on a seeded store.
 *
 * - positives: papers saved after the reset point (title and abstract from the reading list, AI
 *   keywords from the text a page reported), and papers given a tag by hand after it (their tag
 *   record's text). A tag on a paper counts for that tag's model;
 * - strong negatives: papers dismissed for good after it whose text is kept, and kept texts (seen
 *   after it) that one of the reader's mute rules matches (on title, abstract and keywords: a kept
 *   text has no authors or organisation, so rules on those fields cannot match it);
 * - weak negatives: kept texts of papers seen after it, neither saved, tagged nor dismissed;
 * - rejected suggestions after it, by tag (a negative for that tag), unless the paper has the tag.
 *
 * Which tags "came after" a reset: those a paper did not have by hand at the reset (the reset point
 * remembers them), and every tag of a paper saved after it.
 */
import type { Rule } from '../model/rule';
import { RuleMatcher } from '../rules/matcher';
import { MatchMemory } from '../rules/match-memory';
import type { PaperText, RankingSources } from '../store';
import { TEXT_ABSTRACT_MAX } from '../model/paper-text';

export interface TrainingPaper {
  id: string;
  text: PaperText;
}

/** The training set, in the shape lib/ranking/train.ts takes (without its time stamp). */
export interface TrainingSet {
  positives: TrainingPaper[];
  strongNegatives: TrainingPaper[];
  weakNegatives: TrainingPaper[];
  /** Tag key → ids of the positives that carry it. */
  tags: Record<string, string[]>;
  /** Tag key → papers whose suggestion of it the reader rejected. */
  rejected: Record<string, TrainingPaper[]>;
}

const cut = (abstract: string | null): string | null => (abstract !== null && abstract.length > TEXT_ABSTRACT_MAX ? abstract.slice(0, TEXT_ABSTRACT_MAX) : abstract);

/** A paper's text from the library's copy, with the AI keywords of the page's copy when there is one. */
function withKeywords(title: string, abstract: string | null, reported: PaperText | undefined): PaperText {
  const text: PaperText = { title, abstract: cut(abstract ?? reported?.abstract ?? null) };
  if (reported?.keywords?.length) text.keywords = reported.keywords;
  return text;
}

/** Enabled mute rules as one matcher, or null when there are none. */
function muteMatcher(rules: readonly Rule[]): RuleMatcher | null {
  const mutes = rules.filter((rule) => rule.enabled && rule.action === 'mute');
  // A memory of its own: the background's matchers are few and short-lived.
  return mutes.length > 0 ? new RuleMatcher(mutes, 'auto', new MatchMemory()) : null;
}

function muted(matcher: RuleMatcher, text: PaperText): boolean {
  if (matcher.looksAt('title') && matcher.match(text.title, 'title').length > 0) return true;
  if (text.abstract && matcher.looksAt('abstract') && matcher.match(text.abstract, 'abstract').length > 0) return true;
  return !!text.keywords?.length && matcher.looksAt('keywords') && matcher.match(text.keywords.join(', '), 'keywords').length > 0;
}

/** A fingerprint of what mute rules do (the model trains again when it moves). */
export function muteRulesKey(rules: readonly Rule[]): string {
  return JSON.stringify(
    rules
      .filter((rule) => rule.enabled && rule.action === 'mute')
      .map((rule) => [rule.pattern, rule.kind, rule.caseSensitive, [...rule.fields].sort()])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );
}

export function trainingSet(sources: RankingSources): TrainingSet {
  const resetAt = sources.reset?.at ?? null;
  const after = (time: number | undefined) => time !== undefined && (resetAt === null || time > resetAt);
  const taggedAtReset = sources.reset?.tagged ?? {};
  const reported = new Map(sources.texts.map((stored) => [stored.id, stored]));

  const positives = new Map<string, TrainingPaper>();
  const savedIds = new Set<string>();
  const savedAfter = new Set<string>();
  for (const paper of sources.saved) {
    savedIds.add(paper.id);
    if (!after(paper.savedAt)) continue;
    savedAfter.add(paper.id);
    positives.set(paper.id, { id: paper.id, text: withKeywords(paper.title, paper.abstract, reported.get(paper.id)?.text) });
  }

  const taggedIds = new Set<string>();
  const tags: Record<string, string[]> = {};
  const tagsOf = new Map<string, Set<string>>();
  for (const paper of sources.tagged) {
    taggedIds.add(paper.id);
    tagsOf.set(paper.id, new Set(paper.manual));
    const before = new Set(resetAt === null || savedAfter.has(paper.id) ? [] : (taggedAtReset[paper.id] ?? []));
    const counted = paper.manual.filter((key) => !before.has(key));
    if (counted.length === 0) continue;
    if (!positives.has(paper.id)) positives.set(paper.id, { id: paper.id, text: withKeywords(paper.title, paper.abstract, reported.get(paper.id)?.text) });
    for (const key of counted) (tags[key] ??= []).push(paper.id);
  }

  // Neither a dismissal nor a mute rule makes a negative of a paper the reader saved or tagged.
  const kept = (id: string) => savedIds.has(id) || taggedIds.has(id);
  const matcher = muteMatcher(sources.rules);
  const strongNegatives: TrainingPaper[] = [];
  const weakNegatives: TrainingPaper[] = [];
  for (const stored of sources.texts) {
    if (kept(stored.id)) continue;
    const dismissed = sources.dismissed.get(stored.id);
    const paper = { id: stored.id, text: stored.text };
    if (dismissed !== undefined) {
      if (after(dismissed)) strongNegatives.push(paper);
      continue;
    }
    // A text kept as dismissed that the ledger no longer dismisses (a restored ledger) is a seen one.
    const seenAt = stored.seenAt ?? stored.dismissedAt;
    if (!after(seenAt)) continue;
    if (matcher && muted(matcher, stored.text)) strongNegatives.push(paper);
    else weakNegatives.push(paper);
  }

  for (const ids of Object.values(tags)) ids.sort();

  const rejected: Record<string, TrainingPaper[]> = {};
  for (const entry of sources.rejected) {
    if (!after(entry.at) || tagsOf.get(entry.id)?.has(entry.tag)) continue;
    (rejected[entry.tag] ??= []).push({ id: entry.id, text: entry.text });
  }

  const byId = (a: TrainingPaper, b: TrainingPaper) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    positives: [...positives.values()].sort(byId),
    strongNegatives: strongNegatives.sort(byId),
    weakNegatives: weakNegatives.sort(byId),
    tags,
    rejected,
  };
}
