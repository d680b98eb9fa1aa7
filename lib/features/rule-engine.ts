/**
 * The keyword-rule engine on the page: each card is matched against the rules (on the paper's data
 * from the page's blob where present, else the card's own text), then highlighted (marker + painted
 * text), muted (dimmed or folded) or auto-tagged. Cards are done in the same slice that annotates
 * them, so a muted paper is never painted unmuted.
 *
 * Part of the rules chunk (lib/chunks/rules.ts), which a page loads only when the user has
 * rules; rules.ts is what every page carries: it reads the published rules and starts this.
 */
import { request } from '../protocol/messaging';
import { RuleMatcher, type Hits } from '../rules/matcher';
import { readPublishedRules } from '../rules/published';
import type { Rule, RuleField } from '../model/rule';
import { ruleLabel } from '../rules/rule-label';
import { textRegions, type Card } from '../site/cards';
import type { BlobPaper } from '../site/data-blob';
import type { PaperInput } from '../model/records';
import { normalizeTagName } from '../tags/tag-name';
import type { RulesFeature, RulesOptions } from './rules';
import { HighlightPainter, NearViewPainter, colorToken, writeRuleColors } from './highlights';
import { muteCard, toggleFold, unmuteAll, unmuteCard } from './mute';

/** A rule whose matching took this long in one view is turned off for every page. */
const SLOW_RULE_MS = 50;

const MATCH = 'data-paperlight-match';

/** The engine: the page's rules feature, told of every published value. */
export interface RuleEngine extends RulesFeature {
  /** A published value (validated here; a damaged entry is dropped). */
  setPublished: (value: unknown) => void;
}

interface Matched {
  highlight: Rule | null;
  mute: Rule | null;
  autoTags: Map<string, string>;
}

/** The texts of the fields `looksAt` some rule: the others are not even joined. */
const fieldsOf = (paper: PaperInput, blob: BlobPaper | undefined, looksAt: (field: RuleField) => boolean): [RuleField, string][] => {
  const fields: [RuleField, string][] = [];
  if (looksAt('title')) fields.push(['title', paper.title]);
  if (looksAt('abstract')) fields.push(['abstract', paper.abstract ?? '']);
  if (looksAt('keywords')) fields.push(['keywords', (blob?.keywords ?? []).join(', ')]);
  if (looksAt('authors')) fields.push(['authors', paper.authors.join(', ')]);
  if (looksAt('organization')) fields.push(['organization', [paper.organization?.name, paper.organization?.fullname].filter(Boolean).join(' · ')]);
  return fields;
};

export function startRuleEngine(doc: Document, options: RulesOptions): RuleEngine {
  /** Every published rule, as validated last (the next change validates only what it changed). */
  let published: Rule[] = [];
  /** The enabled ones, in the user's order: what the matcher's rule indices refer to. */
  let rules: Rule[] = [];
  let matcher = new RuleMatcher([]);
  let loaded = false;
  const painter = new NearViewPainter(new HighlightPainter(doc));
  const cards = new Map<string, Card>();
  const matched = new Map<string, Matched>();
  const highlighted = new Set<string>();
  const muted = new Set<string>();
  /** Rules this page turned off, by id, with what the user is told. */
  const notices = new Map<string, string>();
  /** Auto-tags already sent for this page: paper id + rule id. */
  const sent = new Set<string>();
  let pending: { paper: PaperInput; rule: string }[] = [];
  const slowReported = new Set<string>();

  const flushAutoTags = () => {
    const entries = pending;
    pending = [];
    if (entries.length === 0) return;
    request({ type: 'rules.tag', entries }).catch((error: unknown) => {
      // Asked again on the next pass.
      for (const entry of entries) sent.delete(`${entry.paper.id}\u0000${entry.rule}`);
      console.warn('[paperlight] could not apply rule tags', error);
    });
  };

  /** Each card's paper as last read from the blob: a rules change matches it again without reading
   * the card (the blob's papers are the same objects until the page's data changes). */
  const papers = new WeakMap<Element, { blob: BlobPaper; href: string; paper: PaperInput }>();
  const paperOf = (card: Card, blob: BlobPaper | undefined): PaperInput => {
    if (!blob) return options.paperFor(card, blob);
    const href = doc.location.href;
    const known = papers.get(card.root);
    if (known?.blob === blob && known.href === href) return known.paper;
    const paper = options.paperFor(card, blob);
    papers.set(card.root, { blob, href, paper });
    return paper;
  };

  const colorOf = (rule: number) => rules[rule]?.color ?? null;

  const applyOne = (card: Card, blob: BlobPaper | undefined): { summaryChanged: boolean; tagsChanged: boolean } => {
    const before = matched.get(card.id);
    const paper = paperOf(card, blob);
    const fieldHits = new Map<RuleField, { text: string; hits: Hits }>();
    // The first rule (in the user's order) of each action wins; auto-tag rules all count.
    let highlightAt = Infinity;
    let muteAt = Infinity;
    const tagRules: number[] = [];
    for (const [field, text] of fieldsOf(paper, blob, (field) => matcher.looksAt(field))) {
      if (!text) continue;
      const hits = matcher.match(text, field);
      fieldHits.set(field, { text, hits });
      for (let i = 0; i < hits.length; i += 3) {
        const rule = hits[i]!;
        const action = rules[rule]!.action;
        if (action === 'highlight') highlightAt = Math.min(highlightAt, rule);
        else if (action === 'mute') muteAt = Math.min(muteAt, rule);
        else if (!tagRules.includes(rule)) tagRules.push(rule);
      }
    }
    /** The highlights in a region's text: the field's own matches when the card shows the same text
     * (it usually does), else matched anew. */
    const highlightsIn = (field: RuleField) => (text: string) => {
      const known = fieldHits.get(field);
      const hits = known?.text === text ? known.hits : matcher.match(text, field);
      const highlights: Hits = [];
      for (let i = 0; i < hits.length; i += 3) if (rules[hits[i]!]?.action === 'highlight') highlights.push(hits[i]!, hits[i + 1]!, hits[i + 2]!);
      return highlights;
    };
    const result: Matched = { highlight: rules[highlightAt] ?? null, mute: rules[muteAt] ?? null, autoTags: new Map() };
    for (const index of tagRules.sort((a, b) => a - b)) {
      const rule = rules[index]!;
      if (!rule.tag) continue;
      const tag = normalizeTagName(rule.tag);
      if (tag.ok && !result.autoTags.has(tag.key)) result.autoTags.set(tag.key, ruleLabel(rule));
      const key = `${card.id}\u0000${rule.id}`;
      if (!sent.has(key)) {
        sent.add(key);
        pending.push({ paper, rule: rule.id });
      }
    }
    matched.set(card.id, result);

    const token = result.highlight ? colorToken(result.highlight.color) : null;
    if (token === null) card.root.removeAttribute(MATCH);
    else if (card.root.getAttribute(MATCH) !== token) card.root.setAttribute(MATCH, token);
    if (result.highlight) {
      painter.schedule(card.id, card.root, () => {
        const regions = textRegions(card, doc, options.isPaperPage());
        painter.paintNow(
          card.id,
          [
            { element: regions.title, match: highlightsIn('title') },
            ...(regions.abstract ? [{ element: regions.abstract, match: highlightsIn('abstract') }] : []),
          ],
          colorOf,
        );
      });
    } else {
      painter.cancel(card.id);
    }
    if (result.mute && !options.isPaperPage()) muteCard(card.root, result.mute.muteStyle, ruleLabel(result.mute));
    else if (before?.mute) unmuteCard(card.root);

    const wasHighlighted = highlighted.has(card.id);
    const wasMuted = muted.has(card.id);
    if (result.highlight) highlighted.add(card.id);
    else highlighted.delete(card.id);
    if (result.mute) muted.add(card.id);
    else muted.delete(card.id);
    const sameTags =
      before !== undefined &&
      before.autoTags.size === result.autoTags.size &&
      (result.autoTags.size === 0 || [...before.autoTags.keys()].join('\u0000') === [...result.autoTags.keys()].join('\u0000'));
    return {
      summaryChanged: wasHighlighted !== highlighted.has(card.id) || wasMuted !== muted.has(card.id),
      tagsChanged: !sameTags && (result.autoTags.size > 0 || (before?.autoTags.size ?? 0) > 0),
    };
  };

  /** Turns off, here and for every page, rules that used more than their share of this view. */
  const checkSlowRules = () => {
    if (matcher.mostSpent < SLOW_RULE_MS) return;
    for (const [index, ms] of matcher.spent) {
      const rule = rules[index];
      if (!rule || ms < SLOW_RULE_MS || slowReported.has(rule.id)) continue;
      slowReported.add(rule.id);
      matcher.skip(index);
      // For tests and the bench: the rule was stopped at the run that took it over its budget, so
      // it held the page for at most the budget and that one run.
      performance.mark('paperlight:rule-slow', { detail: { id: rule.id, ms, lastRunMs: matcher.lastRun.get(index) ?? 0, budgetMs: SLOW_RULE_MS } });
      const reason = `Turned off: it took ${Math.round(ms)} ms to match on ${doc.location.pathname}${doc.location.search}, which would slow every page down.`;
      notices.set(rule.id, `Rule ${ruleLabel(rule)} was turned off: it took ${Math.round(ms)} ms on this page.`);
      request({ type: 'rule.slow', id: rule.id, reason }).catch((error: unknown) => console.warn('[paperlight] could not turn off a slow rule', error));
      options.onSummary();
    }
  };

  const apply = (batch: Card[]) => {
    if (!loaded || rules.length === 0) {
      for (const card of batch) cards.set(card.id, card);
      return;
    }
    const start = performance.now();
    let summaryChanged = false;
    const tagIds = new Set<string>();
    const blobs = options.blobPapers();
    for (const card of batch) {
      cards.set(card.id, card);
      try {
        const changed = applyOne(card, blobs.get(card.id));
        summaryChanged ||= changed.summaryChanged;
        if (changed.tagsChanged) tagIds.add(card.id);
      } catch (error) {
        console.warn('[paperlight] could not match rules on', card.id, error);
      }
      // After every card: a slow rule is stopped before it can hold the page for long.
      checkSlowRules();
    }
    performance.measure('paperlight:rules', { start, detail: { cards: batch.length, rules: rules.length } });
    if (pending.length > 0) queueMicrotask(flushAutoTags);
    if (tagIds.size > 0) options.onAutoTags(tagIds);
    if (summaryChanged) summarySoon();
  };

  /** The summary is drawn once after the task's batches (a slice matches several), before paint. */
  let summaryQueued = false;
  const summarySoon = () => {
    if (summaryQueued) return;
    summaryQueued = true;
    queueMicrotask(() => {
      summaryQueued = false;
      options.onSummary();
    });
  };

  /** Everything matched again (the rules changed). */
  const reapply = () => {
    const all = [...cards.values()].filter((card) => card.root.isConnected);
    if (rules.length === 0) {
      const hadTags = [...matched].filter(([, m]) => m.autoTags.size > 0).map(([id]) => id);
      clearMarks();
      if (hadTags.length > 0) options.onAutoTags(new Set(hadTags));
      options.onSummary();
      return;
    }
    apply(all);
    options.onSummary();
  };

  const clearMarks = () => {
    painter.clearAll();
    unmuteAll(doc);
    for (const el of doc.querySelectorAll(`[${MATCH}]`)) el.removeAttribute(MATCH);
    matched.clear();
    highlighted.clear();
    muted.clear();
  };

  const setRules = (next: Rule[]) => {
    published = next;
    const enabled = next.filter((rule) => rule.enabled);
    rules = enabled;
    const built = performance.now();
    matcher = new RuleMatcher(enabled);
    performance.measure('paperlight:rules-build', { start: built, detail: { rules: enabled.length } });
    // A rule turned on again gets a fresh chance; the notice stays while the rule is off.
    slowReported.clear();
    // A rule deleted and brought back (or edited) lost its tags: they are asked for again; the
    // background ignores what it already has.
    sent.clear();
    for (const id of notices.keys()) if (enabled.some((rule) => rule.id === id)) notices.delete(id);
    writeRuleColors(doc, enabled.filter((rule) => rule.action === 'highlight').map((rule) => rule.color));
    const first = !loaded;
    loaded = true;
    if (first) options.onLoaded(enabled);
    reapply();
  };

  const onClick = (event: Event) => {
    if (!event.isTrusted || !(event.target instanceof Element)) return;
    const stub = event.target.closest<HTMLElement>('[data-paperlight="mute-stub"]');
    if (!stub) return;
    event.preventDefault();
    event.stopPropagation();
    toggleFold(stub);
  };
  doc.addEventListener('click', onClick, true);

  return {
    setPublished: (value) => setRules(readPublishedRules(value, published)),
    apply,
    passDone: (all) => {
      const current = new Set(all.map((card) => card.id));
      for (const [id, card] of cards) {
        if (current.has(id) && card.root.isConnected) continue;
        cards.delete(id);
        matched.delete(id);
        highlighted.delete(id);
        muted.delete(id);
        painter.cancel(id);
      }
      for (const card of all) cards.set(card.id, card);
      matcher.resetTime();
      options.onSummary();
    },
    autoTags: (id) => matched.get(id)?.autoTags ?? new Map(),
    highlighted,
    muted,
    get notices() {
      return [...notices.values()];
    },
    colors: () => rules.filter((rule) => rule.action === 'highlight').map((rule) => rule.color),
    get hasMuteRules() {
      return rules.some((rule) => rule.action === 'mute');
    },
    stop: () => {
      doc.removeEventListener('click', onClick, true);
      clearMarks();
      writeRuleColors(doc, []);
    },
  };
}
