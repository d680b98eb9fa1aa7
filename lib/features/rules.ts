/**
 * Keyword rules on the page, as every page carries them: reads the published rules (started by the
 * document_start script, published-read.ts), follows their changes, and hands them to the rule
 * engine (rule-engine.ts). The engine is a chunk of its own that a page loads only when the user
 * has rules: a reader without any never pays for the matcher, the highlights or the mutes, and the
 * early script starts loading it at document_start when there are some.
 */
import { browser } from 'wxt/browser';
import { onDemand, ruleEngine } from '../content/load-on-demand';
import type { Page, PageFeature } from '../content/page-feature';
import { paperInfo } from '../site/paper-info';
import { hasSelectionInCard } from './quick-rule';
import { PUBLISHED_RULES_KEY, mayHoldRules, readPublishedValue } from '../rules/published-read';
import type { Rule } from '../model/rule';
import type { Card } from '../site/cards';
import type { BlobLookup, BlobPaper } from '../site/data-blob';
import type { PaperInput } from '../model/records';
import type { RuleEngine } from './rule-engine';

export interface RulesOptions {
  /** What the page says about a paper (its blob entry, else the card's text). */
  paperFor: (card: Card, blob: BlobPaper | undefined) => PaperInput;
  /** The papers of the page's data blob (read once per batch: reading it walks the page). */
  blobPapers: () => BlobLookup;
  /** Whether the view is a single paper's page (its abstract lies outside the card; never muted). */
  isPaperPage: () => boolean;
  /** The rules are known (first time only). The cards already handed to `apply` are matched right
   * after it returns, in the same task. */
  onLoaded: (rules: Rule[]) => void;
  /** Which papers are highlighted or muted changed, or a rule was turned off. */
  onSummary: () => void;
  /** The auto-tag rules a paper matches changed: its chips are painted again. */
  onAutoTags: (ids: Set<string>) => void;
}

export interface RulesFeature {
  /** Matches, marks, mutes and paints these cards now (they were just annotated). */
  apply: (cards: Card[]) => void;
  /** A pass finished: the view's cards. Marks on cards that left are taken off. */
  passDone: (cards: Card[]) => void;
  /** Tag keys that rules gave this paper here, with the rule's label. */
  autoTags: (id: string) => ReadonlyMap<string, string>;
  readonly highlighted: ReadonlySet<string>;
  readonly muted: ReadonlySet<string>;
  /** Rules turned off on this page because they were too slow, named for the user. */
  readonly notices: readonly string[];
  readonly hasMuteRules: boolean;
  /** Colours of the highlight rules, for a new rule to take the least used. */
  colors: () => string[];
  stop: () => void;
}

const NONE: ReadonlySet<string> = new Set();
const NO_TAGS: ReadonlyMap<string, string> = new Map();

export function startRules(doc: Document, options: RulesOptions): RulesFeature {
  let engine: RuleEngine | null = null;
  let loading = false;
  let stopped = false;
  /** The newest published value: what the engine is given when it arrives. */
  let latest: unknown;
  /** The view's cards until the engine takes them over. */
  const cards = new Map<string, Card>();
  let known = false;
  const loadedOnce = (rules: Rule[]) => {
    if (known) return;
    known = true;
    options.onLoaded(rules);
  };

  const startEngine = () => {
    if (loading) return;
    loading = true;
    ruleEngine()
      .then(({ startRuleEngine }) => {
        if (stopped) return;
        engine = startRuleEngine(doc, { ...options, onLoaded: loadedOnce });
        // Only noted: the rules are not known to it yet. setPublished matches them all.
        engine.apply([...cards.values()].filter((card) => card.root.isConnected));
        cards.clear();
        engine.setPublished(latest);
      })
      .catch((error: unknown) => {
        loading = false;
        // The page shows its cards unmarked rather than holding them: a later change tries again.
        console.warn('[paperlight] could not load the keyword rules', error);
        loadedOnce([]);
      });
  };

  const receive = (value: unknown) => {
    latest = value;
    if (engine) engine.setPublished(value);
    else if (mayHoldRules(value)) startEngine();
    else loadedOnce([]);
  };

  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(PUBLISHED_RULES_KEY in changes)) return;
    const start = performance.now();
    receive(changes[PUBLISHED_RULES_KEY]!.newValue);
    // The whole of a rules change in this page: validating, matching every card, the summary.
    performance.measure('paperlight:rules-change', { start });
  };
  browser.storage.onChanged.addListener(onStorage);
  readPublishedValue()
    .then((value) => {
      // A change may have arrived first: it is newer than the read.
      if (!known && !loading) receive(value);
    })
    .catch((error: unknown) => {
      console.warn('[paperlight] could not read keyword rules', error);
      loadedOnce([]);
    });

  return {
    apply: (batch) => {
      if (engine) engine.apply(batch);
      else for (const card of batch) cards.set(card.id, card);
    },
    passDone: (all) => {
      if (engine) return engine.passDone(all);
      cards.clear();
      for (const card of all) cards.set(card.id, card);
      options.onSummary();
    },
    autoTags: (id) => engine?.autoTags(id) ?? NO_TAGS,
    get highlighted() {
      return engine?.highlighted ?? NONE;
    },
    get muted() {
      return engine?.muted ?? NONE;
    },
    get notices() {
      return engine?.notices ?? [];
    },
    get hasMuteRules() {
      return engine?.hasMuteRules ?? false;
    },
    colors: () => engine?.colors() ?? [],
    stop: () => {
      stopped = true;
      browser.storage.onChanged.removeListener(onStorage);
      engine?.stop();
    },
  };
}

export interface PageRules extends PageFeature, Pick<RulesFeature, 'autoTags' | 'highlighted' | 'muted' | 'notices'> {
  /** A rule from the words selected in a card (the keyboard's `h` and `m`); false when nothing is
   * selected in a card. */
  fromSelection: (action: 'highlight' | 'mute') => boolean;
}

/**
 * The keyword rules as a page feature. Cards stay hidden (early.content/hold.css) until the rules
 * are known and, when some mute, the cards in view are muted: a muted paper never shows for a
 * frame. (With no mute rule, the early script has usually let them show already.)
 */
export function rulesFeature(page: Page): PageRules {
  const { doc } = page;
  let rulesLoaded = false;
  /** A pass has handed cards to the rules (before they were known, it may be). */
  let cardsSeen = false;
  let cardsMatched = false;
  const revealIfReady = () => {
    if (rulesLoaded && (cardsMatched || !rules.hasMuteRules)) doc.documentElement.setAttribute('data-paperlight-shown', '');
  };
  const rules: RulesFeature = startRules(doc, {
    paperFor: (card, blob) => paperInfo(card, blob, doc.location.href),
    blobPapers: page.blobPapers,
    isPaperPage: () => page.kind().kind === 'paper',
    onLoaded: () => {
      rulesLoaded = true;
      // Cards a pass found before the rules were known are matched as the rules load, in this same
      // task (no frame between). Waiting for a later pass instead would hold them until the 1.5 s
      // failsafe when the read is slower than the first pass.
      cardsMatched ||= cardsSeen;
      revealIfReady();
    },
    onSummary: () => page.signals.emit('summaryChanged'),
    onAutoTags: (ids) => page.signals.emit('autoTagsChanged', ids),
  });

  return {
    name: 'rules',
    annotated: (cards) => rules.apply(cards),
    cardsFound: () => {
      cardsSeen = true;
      cardsMatched ||= rulesLoaded;
      revealIfReady();
    },
    passDone: (cards) => {
      rules.passDone(cards);
      cardsMatched ||= rulesLoaded;
      revealIfReady();
    },
    stop: () => rules.stop(),
    autoTags: (id) => rules.autoTags(id),
    get highlighted() {
      return rules.highlighted;
    },
    get muted() {
      return rules.muted;
    },
    get notices() {
      return rules.notices;
    },
    fromSelection: (action) => {
      if (!hasSelectionInCard(doc)) return false;
      // Quick rules load on first use (lib/content/load-on-demand.ts).
      void onDemand()
        .then(({ addRuleFromSelection }) => addRuleFromSelection(doc, action, () => rules.colors()))
        .catch((error: unknown) => console.warn('[paperlight] could not add the rule', error));
      return true;
    },
  };
}
