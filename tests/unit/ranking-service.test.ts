/**
 * The "For you" model in the background (issue #17): the training set gathered from a seeded store
 * (positives, strong and weak negatives, rejections, the reset point, mute rules), and the
 * service behind the `rank.*` messages: cold until 5 saves and 3 negatives, trained after changes
 * (debounced, once, never when nothing changed), answered from the stored model by a new worker.
 */
import { describe, expect, it, vi } from 'vitest';
import { handleRequest } from '@/lib/background/handle-request';
import { rankingService, type RankingService } from '@/lib/background/ranking-service';
import { muteRulesKey, trainingSet } from '@/lib/background/training-set';
import type { Broadcast } from '@/lib/protocol/messages';
import type { RankState, RankSummary } from '@/lib/ranking/page-model';
import { train } from '@/lib/ranking/train';
import type { PaperText, Store } from '@/lib/store';
import { backgroundOn } from './background-harness';
import { openTestStore, paperInput } from './test-data';

const T = 1_733_000_000_000;

const LIKED = [
  'Chain of thought prompting improves reasoning in large language models',
  'Scaling reasoning for large language models with reinforcement learning',
  'Language models learn to reason step by step with verifiers',
  'Self consistency for reasoning in language models',
  'Tool use makes large language models better at math reasoning',
  'Reasoning traces distilled into small language models',
  'Language models that plan before reasoning',
];
const DISLIKED = [
  'Protein structure prediction with diffusion over residues',
  'Protein folding dynamics from cryo electron microscopy',
  'Molecular docking of protein ligands with graph networks',
  'Protein design with diffusion models of backbones',
];

const id = (n: number) => `2407.${String(n).padStart(5, '0')}`;
const text = (title: string, keywords?: string[]): PaperText => ({ title, abstract: `${title}. We study this in detail.`, ...(keywords && { keywords }) });

async function setup() {
  const store = await openTestStore();
  const clock = { now: T };
  const trained = vi.fn(train);
  const sent: Broadcast[] = [];
  const service = (deps: Partial<Parameters<typeof rankingService>[0]> = {}) =>
    rankingService({ store: async () => store, broadcast: async (change) => void sent.push(change), now: () => clock.now, delayMs: 5, maxDelayMs: 20, train: trained, ...deps });
  const ranking = service();
  // The background's broadcasts reach the model as background.ts wires them.
  const { send, deps } = backgroundOn(store, {
    ranking,
    now: () => clock.now,
    broadcast: async (change) => {
      sent.push(change);
      ranking.heard(change);
    },
  });
  const model = () => send({ type: 'rank.model' }) as Promise<RankState>;
  const summary = () => send({ type: 'rank.summary' }) as Promise<RankSummary>;
  return { store, clock, trained, sent, ranking, service, send, deps, model, summary };
}

/** Saves LIKED[0..count) as papers 1…, through the background. */
async function saveLiked(send: (message: never) => Promise<unknown>, count: number, from = 0) {
  for (let n = from; n < from + count; n++) await send({ type: 'paper.save', paper: paperInput(id(n + 1), { title: LIKED[n]!, abstract: `${LIKED[n]}. We study this in detail.` }) } as never);
}

/** Dismisses DISLIKED[0..count) as papers 101…, with their texts, as a page does. */
async function dismissDisliked(send: (message: never) => Promise<unknown>, count: number) {
  const ids = DISLIKED.slice(0, count).map((_, n) => id(101 + n));
  await send({ type: 'seen.dismiss', ids, dismissed: true, texts: Object.fromEntries(ids.map((paper, n) => [paper, text(DISLIKED[n]!)])) } as never);
}

const rankChanged = (sent: Broadcast[]) => sent.filter((change) => change.type === 'rank.changed');

describe('the training set', () => {
  async function seeded(): Promise<Store> {
    const store = await openTestStore();
    // Saved papers; the page reported one's AI keywords with its text.
    await store.papers.save(paperInput(id(1), { title: LIKED[0]!, abstract: 'Saved abstract.' }), T);
    await store.papers.save(paperInput(id(2), { title: LIKED[1]!, abstract: null }), T);
    await store.ranking.keepTexts([{ id: id(1), text: text('As the page showed it', ['LLM', 'reasoning']) }], T);
    // Tagged by hand without being saved, and a saved paper tagged.
    await store.tags.add(paperInput(id(3), { title: LIKED[2]!, abstract: 'Tagged abstract.' }), 'LLM', T);
    await store.tags.add(paperInput(id(2), { title: LIKED[1]! }), 'LLM', T);
    // Seen: one merely seen, one dismissed, one a mute rule matches; and a tagged one seen.
    await store.ranking.keepTexts(
      [
        { id: id(10), text: text('A survey of graph databases') },
        { id: id(11), text: text(DISLIKED[0]!) },
        { id: id(12), text: text('Muted topic: crypto trading bots') },
        { id: id(3), text: text('The tagged one as seen') },
      ],
      T + 1,
    );
    await store.seen.dismiss([id(11)], T + 2);
    await store.ranking.dismissTexts([id(11)], undefined, T + 2);
    await store.rules.add({ pattern: 'crypto', action: 'mute', fields: ['title'] }, T);
    await store.rules.add({ pattern: 'graph', action: 'highlight', fields: ['title'] }, T);
    // Rejections: one stands; one the reader took back by giving the tag after all.
    await store.ranking.reject({ tag: 'llm', id: id(10), text: text('A survey of graph databases') }, T + 3);
    await store.ranking.reject({ tag: 'llm', id: id(3), text: text(LIKED[2]!) }, T + 3);
    return store;
  }

  it('takes positives from saves and tags, strong negatives from dismissals and mute rules, weak ones from the rest', async () => {
    const store = await seeded();
    const set = trainingSet(await store.ranking.sources());
    expect(set.positives).toEqual([
      // The saved abstract, with the page's AI keywords.
      { id: id(1), text: { title: LIKED[0], abstract: 'Saved abstract.', keywords: ['LLM', 'reasoning'] } },
      { id: id(2), text: { title: LIKED[1], abstract: null } },
      { id: id(3), text: { title: LIKED[2], abstract: 'Tagged abstract.' } },
    ]);
    expect(set.tags).toEqual({ llm: [id(2), id(3)] });
    expect(set.strongNegatives.map((paper) => paper.id)).toEqual([id(11), id(12)]);
    expect(set.weakNegatives).toEqual([{ id: id(10), text: text('A survey of graph databases') }]);
    expect(set.rejected).toEqual({ llm: [{ id: id(10), text: text('A survey of graph databases') }] });
    // Without the mute rule, the muted paper is merely seen.
    const sources = await store.ranking.sources();
    expect(trainingSet({ ...sources, rules: sources.rules.filter((rule) => rule.action !== 'mute') }).weakNegatives.map((paper) => paper.id)).toEqual([id(10), id(12)]);
    store.close();
  });

  it('learns only from what came after the reset point', async () => {
    const store = await seeded();
    expect(await store.ranking.reset(T + 100)).toBeNull();
    let set = trainingSet(await store.ranking.sources());
    expect(set).toEqual({ positives: [], strongNegatives: [], weakNegatives: [], tags: {}, rejected: {} });
    // After it: a save, a new tag on a paper tagged before, a paper seen again, a dismissal, a rejection.
    await store.papers.save(paperInput(id(4), { title: LIKED[3]!, abstract: 'After.' }), T + 101);
    await store.tags.add(paperInput(id(3), { title: LIKED[2]! }), 'Reasoning', T + 101);
    await store.ranking.keepTexts([{ id: id(10), text: text('A survey of graph databases') }], T + 102);
    await store.seen.dismiss([id(20)], T + 103);
    await store.ranking.dismissTexts([id(20)], { [id(20)]: text(DISLIKED[1]!) }, T + 103);
    await store.ranking.reject({ tag: 'reasoning', id: id(10), text: text('A survey of graph databases') }, T + 104);
    set = trainingSet(await store.ranking.sources());
    expect(set.positives.map((paper) => paper.id)).toEqual([id(3), id(4)]);
    // The tag given before the reset is not counted; the one given after is.
    expect(set.tags).toEqual({ reasoning: [id(3)] });
    expect(set.strongNegatives.map((paper) => paper.id)).toEqual([id(20)]);
    expect(set.weakNegatives.map((paper) => paper.id)).toEqual([id(10)]);
    expect(Object.keys(set.rejected)).toEqual(['reasoning']);
    store.close();
  });

  it('fingerprints only what mute rules do', async () => {
    const store = await seeded();
    const rules = await store.rules.list();
    expect(muteRulesKey(rules)).toBe(muteRulesKey([...rules].reverse()));
    expect(muteRulesKey(rules.filter((rule) => rule.action !== 'highlight'))).toBe(muteRulesKey(rules));
    expect(muteRulesKey(rules.filter((rule) => rule.action !== 'mute'))).not.toBe(muteRulesKey(rules));
    store.close();
  });
});

describe('the rank messages', () => {
  it('are cold until 5 saves and 3 dismissals with texts, then ready with a model that ranks what was saved first', async () => {
    const t = await setup();
    expect(await t.model()).toEqual({ ready: false, positives: 0, negatives: 0 });
    await saveLiked(t.send, 5);
    await t.ranking.flush();
    expect(await t.model()).toEqual({ ready: false, positives: 5, negatives: 0 });
    await dismissDisliked(t.send, 2);
    await t.ranking.flush();
    expect(await t.model()).toEqual({ ready: false, positives: 5, negatives: 2 });
    await dismissDisliked(t.send, 3);
    await t.ranking.flush();
    const state = await t.model();
    expect(state.ready).toBe(true);
    if (!state.ready) return;
    expect(state).toEqual({ ready: true, trainedAt: T });
    expect(rankChanged(t.sent).at(-1)).toEqual({ type: 'rank.changed', trainedAt: T });

    const summary = await t.summary();
    expect(summary).toMatchObject({ ready: true, positives: 5, negatives: { strong: 3, weak: 0 }, trainedAt: T, resetAt: null, textsKept: 0 });
    expect(summary.modelBytes).toBeGreaterThan(0);
    expect(summary.modelBytes).toBeLessThanOrEqual(100_000);
    expect(summary.trainMs).toEqual(expect.any(Number));
    const up = summary.overall.up.map((term) => term.term).join(' ');
    const down = summary.overall.down.map((term) => term.term).join(' ');
    expect(up).toMatch(/reason|languag/);
    expect(down).toMatch(/protein/);

    // A page's cards are scored here: a paper like those saved above one like those dismissed.
    const scored = (await t.send({
      type: 'rank.score',
      papers: {
        [id(400)]: { text: text('Reasoning with large language models and verifiers'), tags: [] },
        [id(401)]: { text: text('Protein ligand docking with cryo electron microscopy'), tags: [] },
      },
    })) as { trainedAt: number; scores: Record<string, { score: number; up: { term: string }[]; suggested: string[] }> };
    expect(scored.trainedAt).toBe(T);
    expect(scored.scores[id(400)]!.score).toBeGreaterThan(scored.scores[id(401)]!.score);
    expect(scored.scores[id(400)]!.up.map((reason) => reason.term).join(' ')).toMatch(/reason|languag/);
    t.store.close();
  });

  it('score nothing before the model is ready', async () => {
    const t = await setup();
    expect(await t.send({ type: 'rank.score', papers: { [id(400)]: { text: text('Reasoning'), tags: [] } } })).toBeNull();
    t.store.close();
  });

  it('are open to pages for the model, scores and rejections only', async () => {
    const t = await setup();
    const fromTab = (message: unknown) => handleRequest(t.deps, message, { tabId: 1, extensionPage: false });
    expect(await fromTab({ type: 'rank.model' })).toEqual({ ok: true, value: { ready: false, positives: 0, negatives: 0 } });
    expect(await fromTab({ type: 'rank.score', papers: {} })).toEqual({ ok: true, value: null });
    // A page's texts are checked like any message: no HTML trusted, no size unbounded.
    expect(await fromTab({ type: 'rank.score', papers: { 'not-an-id': { text: text('A'), tags: [] } } })).toMatchObject({ ok: false });
    expect(await fromTab({ type: 'rank.reject', id: id(1), tag: 'llm', text: text('A') })).toEqual({ ok: true, value: null });
    for (const type of ['rank.summary', 'rank.reset']) expect(await fromTab({ type })).toEqual({ ok: false, error: `Rejected message: ${type} is not available to web pages` });
    expect(await fromTab({ type: 'rank.unreset', resetAt: null })).toMatchObject({ ok: false });
    await t.ranking.flush();
    t.store.close();
  });

  it('keep the texts pages report with their marks, and train on them as weak negatives', async () => {
    const t = await setup();
    await saveLiked(t.send, 5);
    await t.send({ type: 'seen.mark', marks: DISLIKED.slice(0, 2).map((title, n) => ({ id: id(201 + n), how: 'glimpsed', upvotes: 1, text: text(title) })) });
    await t.ranking.flush();
    // Two papers passed over are not enough to go on …
    expect(await t.model()).toEqual({ ready: false, positives: 5, negatives: 2 });
    await t.send({ type: 'seen.mark', marks: DISLIKED.slice(2).map((title, n) => ({ id: id(203 + n), how: 'glimpsed', upvotes: 1, text: text(title) })) });
    await t.ranking.flush();
    expect(await t.store.ranking.seenTextCount()).toBe(DISLIKED.length);
    // … three are: the reader need not dismiss anything to be ranked.
    expect(await t.summary()).toMatchObject({ ready: true, negatives: { strong: 0, weak: DISLIKED.length }, textsKept: DISLIKED.length });
    expect((await t.model()).ready).toBe(true);
    await dismissDisliked(t.send, 3);
    await t.ranking.flush();
    expect(await t.summary()).toMatchObject({ ready: true, negatives: { strong: 3, weak: DISLIKED.length }, textsKept: DISLIKED.length });
    // Seen papers dismissed later are strong negatives, and their texts are no longer among the seen.
    await t.send({ type: 'seen.dismiss', ids: [id(201)], dismissed: true });
    await t.ranking.flush();
    expect(await t.summary()).toMatchObject({ ready: true, negatives: { strong: 4, weak: DISLIKED.length - 1 }, textsKept: DISLIKED.length - 1 });
    t.store.close();
  });

  it('put a rejected suggestion in the model, for that tag and paper', async () => {
    const t = await setup();
    await saveLiked(t.send, 5);
    await dismissDisliked(t.send, 3);
    await t.send({ type: 'rank.reject', id: id(300), tag: 'llm', text: text('Graph databases at scale') });
    await t.ranking.flush();
    expect((await t.model()).ready).toBe(true);
    expect((await t.store.ranking.rejected()).map((entry) => [entry.tag, entry.id, entry.at])).toEqual([['llm', id(300), T]]);
    t.store.close();
  });

  it('reset what was learned (not ready again), and put it back with an undo', async () => {
    const t = await setup();
    await saveLiked(t.send, 5);
    await dismissDisliked(t.send, 3);
    await t.ranking.flush();
    expect((await t.model()).ready).toBe(true);
    const changes = rankChanged(t.sent).length;
    t.clock.now = T + 1_000;
    expect(await t.send({ type: 'rank.reset' })).toEqual({ resetAt: null });
    // Trained at once: the page hears of it, and sees too little left to rank.
    expect(rankChanged(t.sent).length).toBe(changes + 1);
    expect(rankChanged(t.sent).at(-1)).toEqual({ type: 'rank.changed', trainedAt: null });
    expect(await t.model()).toEqual({ ready: false, positives: 0, negatives: 0 });
    expect(await t.summary()).toMatchObject({ ready: false, resetAt: T + 1_000, trainedAt: null });
    // Two saves after it: counted.
    t.clock.now = T + 2_000;
    await saveLiked(t.send, 2, 5);
    await t.ranking.flush();
    expect(await t.model()).toEqual({ ready: false, positives: 2, negatives: 0 });

    expect(await t.send({ type: 'rank.unreset', resetAt: null })).toBeNull();
    const state = await t.model();
    expect(state.ready).toBe(true);
    expect(await t.summary()).toMatchObject({ ready: true, positives: 7, resetAt: null });
    t.store.close();
  });

  it('train once for a burst of changes, and not at all when nothing they learn from changed', async () => {
    const t = await setup();
    await saveLiked(t.send, 5);
    await dismissDisliked(t.send, 3);
    await t.ranking.flush();
    const trainings = t.trained.mock.calls.length;
    const changes = rankChanged(t.sent).length;

    // A note and a reading state: nothing the model reads.
    await t.send({ type: 'paper.note', id: id(1), note: 'Read §3' });
    await t.send({ type: 'papers.state', ids: [id(2)], state: 'done' });
    await t.ranking.flush();
    expect(t.trained.mock.calls.length).toBe(trainings);
    // A change that leaves the training set as it was: gathered, not trained.
    t.ranking.changed();
    await t.ranking.flush();
    expect(t.trained.mock.calls.length).toBe(trainings);
    expect(rankChanged(t.sent).length).toBe(changes);

    // A burst: three dismissals and a tag, one training.
    for (let n = 0; n < 3; n++) await t.send({ type: 'seen.dismiss', ids: [id(400 + n)], dismissed: true, texts: { [id(400 + n)]: text(`Protein ${n} folding`) } });
    await t.send({ type: 'tag.add', paper: paperInput(id(1), { title: LIKED[0]! }), name: 'LLM' });
    await t.ranking.flush();
    expect(t.trained.mock.calls.length).toBe(trainings + 1);
    expect(rankChanged(t.sent).length).toBe(changes + 1);
    t.store.close();
  });

  it('train again when the mute rules change, not when other rules do', async () => {
    const t = await setup();
    await saveLiked(t.send, 5);
    await t.send({ type: 'seen.mark', marks: DISLIKED.map((title, n) => ({ id: id(201 + n), how: 'glimpsed', upvotes: 1, text: text(title) })) });
    await t.ranking.flush();
    const trainings = t.trained.mock.calls.length;
    t.ranking.rulesChanged(await t.store.rules.list());
    await t.ranking.flush();
    expect(t.trained.mock.calls.length).toBe(trainings);
    const { rules } = (await t.send({ type: 'rule.add', rule: { pattern: 'protein', action: 'mute' } })) as { rules: Parameters<RankingService['rulesChanged']>[0] };
    t.ranking.rulesChanged(rules);
    await t.ranking.flush();
    expect(t.trained.mock.calls.length).toBe(trainings + 1);
    // The muted papers are strong negatives: enough to rank.
    expect(await t.summary()).toMatchObject({ ready: true, negatives: { strong: 4, weak: 0 } });
    t.store.close();
  });

  it('are answered by a new worker from the stored model, which trains again only when a change was left untrained', async () => {
    const t = await setup();
    await saveLiked(t.send, 5);
    await dismissDisliked(t.send, 3);
    await t.ranking.flush();
    const before = await t.model();
    const trainings = t.trained.mock.calls.length;

    const restarted = t.service();
    expect(await restarted.model()).toEqual(before);
    await restarted.flush();
    expect(t.trained.mock.calls.length).toBe(trainings);

    // A change noted and the worker gone before it trained: the next one trains, lazily.
    await t.store.ranking.markStale();
    await t.store.tags.add(paperInput(id(1), { title: LIKED[0]! }), 'LLM', T);
    const next = t.service();
    expect(await next.model()).toEqual(before);
    await next.flush();
    expect(t.trained.mock.calls.length).toBe(trainings + 1);
    expect((await t.store.ranking.readModel()).stale).toBe(false);
    t.store.close();
  });
});
