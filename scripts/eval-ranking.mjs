// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- untyped JSON throughout; what it runs (lib/ranking) is checked
// @ts-nocheck — a Node script over the fixture's JSON (not shipped); lib/ranking, which it runs, is checked.
// `npm run eval:ranking`: how well the "For you" model (lib/ranking, issue #17) ranks real Daily
// Papers listings for simulated readers, against the site's order (upvotes), random, and keyword
// rules a reader would write. Method and how to read the figures: docs/ranking.md.
//
// Data: tests/fixtures/ranking/papers-2025.jsonl.gz (real papers with the site's AI keywords; see
// the README beside it). A reader's interest is a group of related AI keywords; a paper is relevant
// when its keywords meet the group. The model never sees the keywords: title and abstract only.
//
// Options: --quick (the main table only, no ablations), --timing (training and scoring times, median
// (min–max), model size, and nothing else), --listing week|day (default week).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { importTs } from './import-ts.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'tests/fixtures/ranking/papers-2025.jsonl.gz');

/** lib/ranking compiled for Node on the fly (it is TypeScript), with the tests' seeded generator. */
async function loadRanking() {
  const { module, code } = await importTs(
    [
      "export * from './lib/ranking/train';",
      "export * from './lib/ranking/score';",
      "export * from './lib/ranking/tokenize';",
      "export * from './lib/ranking/tfidf';",
      "export * from './lib/ranking/page-model';",
      "export { random } from './tests/support/generate-library';",
    ].join('\n'),
  );
  return { ...module, code };
}

// ---------------------------------------------------------------------------------------------
// Readers

/**
 * Interests as groups of related AI keywords (patterns on the site's keywords, case-insensitive),
 * the way a reader would describe a field. Groups that hit fewer than 3 % or more than 15 % of the
 * papers are left out (too rare to learn from a few weeks, or not an interest but a trend).
 */
const INTERESTS = {
  'diffusion models': ['diffusion model', 'diffusion transformer', '\\bdit\\b', 'flow matching', 'latent diffusion', 'denoising diffusion'],
  'video generation': ['video generation', 'video diffusion', 'text-to-video', 'image-to-video', 'video synthesis'],
  'RL for reasoning': ['grpo', 'rlvr', 'verifiable reward', 'policy optimization', 'group relative'],
  'agents': ['\\bagent'],
  '3D': ['\\b3d\\b', 'gaussian splatting', 'nerf', 'point cloud', 'novel view'],
  'robotics and world models': ['robot', 'embodied', 'manipulation', 'vision-language-action', '\\bvla', 'world model'],
  'speech and audio': ['speech', 'audio', '\\btts\\b', 'spoken', 'voice', 'music'],
  'code': ['code generation', 'software engineering', '\\bcoding', 'program synthesis', 'code llm', '\\bcode\\b'],
  'math reasoning': ['mathematical', '\\bmath', 'theorem', 'olympiad'],
  'retrieval and RAG': ['retrieval', '\\brag\\b', 'search engine'],
  'efficient models': ['quantization', 'pruning', 'kv cache', 'sparse attention', 'compression', 'speculative decoding', 'mixture-of-experts', 'mixture of experts', '\\bmoe\\b', 'linear attention', 'state space', 'mamba'],
  'image editing': ['image editing', '\\bediting'],
  'safety and hallucination': ['safety', 'jailbreak', 'harmful', 'red-teaming', 'adversarial attack', 'hallucinat'],
  'AI for science and medicine': ['medical', 'clinical', 'health', 'biomedical', 'chemistry', 'molecul', 'protein', 'scientific', 'biology', 'physics', 'material'],
  'multilingual': ['multilingual', 'low-resource', 'translation', 'cross-lingual', 'languages'],
  'image generation': ['text-to-image', 'image generation', 'image synthesis', 'autoregressive image', 'visual tokeniz', 'image tokeniz'],
  'reward models and preferences': ['reward model', 'preference optimization', '\\bdpo\\b', 'rlhf', 'human feedback'],
  'GUI agents and tool use': ['\\bgui\\b', 'web agent', 'computer use', 'web navigation', 'tool use', 'tool-use', 'tool calling', 'function calling', 'tool learning'],
  'documents and charts': ['document', '\\bocr\\b', 'chart', 'table'],
  'long context and memory': ['long-context', 'long context', 'context window', 'context length', '\\bmemory'],
  'video understanding': ['video understanding', 'video question', 'video-llm', 'video llm', 'long video', 'video reasoning', 'temporal grounding', 'video-language', 'video captioning'],
  'efficient reasoning, test-time scaling': ['test-time', 'overthinking', 'chain-of-thought', 'chain of thought', '\\bcot\\b', 'reasoning length', 'token budget'],
  'interpretability': ['interpretab', 'sparse autoencoder', 'mechanistic', 'probing', 'steering', 'circuit', 'attention head'],
  'data for training': ['synthetic data', 'data synthesis', 'data curation', 'data selection', 'data quality', 'distillation'],
  'image restoration': ['super-resolution', 'restoration', 'denois', 'deblur'],
};

/** How a simulated reader acts on a paper they see. */
const BEHAVIOUR = {
  /** A relevant paper is saved with this chance (readers miss some). */
  recall: 0.7,
  /** An irrelevant one is dismissed with this chance (the rest are seen and not kept)… */
  dismiss: 0.1,
  /** …and saved by mistake or passing curiosity with this one (label noise). */
  noise: 0.01,
};

function loadPapers() {
  return gunzipSync(readFileSync(DATA))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

function makeReaders(lib, papers) {
  const readers = [];
  Object.entries(INTERESTS).forEach(([name, patterns], k) => {
    const pattern = new RegExp(patterns.join('|'), 'i');
    const relevant = new Set(papers.filter((p) => p.ai_keywords.some((keyword) => pattern.test(keyword))).map((p) => p.id));
    const share = relevant.size / papers.length;
    if (share < 0.03 || share > 0.15) return;
    // Each reader's own decisions, fixed by a seed: what they save, dismiss, or pass by.
    // Seeded (mulberry32, the tests' generator): every run sees the same readers.
    const next = lib.random(1000 + k);
    const action = new Map();
    for (const paper of papers) {
      const roll = next();
      if (relevant.has(paper.id)) action.set(paper.id, roll < BEHAVIOUR.recall ? 'save' : 'seen');
      else action.set(paper.id, roll < BEHAVIOUR.dismiss ? 'dismiss' : roll < BEHAVIOUR.dismiss + BEHAVIOUR.noise ? 'save' : 'seen');
    }
    readers.push({ name, share, relevant, action });
  });
  return readers;
}

/** Listings in time order: ISO weeks (Monday first) or single days. */
function listings(papers, by) {
  const groups = new Map();
  for (const paper of papers) {
    let key = paper.date;
    if (by === 'week') {
      const day = new Date(`${paper.date}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
      key = day.toISOString().slice(0, 10);
    }
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(paper);
  }
  return [...groups.entries()].map(([key, items]) => ({ key, papers: items }));
}

// ---------------------------------------------------------------------------------------------
// Metrics (binary relevance)

function precisionAt(ranked, relevant, k) {
  return ranked.slice(0, k).filter((p) => relevant.has(p.id)).length / k;
}

function ndcgAt(ranked, relevant, k) {
  let dcg = 0;
  ranked.slice(0, k).forEach((p, i) => {
    if (relevant.has(p.id)) dcg += 1 / Math.log2(i + 2);
  });
  const ideal = Math.min(k, ranked.filter((p) => relevant.has(p.id)).length);
  let idcg = 0;
  for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
  return dcg / idcg;
}

/** The chance a relevant paper is ranked above an irrelevant one (ties count half). */
function auc(scores, papers, relevant) {
  const items = papers.map((p, i) => ({ score: scores[i], relevant: relevant.has(p.id) })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j < items.length && items[j].score === items[i].score) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (items[k].relevant) {
      rankSum += midRank;
      positives++;
    }
    i = j;
  }
  const negatives = items.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Papers ranked by score, ties by upvotes (the site's order) then id. */
function rankBy(papers, scores) {
  return papers
    .map((paper, i) => ({ paper, score: scores[i] }))
    .sort((a, b) => b.score - a.score || b.paper.upvotes - a.paper.upvotes || (a.paper.id < b.paper.id ? -1 : 1))
    .map((entry) => entry.paper);
}

function measure(papers, scores, relevant) {
  const ranked = rankBy(papers, scores);
  return { p5: precisionAt(ranked, relevant, 5), ndcg10: ndcgAt(ranked, relevant, 10), auc: auc(scores, papers, relevant) };
}

// ---------------------------------------------------------------------------------------------
// Rankers

const text = (paper) => ({ title: paper.title, abstract: paper.abstract });

/**
 * Keyword rules as a reader would write them from what they saved: the five title words most
 * typical of their saves (frequent among them, rare among all titles seen), matched as words in
 * title and abstract; a paper's score is how many rules it matches.
 */
function keywordRules(lib, saved, seen) {
  const titleWords = (paper) => new Set(lib.tokenize(paper.title, { bigrams: false, stem: false }).map((t) => t.term));
  const seenFrequency = new Map();
  for (const paper of seen) for (const word of titleWords(paper)) seenFrequency.set(word, (seenFrequency.get(word) ?? 0) + 1);
  const savedFrequency = new Map();
  for (const paper of saved) for (const word of titleWords(paper)) savedFrequency.set(word, (savedFrequency.get(word) ?? 0) + 1);
  const rules = [...savedFrequency.entries()]
    .filter(([, count]) => count >= 2)
    .map(([word, count]) => ({ word, typical: count * Math.log(seen.length / (seenFrequency.get(word) ?? 1)) }))
    .sort((a, b) => b.typical - a.typical || (a.word < b.word ? -1 : 1))
    .slice(0, 5)
    .map((rule) => rule.word);
  const ruleSet = new Set(rules);
  return {
    rules,
    score: (paper) => {
      const words = new Set(lib.tokenize(`${paper.title} ${paper.abstract}`, { bigrams: false, stem: false }).map((t) => t.term));
      let matches = 0;
      for (const word of ruleSet) if (words.has(word)) matches++;
      return matches;
    },
  };
}

/**
 * One evaluation: for each reader, every `retrainEvery` listings after `warmUp`, train on their
 * history so far and score the next listings. Averages per reader over listings, then over readers.
 */
function evaluate(lib, papers, readers, settings) {
  const { by, warmUp, retrainEvery, trainOptions, rankers } = settings;
  const all = listings(papers, by);
  const perReader = readers.map(() => new Map());
  const add = (readerIndex, name, result) => {
    const list = perReader[readerIndex].get(name) ?? [];
    list.push(result);
    perReader[readerIndex].set(name, list);
  };
  const cache = new lib.TermCountCache(trainOptions?.features ?? lib.DEFAULT_TRAIN_OPTIONS.features);
  let trainings = 0;
  let trainMs = 0;
  for (let start = warmUp; start < all.length; start += retrainEvery) {
    const history = all.slice(0, start).flatMap((listing) => listing.papers);
    const upcoming = all.slice(start, start + retrainEvery);
    readers.forEach((reader, r) => {
      const saved = history.filter((p) => reader.action.get(p.id) === 'save');
      const asPaper = (p) => ({ id: p.id, text: text(p) });
      let model = null;
      if (rankers.includes('model')) {
        const started = performance.now();
        const result = lib.train(
          {
            positives: saved.map(asPaper),
            strongNegatives: history.filter((p) => reader.action.get(p.id) === 'dismiss').map(asPaper),
            weakNegatives: history.filter((p) => reader.action.get(p.id) === 'seen').map(asPaper),
            tags: {},
            rejected: {},
            trainedAt: 0,
          },
          cache,
          trainOptions,
        );
        trainMs += performance.now() - started;
        trainings++;
        model = result.model && lib.scorer(result.model, trainOptions?.features);
      }
      const rules = rankers.includes('rules') ? keywordRules(lib, saved, history) : null;
      for (const listing of upcoming) {
        const relevantCount = listing.papers.filter((p) => reader.relevant.has(p.id)).length;
        // AUC and nDCG need relevant and irrelevant papers both.
        if (relevantCount === 0 || relevantCount === listing.papers.length) continue;
        const items = listing.papers;
        for (const name of rankers) {
          if (name === 'model') {
            if (!model) continue;
            add(r, name, measure(items, items.map((p) => model.score(text(p)).score), reader.relevant));
          } else if (name === 'site') {
            add(r, name, measure(items, items.map((p) => p.upvotes), reader.relevant));
          } else if (name === 'rules') {
            add(r, name, measure(items, items.map((p) => rules.score(p)), reader.relevant));
          } else if (name === 'random') {
            // The mean of several shuffles: closer to the expectation than one draw.
            const next = lib.random(hashString(`${reader.name}/${listing.key}`));
            const draws = Array.from({ length: 10 }, () => measure(items, items.map(() => next()), reader.relevant));
            add(r, name, mean(draws));
          }
        }
      }
    });
  }
  const table = {};
  for (const name of rankers) {
    const readerMeans = perReader.map((results) => results.get(name)).filter((list) => list?.length).map(mean);
    table[name] = { ...mean(readerMeans), readers: readerMeans.length, spread: standardError(readerMeans.map((m) => m.ndcg10)) };
  }
  return { table, trainings, trainMs };
}

function mean(results) {
  const sum = { p5: 0, ndcg10: 0, auc: 0 };
  for (const result of results) for (const key of Object.keys(sum)) sum[key] += result[key];
  for (const key of Object.keys(sum)) sum[key] /= results.length;
  return sum;
}

function standardError(values) {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance / values.length);
}

function hashString(value) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const LABELS = { model: 'For you model', site: "Site's order (upvotes)", rules: 'Keyword rules (5 title words)', random: 'Random' };

function printTable(table, reference = table.site) {
  console.log('| Ranker | precision@5 | nDCG@10 (± s.e.) | AUC | nDCG@10 ÷ site |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, row] of Object.entries(table)) {
    const ratio = reference ? (row.ndcg10 / reference.ndcg10).toFixed(2) + '×' : '';
    console.log(`| ${LABELS[name] ?? name} | ${row.p5.toFixed(3)} | ${row.ndcg10.toFixed(3)} ± ${row.spread.toFixed(3)} | ${row.auc.toFixed(3)} | ${ratio} |`);
  }
}

// ---------------------------------------------------------------------------------------------
// Timing (the issue's figures; the same as `npm run bench` would report for the background)

function timing(lib, papers) {
  // 6,000 distinct abstract-length texts: the 5,702 real ones of 2025, then a few again with their
  // sentences in reverse order (same words, new text, so the cache is cold for them too).
  const reversed = (abstract) => abstract.split(/(?<=\.)\s+/).reverse().join(' ');
  const pool = [...papers.map((p) => ({ id: p.id, text: text(p) })), ...papers.map((p) => ({ id: `${p.id}r`, text: { title: p.title, abstract: reversed(p.abstract) } }))].slice(0, 6000);
  const positives = pool.slice(0, 1000);
  const negatives = pool.slice(1000, 6000);
  // 20 tags over the positives, about 80 papers each, as a reader's library might hold.
  const tags = {};
  for (let t = 0; t < 20; t++) tags[`tag ${t}`] = positives.filter((_, i) => i % 20 === t || i % 31 === t).map((p) => p.id);
  const input = (withTags) => ({ positives, strongNegatives: negatives.slice(0, 500), weakNegatives: negatives.slice(500), tags: withTags ? tags : {}, rejected: {}, trainedAt: Date.now() });
  const spread = (times, digits) => {
    times.sort((a, b) => a - b);
    return `median ${times[times.length >> 1].toFixed(digits)} ms (min ${times[0].toFixed(digits)}, max ${times.at(-1).toFixed(digits)}, ${times.length} runs)`;
  };
  const runs = (count, work) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      work();
      times.push(performance.now() - started);
    }
    return spread(times, 0);
  };
  lib.train(input(false)); // warm-up: V8 compiles the code once
  console.log(`Training 1,000 positives + 5,000 negatives, cold cache (overall model): ${runs(5, () => lib.train(input(false)))}`);
  const cache = new lib.TermCountCache();
  lib.train(input(false), cache);
  const oneMore = { ...input(false), positives: [...positives.slice(0, 999), { id: 'new', text: text(papers[5]) }] };
  console.log(`…the same after one more save, warm cache: ${runs(5, () => lib.train(oneMore, cache))}`);
  const fiveTags = { ...input(true), tags: Object.fromEntries(Object.entries(tags).slice(0, 5)) };
  console.log(`…with 5 tag models too (cold cache): ${runs(3, () => lib.train(fiveTags))}`);
  console.log(`…with 20 tag models too (cold cache): ${runs(3, () => lib.train(input(true)))}`);
  const { model } = lib.train(input(true));
  console.log(`Model sent to a page with 20 tag models: ${JSON.stringify(model).length.toLocaleString('en')} bytes (${model.terms.length} terms)`);
  const view = papers.slice(200, 305);
  const fresh = () => view.map((p) => ({ title: p.title, abstract: p.abstract })); // new objects: no tokenising saved
  const scoring = (pageModel) => {
    const score = lib.scorer(pageModel);
    const once = (texts) => {
      for (const [k, t] of texts.entries()) {
        score.score(t);
        score.suggest(view[k].id, t, []);
      }
    };
    for (let i = 0; i < 20; i++) once(fresh()); // warm-up
    const times = [];
    for (let i = 0; i < 30; i++) {
      const texts = fresh();
      const started = performance.now();
      once(texts);
      times.push(performance.now() - started);
    }
    return spread(times, 2);
  };
  console.log(`Scoring a 105-card view (score + suggest, after warm-up), 20 tag models: ${scoring(model)}`);
  console.log(`…the overall model only (no tag models): ${scoring({ ...model, tags: [] })}`);
  // What a page pays: the first view scored by code V8 has not compiled yet, in a new process each time.
  const dir = mkdtempSync(path.join(tmpdir(), 'paperlight-eval-'));
  try {
    writeFileSync(path.join(dir, 'ranking.mjs'), lib.code);
    writeFileSync(path.join(dir, 'input.json'), JSON.stringify({ model, view: view.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })) }));
    const child = `
      import { readFileSync } from 'node:fs';
      const { scorer } = await import(${JSON.stringify(path.join(dir, 'ranking.mjs'))});
      const { model, view } = JSON.parse(readFileSync(${JSON.stringify(path.join(dir, 'input.json'))}, 'utf8'));
      const started = performance.now();
      const score = scorer(model);
      for (const p of view) {
        const text = { title: p.title, abstract: p.abstract };
        score.score(text);
        score.suggest(p.id, text, []);
      }
      console.log(performance.now() - started);`;
    const cold = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' })));
    console.log(`…the first view in a new process (model read, code not yet compiled), 20 tag models: ${spread(cold, 2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      timing: { type: 'boolean', default: false },
      listing: { type: 'string', default: 'week' },
    },
  });
  const lib = await loadRanking();
  const everyPaper = loadPapers();
  if (values.timing) {
    timing(lib, everyPaper);
    return;
  }
  // Relevance needs the site's keywords: the papers from March 2025 on that have them.
  const papers = everyPaper.filter((paper) => paper.ai_keywords?.length);
  const by = values.listing === 'day' ? 'day' : 'week';
  const readers = makeReaders(lib, papers);
  const all = listings(papers, by);
  // Two months of history before the first scored listing; retrained every four weeks (or days × 20).
  const warmUp = by === 'week' ? 8 : 40;
  const retrainEvery = by === 'week' ? 4 : 20;
  console.log(`${papers.length} papers, ${all.length} ${by}ly listings (median ${median(all.map((l) => l.papers.length))} papers), ${readers.length} readers.`);
  console.log(`Readers' interests (share of papers relevant): ${readers.map((r) => `${r.name} ${(100 * r.share).toFixed(1)} %`).join('; ')}.`);
  console.log(`Behaviour: saves ${BEHAVIOUR.recall * 100} % of relevant papers, dismisses ${BEHAVIOUR.dismiss * 100} % of the others, saves ${BEHAVIOUR.noise * 100} % of the others by mistake; the rest is seen and not kept.`);
  console.log(`History: the first ${warmUp} listings; then retrained every ${retrainEvery} listings on everything before them.\n`);
  const started = performance.now();
  const main = evaluate(lib, papers, readers, { by, warmUp, retrainEvery, rankers: ['model', 'site', 'rules', 'random'] });
  printTable(main.table);
  console.log(`\n(${main.trainings} trainings, ${(main.trainMs / main.trainings).toFixed(0)} ms each on average; ${((performance.now() - started) / 1000).toFixed(0)} s in all.)`);
  if (values.quick) return;

  console.log('\nAblations (the model only; one setting changed from the default each time):\n');
  const d = lib.DEFAULT_TRAIN_OPTIONS;
  const variants = [
    ['default', {}],
    ['no bigrams', { features: { ...d.features, bigrams: false } }],
    ['no stemming', { features: { ...d.features, stem: false } }],
    ['weak negatives weight 0 (ignored)', { weakWeight: 0 }],
    ['weak negatives weight 0.1', { weakWeight: 0.1 }],
    ['weak negatives weight 0.5', { weakWeight: 0.5 }],
    ['weak negatives weight 1', { weakWeight: 1 }],
    ['λ = 1e-3', { l2: 1e-3 }],
    ['λ = 1e-5', { l2: 1e-5 }],
    ['min df 1', { vocabulary: { ...d.vocabulary, minDf: 1 } }],
    ['max df 10 %', { vocabulary: { ...d.vocabulary, maxDfRatio: 0.1 } }],
    ['no cap on the vocabulary (default 30,000 terms)', { vocabulary: { ...d.vocabulary, maxTerms: Infinity } }],
    ['solver to tolerance 1e-3', { tolerance: 1e-3 }],
    ['solver to tolerance 1e-5 (default 2e-3)', { tolerance: 1e-5 }],
    ['model not cut to 100 KB', { maxBytes: Infinity }],
  ];
  console.log('| Variant | precision@5 | nDCG@10 | AUC |');
  console.log('|---|---:|---:|---:|');
  for (const [name, trainOptions] of variants) {
    const { table } = evaluate(lib, papers, readers, { by, warmUp, retrainEvery, trainOptions, rankers: ['model'] });
    const row = table.model;
    console.log(`| ${name} | ${row.p5.toFixed(3)} | ${row.ndcg10.toFixed(3)} | ${row.auc.toFixed(3)} |`);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

await main();
