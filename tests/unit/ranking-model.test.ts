import { describe, expect, it } from 'vitest';
import { featureValue } from '@/lib/ranking/features';
import type { PageModel, PaperText, TagModel } from '@/lib/ranking/page-model';
import { isPageModel, scorer } from '@/lib/ranking/score';
import { TermDictionary, documentTerms } from '@/lib/ranking/tfidf';
import { train, type TrainInput, type TrainPaper } from '@/lib/ranking/train';
import { rankingPapers } from './ranking-data';

const about = (pattern: RegExp) => (paper: { title: string }) => pattern.test(paper.title);
const asTrain = (paper: { id: string; title: string; abstract: string | null }): TrainPaper => ({ id: paper.id, text: { title: paper.title, abstract: paper.abstract } });

const papers = rankingPapers().slice(0, 1500);
const earlier = papers.slice(0, 1000);
const later = papers.slice(1000);
const diffusion = about(/diffusion/i);
const agents = about(/agent/i);
const positives = earlier.filter(diffusion).slice(0, 40).map(asTrain);
const strong = earlier.filter(agents).slice(0, 30).map(asTrain);
const weak = earlier.filter((p) => !diffusion(p) && !agents(p)).slice(0, 400).map(asTrain);
const input = (extra: Partial<TrainInput> = {}): TrainInput => ({
  positives,
  strongNegatives: strong,
  weakNegatives: weak,
  tags: {},
  rejected: {},
  trainedAt: 1_700_000_000_000,
  ...extra,
});

describe('train and score', () => {
  const { model, summary } = train(input());
  const page = scorer(model!);

  it('ranks papers like the saved ones above papers like the dismissed ones, on later papers', () => {
    const mean = (list: typeof later) => list.reduce((sum, p) => sum + page.score({ title: p.title, abstract: p.abstract }).score, 0) / list.length;
    expect(mean(later.filter(diffusion))).toBeGreaterThan(0.4);
    expect(mean(later.filter(diffusion))).toBeGreaterThan(3 * mean(later.filter(agents)));
    expect(summary.ready).toBe(true);
    expect(summary.overall.up.map((t) => t.term)).toContain('diffusion');
  });

  it('gives the terms that pushed a score up and down', () => {
    const result = page.score({ title: 'Diffusion models for agents', abstract: 'A diffusion agent for web navigation.' });
    expect(result.up[0]?.term).toMatch(/diffusion/);
    expect(result.down.map((t) => t.term)).toContain('agent');
    expect(result.up.length).toBeLessThanOrEqual(4);
  });

  it('scores on the page what the trainer computes for the same paper', () => {
    for (const paper of later.slice(0, 50)) {
      const text = { title: paper.title, abstract: paper.abstract };
      const dictionary = new TermDictionary();
      const document = documentTerms(text, dictionary);
      const column = new Map(model!.terms.map((term, i) => [term, i]));
      const weight = new Map<number, number>();
      for (let k = 0; k < model!.overall.weights.length; k += 2) weight.set(model!.overall.weights[k]!, model!.overall.weights[k + 1]!);
      let z = model!.overall.bias;
      document.ids.forEach((id, k) => {
        const at = column.get(dictionary.term(id));
        if (at !== undefined) z += (weight.get(at) ?? 0) * featureValue(document.counts[k]!, model!.idf[at]!, document.norm);
      });
      expect(page.score(text).score).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    }
  });

  it('survives JSON: the same scores from the model sent as a message', () => {
    const copy: unknown = JSON.parse(JSON.stringify(model));
    expect(isPageModel(copy)).toBe(true);
    const again = scorer(copy as PageModel);
    for (const paper of later.slice(0, 30)) {
      const text = { title: paper.title, abstract: paper.abstract };
      expect(again.score(text)).toEqual(page.score(text));
    }
  });

  it('isPageModel refuses what is not one', () => {
    const good = JSON.parse(JSON.stringify(model)) as PageModel;
    expect(isPageModel(null)).toBe(false);
    expect(isPageModel({ ...good, v: 2 })).toBe(false);
    expect(isPageModel({ ...good, idf: good.idf.slice(1) })).toBe(false);
    expect(isPageModel({ ...good, overall: { bias: 0, weights: [good.terms.length, 1] } })).toBe(false);
    expect(isPageModel({ ...good, tags: [{ bias: 0, weights: [], key: 'x' }] })).toBe(false);
    expect(isPageModel({ ...good, rejected: { a: [1] } })).toBe(false);
  });
});

describe('cold start', () => {
  it('no model below 5 positives or 3 negatives (strong and weak together)', () => {
    expect(train(input({ positives: positives.slice(0, 4) })).model).toBeNull();
    expect(train(input({ strongNegatives: strong.slice(0, 1), weakNegatives: weak.slice(0, 1) })).model).toBeNull();
    const ready = train(input({ positives: positives.slice(0, 5), strongNegatives: strong.slice(0, 1), weakNegatives: weak.slice(0, 2) }));
    expect(ready.model).not.toBeNull();
    expect(ready.summary).toMatchObject({ ready: true, positives: 5, negatives: { strong: 1, weak: 2 } });
    expect(train(input({ positives: positives.slice(0, 4) })).summary).toMatchObject({ ready: false, positives: 4 });
  });
});

describe('tag models', () => {
  const library = [...earlier.filter(diffusion).slice(0, 60), ...earlier.filter(about(/video/i)).slice(0, 40), ...earlier.filter(about(/reason/i)).slice(0, 60)].map(
    asTrain,
  );
  const videoIds = library.filter((p) => /video/i.test(p.text.title)).map((p) => p.id);
  const reasoningIds = library.filter((p) => /reason/i.test(p.text.title)).map((p) => p.id);
  const rejectedPaper = asTrain(later.find(about(/video generation/i))!);
  const { model, summary } = train(
    input({
      positives: library,
      tags: { video: videoIds, reasoning: reasoningIds, tiny: videoIds.slice(0, 4) },
      rejected: { reasoning: [asTrain(later.find(about(/reasoning/i))!)] },
    }),
  );
  const page = scorer(model!);

  it('a model per tag with at least 5 papers, its top terms in the summary', () => {
    expect(model!.tags.map((t) => t.key)).toEqual(['reasoning', 'video']);
    expect(summary.tags.find((t) => t.key === 'video')?.up.map((t) => t.term)).toContain('video');
    for (const tag of model!.tags) expect(tag.threshold).toBeGreaterThanOrEqual(0.5);
  });

  it('suggests a tag where its model is confident, never one the paper has or the reader rejected', () => {
    const video = later.filter(about(/video generation/i)).map((p) => ({ id: p.id, text: { title: p.title, abstract: p.abstract } }));
    const suggested = video.filter((p) => page.suggest(p.id, p.text, []).some((s) => s.key === 'video'));
    expect(suggested.length).toBeGreaterThan(0);
    const one = suggested[0]!;
    expect(page.suggest(one.id, one.text, ['video']).map((s) => s.key)).not.toContain('video');
    const rejected = { ...model!, rejected: { [one.id]: ['video'] } };
    expect(scorer(rejected).suggest(one.id, one.text, []).map((s) => s.key)).not.toContain('video');
    expect(rejectedPaper.id in model!.rejected).toBe(false);
  });

  it('suggests with the scores the trainer’s tag models give, also for long texts and keywords', () => {
    const reference = (text: PaperText, tag: TagModel) => {
      const dictionary = new TermDictionary();
      const document = documentTerms(text, dictionary);
      const column = new Map(model!.terms.map((term, i) => [term, i]));
      const weight = new Map<number, number>();
      for (let k = 0; k < tag.weights.length; k += 2) weight.set(tag.weights[k]!, tag.weights[k + 1]!);
      let z = tag.bias;
      document.ids.forEach((id, k) => {
        const at = column.get(dictionary.term(id));
        if (at !== undefined) z += (weight.get(at) ?? 0) * featureValue(document.counts[k]!, model!.idf[at]!, document.norm);
      });
      return 1 / (1 + Math.exp(-z));
    };
    const texts: PaperText[] = later.slice(0, 40).map((p) => ({ title: p.title, abstract: p.abstract }));
    // A text longer than any abstract (the page's word table grows), and AI keywords as fields.
    texts.push({ title: 'Video generation', abstract: later.slice(0, 60).map((p) => p.abstract ?? '').join(' '), keywords: ['video diffusion', 'world model'] });
    texts.push({ title: '深度学习视频生成: Video-Diffusion Models', abstract: 'Über-efficient $\\alpha$-video generation with 扩散模型 and ＧＰＴ.' });
    const lowered = scorer({ ...model!, tags: model!.tags.map((tag) => ({ ...tag, threshold: 0 })) });
    for (const text of texts) {
      const suggested = new Map(lowered.suggest('x', text, []).map((s) => [s.key, s.score]));
      for (const tag of model!.tags) expect(suggested.get(tag.key)).toBeCloseTo(reference(text, tag), 12);
    }
  });

  it('stays under 100 KB with 20 tag models and thousands of papers', () => {
    const big = rankingPapers().slice(0, 3000).map(asTrain);
    const tags: Record<string, string[]> = {};
    for (let t = 0; t < 20; t++) tags[`tag ${t}`] = big.filter((_, i) => i < 1000 && (i % 20 === t || i % 31 === t)).map((p) => p.id);
    const result = train({ positives: big.slice(0, 1000), strongNegatives: big.slice(1000, 1200), weakNegatives: big.slice(1200), tags, rejected: {}, trainedAt: 0 });
    expect(result.model!.tags).toHaveLength(20);
    expect(JSON.stringify(result.model).length).toBeLessThanOrEqual(100_000);
    expect(result.summary.modelBytes).toBe(JSON.stringify(result.model).length);
  });
});
