/**
 * The "For you" model in the background (issue #17): trains it from what the store holds
 * (training-set.ts, then lib/ranking/train.ts), keeps the last one in memory and in the database,
 * and answers `rank.model` and `rank.summary`. Training happens here (the service worker in Chrome,
 * the background page in Firefox), never on a page.
 *
 * When it trains: after a change to what it learns from (a save or removal, a tag by hand, a
 * dismissal, a rejected suggestion, a mute rule, an import or restore), heard from the background's
 * own broadcasts and rule publishing, `DELAY_MS` after the last of a burst of changes (at most
 * `MAX_DELAY_MS` after the first); at once after a reset or its undo. Many new texts of papers seen
 * (the weak negatives) count as a change too. Never while nothing changed: a change that leaves the
 * training set as it was (same papers, tags, rejections) is not trained again. One training at a
 * time; the term counts of every paper are cached across trainings (in memory), so a new save
 * re-reads one paper, not thousands.
 *
 * Ready (a model pages score with) from MIN_POSITIVES papers kept and MIN_NEGATIVES negatives
 * (coldStart): papers dismissed or muted, or seen and not kept.
 *
 * A new service worker answers from the model stored by the last one, and trains again only if a
 * change was noted (`markStale`) that the last one did not train on.
 */
import * as z from 'zod/mini';
import type { Broadcast } from '../protocol/messages';
import type { Rule } from '../model/rule';
import { MIN_NEGATIVES, MIN_POSITIVES, type PageModel, type RankScores, type RankState, type RankSummary, type ScoredPaper } from '../ranking/page-model';
import { scorer, type Scorer } from '../ranking/score';
import { isPageModel } from '../ranking/score';
import { DEFAULT_TRAIN_OPTIONS, train as trainModel, type TrainInput, type TrainResult } from '../ranking/train';
import { TermCountCache } from '../ranking/tfidf';
import type { PaperText, Store } from '../store';
import { muteRulesKey, trainingSet, type TrainingSet } from './training-set';

/** Quiet time after a change before training (a burst of dismissals trains once). */
export const DELAY_MS = 3_000;
/** …but no longer than this after the first change of a burst. */
export const MAX_DELAY_MS = 20_000;
/** New texts of papers seen that make a ready model train again (a listing or two). */
export const TEXTS_RETRAIN = 200;

export interface RankingService {
  /** `rank.model`: whether the model is ready (and when it was trained), or how far it is. */
  model(): Promise<RankState>;
  /** `rank.score`: a page's cards scored with the current model (null while there is none). */
  score(papers: Readonly<Record<string, { text: PaperText; tags: readonly string[] }>>): Promise<RankScores>;
  /** `rank.summary`: what the model learned, for the options page. */
  summary(): Promise<RankSummary>;
  /** `rank.reject`: a suggested tag the reader rejected on a paper. */
  reject(entry: { id: string; tag: string; text: PaperText }): Promise<void>;
  /** `rank.reset`: learning starts again from now (trained at once); the previous start. */
  reset(): Promise<number | null>;
  /** `rank.unreset`: puts the previous start back (trained at once). */
  unreset(resetAt: number | null): Promise<void>;
  /** A broadcast the background sent: a change to what the model learns from trains it again. */
  heard(change: Broadcast): void;
  /** The rules after a change (and at startup): a change to the mute rules trains again. */
  rulesChanged(rules: readonly Rule[]): void;
  /** A page's report kept this many texts of papers seen. */
  textsKept(count: number): void;
  /** What the model learns from changed: trains after a pause. */
  changed(): void;
  /** A training waiting for its pause runs now; resolves when none is waiting or under way. */
  flush(): Promise<void>;
}

export interface RankingDeps {
  store: () => Promise<Store>;
  /** Tells the pages (and the options page) that the model changed. */
  broadcast: (change: Broadcast) => Promise<void>;
  now?: () => number;
  delayMs?: number;
  maxDelayMs?: number;
  /** The trainer (lib/ranking/train.ts; tests may pass their own). */
  train?: (input: TrainInput, cache?: TermCountCache) => TrainResult;
}

const TermWeight = z.object({ term: z.string(), weight: z.number() });
const Terms = z.array(TermWeight);

/** The last training as stored (`ranking` store, key `model`). */
const StoredTraining = z.object({
  v: z.literal(1),
  model: z.unknown(),
  summary: z.object({
    ready: z.boolean(),
    positives: z.number(),
    negatives: z.object({ strong: z.number(), weak: z.number() }),
    trainedAt: z.nullable(z.number()),
    trainMs: z.nullable(z.number()),
    modelBytes: z.number(),
    resetAt: z.nullable(z.number()),
    overall: z.object({ up: Terms, down: Terms }),
    tags: z.array(z.object({ key: z.string(), examples: z.number(), up: Terms })),
  }),
  /** What the mute rules were (training-set.ts's muteRulesKey). */
  muteKey: z.string(),
  /** A hash of the training set: the same set is not trained again. */
  fingerprint: z.number(),
});

interface Training {
  model: PageModel | null;
  summary: Omit<RankSummary, 'textsKept'>;
  muteKey: string;
  fingerprint: number;
}

function checkedTraining(raw: unknown): Training | null {
  const parsed = StoredTraining.safeParse(raw);
  if (!parsed.success) return null;
  const { model, summary, muteKey, fingerprint } = parsed.data;
  if (model !== null && !isPageModel(model)) return null;
  return { model, summary, muteKey, fingerprint };
}

/** FNV-1a over the training set's papers (ids and texts), tags and rejections. */
export function fingerprintOf(set: TrainingSet, resetAt: number | null): number {
  let hash = 0x811c9dc5;
  const mix = (value: string) => {
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  };
  const papers = (label: string, list: readonly { id: string; text: PaperText }[]) => {
    mix(label);
    for (const { id, text } of list) {
      mix(id);
      mix(text.title);
      mix(text.abstract ?? '');
      mix((text.keywords ?? []).join('\u0001'));
    }
  };
  mix(String(resetAt));
  papers('+', set.positives);
  papers('-', set.strongNegatives);
  papers('~', set.weakNegatives);
  for (const key of Object.keys(set.tags).sort()) {
    mix(`#${key}`);
    for (const id of [...set.tags[key]!].sort()) mix(id);
  }
  for (const key of Object.keys(set.rejected).sort()) papers(`x${key}`, set.rejected[key]!);
  return hash >>> 0;
}

/**
 * Too little to rank with: fewer than MIN_POSITIVES papers kept, or fewer than MIN_NEGATIVES
 * negatives of either kind (the threshold, as train() has it). Papers seen and not kept
 * count: a reader who stars five papers of a listing they read is ranked from then on, without
 * having to learn that `x` teaches too.
 */
const coldStart = (set: TrainingSet): boolean => set.positives.length < MIN_POSITIVES || set.strongNegatives.length + set.weakNegatives.length < MIN_NEGATIVES;

function untrained(set: TrainingSet): TrainResult {
  return {
    model: null,
    summary: {
      ready: false,
      positives: set.positives.length,
      negatives: { strong: set.strongNegatives.length, weak: set.weakNegatives.length },
      modelBytes: 0,
      overall: { up: [], down: [] },
      tags: [],
    },
  };
}

export function rankingService(deps: RankingDeps): RankingService {
  const now = deps.now ?? Date.now;
  const delayMs = deps.delayMs ?? DELAY_MS;
  const maxDelayMs = deps.maxDelayMs ?? MAX_DELAY_MS;
  const train = deps.train ?? trainModel;
  /** Every paper's term counts, kept across trainings (this worker's life). */
  const cache = new TermCountCache(DEFAULT_TRAIN_OPTIONS.features);

  /** The last training (memory's copy of the stored one); null before any. */
  let last: Training | null = null;
  /** The scorer of the last model, kept while it is current (pages ask for every view). */
  let scoring: { trainedAt: number; scorer: Scorer } | null = null;
  let loading: Promise<void> | null = null;
  /** Something changed since the last training began. */
  let dirty = false;
  /** The change is noted in the database (a new worker would train again). */
  let staleNoted = false;
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let burstStarted = 0;
  /** Saved papers the last training read (a broadcast of only these is a note or a state). */
  let knownSaved: Set<string> | null = null;
  let textsSince = 0;
  /** The mute rules' key as last published, to compare once the stored training is read. */
  let publishedMuteKey: string | null = null;

  const warn = (what: string) => (error: unknown) => console.warn(`[paperlight] ${what}`, error);

  const checkMuteRules = () => {
    if (last && publishedMuteKey !== null && publishedMuteKey !== last.muteKey) changed();
  };

  const load = (): Promise<void> => {
    loading ??= (async () => {
      const { record, stale } = await (await deps.store()).ranking.readModel();
      last = checkedTraining(record);
      staleNoted = stale;
      // Never trained (or its record is damaged), or changed since: trained again, lazily (unless
      // a training waits for this read: it gathers everything after it).
      if (!last || stale) {
        if (!running) {
          dirty = true;
          schedule();
        }
      } else checkMuteRules();
    })().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };

  const clearTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  function schedule(): void {
    const at = now();
    if (timer === null) burstStarted = at;
    clearTimer();
    const wait = Math.max(0, Math.min(delayMs, burstStarted + maxDelayMs - at));
    timer = setTimeout(() => {
      timer = null;
      if (dirty && !running) void run().catch(warn('could not train the For you model'));
    }, wait);
  }

  function changed(): void {
    dirty = true;
    if (!staleNoted) {
      staleNoted = true;
      void deps
        .store()
        .then((store) => store.ranking.markStale())
        .catch(warn('could not note that the For you model is out of date'));
    }
    schedule();
  }

  const trainOnce = async (): Promise<void> => {
    await load();
    const started = performance.now();
    const store = await deps.store();
    const sources = await store.ranking.sources();
    const set = trainingSet(sources);
    const resetAt = sources.reset?.at ?? null;
    const fingerprint = fingerprintOf(set, resetAt);
    const muteKey = muteRulesKey(sources.rules);
    knownSaved = new Set(sources.saved.map((paper) => paper.id));
    textsSince = 0;
    if (last && last.fingerprint === fingerprint) {
      // Nothing it learns from moved (a note, an auto tag, a rule that mutes nothing kept).
      last = { ...last, muteKey };
      await store.ranking.writeModel({ v: 1, ...last });
    } else {
      const trainedAt = now();
      const training = performance.now();
      const result = coldStart(set) ? untrained(set) : train({ ...set, trainedAt }, cache);
      const trainMs = Math.round(performance.now() - started);
      const fitMs = performance.now() - training;
      last = {
        model: result.model,
        summary: { ...result.summary, trainedAt: result.model ? trainedAt : null, trainMs: result.model ? trainMs : null, resetAt },
        muteKey,
        fingerprint,
      };
      await store.ranking.writeModel({ v: 1, ...last });
      // In the background's timeline (npm run bench): how long gathering and training took, and
      // the training alone (reading the library and the texts from the database is the rest).
      performance.measure('paperlight:rank-train', {
        start: started,
        detail: { positives: set.positives.length, strong: set.strongNegatives.length, weak: set.weakNegatives.length, bytes: result.summary.modelBytes, fitMs },
      });
      await deps.broadcast({ type: 'rank.changed', trainedAt: result.model?.trainedAt ?? null });
    }
    staleNoted = false;
    // A change that came while this one trained: noted again, and trained after.
    if (dirty) changed();
  };

  /** One training, after the one under way (if any). */
  function run(): Promise<void> {
    if (running) return running;
    dirty = false;
    clearTimer();
    running = trainOnce().finally(() => {
      running = null;
    });
    return running;
  }

  /** Trains now with everything as it is, and waits for it. */
  const trainNow = async (): Promise<void> => {
    await load();
    dirty = true;
    clearTimer();
    while (dirty || running) {
      if (running) await running.catch(() => undefined);
      else await run();
    }
  };

  /** The last training, training first if there was none. */
  const current = async (): Promise<Training> => {
    await load();
    if (!last) await trainNow();
    return last!;
  };

  return {
    async model() {
      const { model, summary } = await current();
      // Not ready: how far it is, in the terms of the cold start (see coldStart).
      return model ? { ready: true, trainedAt: model.trainedAt } : { ready: false, positives: summary.positives, negatives: summary.negatives.strong + summary.negatives.weak };
    },
    async score(papers) {
      const { model } = await current();
      if (!model) return null;
      const start = performance.now();
      // Scored here, where the code stays warm between pages: a page's main thread only sends the
      // texts it shows and paints the answer (cold, on a freshly loaded page, scoring cost 15 ms a
      // 105-card view; here it is about 2).
      if (scoring?.trainedAt !== model.trainedAt) scoring = { trainedAt: model.trainedAt, scorer: scorer(model) };
      const scores: Record<string, ScoredPaper> = {};
      for (const [id, paper] of Object.entries(papers)) {
        const { score, up, down } = scoring.scorer.score(paper.text);
        const suggested = scoring.scorer.suggest(id, paper.text, paper.tags).map((suggestion) => suggestion.key);
        scores[id] = { score, up, down, suggested };
      }
      performance.measure('paperlight:rank-score', { start, detail: { papers: Object.keys(scores).length } });
      return { trainedAt: model.trainedAt, scores };
    },
    async summary() {
      const training = await current();
      const textsKept = await (await deps.store()).ranking.seenTextCount();
      return { ...training.summary, textsKept };
    },
    async reject(entry) {
      await (await deps.store()).ranking.reject(entry, now());
      changed();
    },
    async reset() {
      const previous = await (await deps.store()).ranking.reset(now());
      await trainNow();
      return previous;
    },
    async unreset(resetAt) {
      await (await deps.store()).ranking.unreset(resetAt);
      await trainNow();
    },
    heard(change) {
      switch (change.type) {
        case 'papers.changed':
          // A note or a reading state changes nothing the model reads.
          if (change.removed.length > 0 || !knownSaved || change.saved.some((paper) => !knownSaved!.has(paper.id))) changed();
          return;
        case 'tags.changed':
          if (change.papers.length > 0) changed();
          return;
        case 'library.changed':
        case 'seen.dismissed':
          changed();
          return;
        default:
          return;
      }
    },
    rulesChanged(rules) {
      publishedMuteKey = muteRulesKey(rules);
      if (last) checkMuteRules();
      else void load().catch(warn('could not read the For you model'));
    },
    textsKept(count) {
      textsSince += count;
      // A model not ready yet may wait for a mute rule's match among them: every text counts then.
      if (textsSince >= TEXTS_RETRAIN || (last !== null && last.model === null && count > 0)) changed();
      else if (!last) void load().catch(warn('could not read the For you model'));
    },
    changed,
    async flush() {
      if (timer !== null) {
        clearTimer();
        if (dirty) await run();
      }
      while (running) await running.catch(() => undefined);
      if (timer !== null) await this.flush();
    },
  };
}
