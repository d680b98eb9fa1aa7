/**
 * Reading lists of any size for tests and benchmarks: the same `n` and `seed` always give the same
 * library. Sizes follow real Daily Papers entries (titles ~80 characters, ~5 authors, abstracts
 * ~1,500 characters, a note on most papers, 3 tags each), with some accented names and missing
 * dates, abstracts and upvotes, because those are what search and sort must cope with.
 */
import type { LibraryPaper, PaperState } from '../../lib/model/library';
import type { Tag } from '../../lib/model/records';
import { PALETTE } from '../../lib/tags/colors';
import { tagKey } from '../../lib/tags/tag-name';

const TAG_NAMES = [
  'RL', 'Deep RL', 'LLM', 'Diffusion', 'Vision', 'Robotics', 'Agents', 'Survey', 'Benchmark', 'Reasoning',
  'Alignment', 'Safety', 'Multimodal', 'Speech', 'Video', '3D', 'Graphs', 'Theory', 'Optimization', 'Efficiency',
  'Quantization', 'RAG', 'Code', 'Math', 'Interpretability', 'World models', 'Datasets', 'Évaluation', 'To cite', 'Read again',
];

const TOPIC = [
  'diffusion', 'model', 'models', 'transformer', 'attention', 'language', 'large', 'vision', 'multimodal', 'reasoning',
  'reinforcement', 'learning', 'policy', 'reward', 'agent', 'agents', 'benchmark', 'dataset', 'training', 'inference',
  'efficient', 'scaling', 'laws', 'token', 'tokens', 'context', 'retrieval', 'generation', 'image', 'video',
  'speech', 'audio', 'robot', 'manipulation', 'navigation', 'planning', 'alignment', 'preference', 'optimization', 'gradient',
  'sparse', 'mixture', 'experts', 'quantization', 'distillation', 'pretraining', 'fine-tuning', 'instruction', 'chain-of-thought', 'latent',
  'denoising', 'sampling', 'score', 'flow', 'matching', 'autoregressive', 'decoder', 'encoder', 'embedding', 'representation',
  'contrastive', 'self-supervised', 'graph', 'neural', 'network', 'networks', 'memory', 'long-context', 'evaluation', 'safety',
  'robustness', 'adversarial', 'interpretability', 'circuits', 'features', 'world', 'simulation', '3D', 'scene', 'segmentation',
];
const FILLER = [
  'we', 'propose', 'a', 'novel', 'approach', 'that', 'improves', 'the', 'of', 'and', 'in', 'on', 'for', 'with', 'to',
  'our', 'method', 'results', 'show', 'state-of-the-art', 'performance', 'across', 'tasks', 'while', 'using', 'fewer',
  'parameters', 'than', 'prior', 'work', 'this', 'paper', 'introduces', 'framework', 'based', 'experiments',
  'demonstrate', 'significant', 'gains', 'over', 'strong', 'baselines', 'code', 'is', 'available', 'at', 'furthermore',
  'analysis', 'reveals', 'simple', 'yet', 'effective', 'can', 'be', 'applied', 'to', 'existing', 'systems', 'without',
  'additional', 'cost', 'we', 'also', 'study', 'how', 'behaves', 'under', 'distribution', 'shift', 'finally', 'discuss',
  'limitations', 'future', 'directions', 'naïve', 'rôle', 'vis-à-vis',
];
/** Now and then an abstract has symbols, which folding leaves as they are. */
const ASIDES = ['— at ≥ 2× the speed', '(≈ 3 points better)', 'with α = 0.5', '— see § 4'];
const TITLE_HEADS = ['Towards', 'Scaling', 'Rethinking', 'Learning', 'Understanding', 'Efficient', 'Unified', 'On', 'Beyond', 'Revisiting'];
const FIRST = [
  'Ada', 'Alan', 'José', 'Zoë', 'Søren', 'Łukasz', 'Yuki', 'Wei', 'Priya', 'Olúwaseun', 'Anaïs', 'Jürgen', 'Mei', 'Ahmed',
  'Ines', 'Tomás', 'Chen', 'Ravi', 'Sofía', 'Björn', 'Noam', 'Fatima', 'Ilya', 'Hannah',
];
const LAST = [
  'Müller', 'Smith', 'García', 'Nguyễn', 'Dvořák', 'Kowalski', 'Tanaka', 'Zhang', 'Li', 'Wang', 'Patel', 'Okafor',
  'Johansson', 'Schmidhuber', 'Lefèvre', 'Brown', 'Kim', 'Ivanov', 'Rossi', 'Haddad', 'O’Brien', 'Shazeer', 'Sutskever',
  'Fernández',
];
const ORGANIZATIONS = [
  { name: 'meta-llama', fullname: 'Meta Llama' },
  { name: 'google', fullname: 'Google' },
  { name: 'deepseek-ai', fullname: 'DeepSeek' },
  { name: 'ETH-Zurich', fullname: 'ETH Zürich' },
  { name: 'mila', fullname: null },
];
const STATES: readonly PaperState[] = ['to-read', 'to-read', 'to-read', 'to-read', 'to-read', 'reading', 'reading', 'done', 'done', 'done'];
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const SAVED_FROM = Date.UTC(2024, 0, 1);

/** mulberry32: tiny, fast, and good enough to make test data look random (and the same every run). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateLibrary(n: number, seed = 1): { papers: LibraryPaper[]; tags: Tag[] } {
  // Ids are spread over the twelve months of 2024, five-digit numbers counting up in each month.
  if (!Number.isInteger(n) || n < 0 || n > 12 * 99_999) throw new RangeError(`cannot generate ${n} papers`);
  const next = random(seed);
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const chance = (p: number) => next() < p;
  const word = () => (chance(0.35) ? pick(TOPIC) : pick(FILLER));
  // Joined from arrays rather than appended to: appending makes millions of rope fragments, and
  // collecting them took most of the time to generate 10,000 papers.
  const text = (length: number) => {
    const sentences: string[] = [];
    for (let total = 0; total < length; ) {
      const added = sentence();
      sentences.push(added);
      total += added.length + 1;
    }
    return sentences.join(' ');
  };
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const sentence = () => {
    const words = [capital(word())];
    for (let count = 11 + int(14); count > 0; count--) words.push(word());
    if (chance(0.01)) words.push(pick(ASIDES));
    return `${words.join(' ')}.`;
  };

  const tags: Tag[] = TAG_NAMES.map((name, i) => ({
    key: tagKey(name),
    name,
    color: PALETTE[i % PALETTE.length] as string,
    createdAt: SAVED_FROM - (TAG_NAMES.length - i) * 60_000,
  }));

  const papers: LibraryPaper[] = [];
  for (let i = 0; i < n; i++) {
    const month = (i % 12) + 1;
    const id = `${2400 + month}.${String(Math.floor(i / 12) + 1).padStart(5, '0')}`;
    const titleLength = 60 + int(40);
    let title = `${pick(TITLE_HEADS)} ${capital(pick(TOPIC))}`;
    while (title.length < titleLength) title += ` ${chance(0.6) ? capital(pick(TOPIC)) : pick(FILLER)}`;
    const authors = Array.from({ length: 3 + int(5) }, () => `${pick(FIRST)} ${pick(LAST)}`);
    const paperTags = new Set<string>();
    while (paperTags.size < 3) paperTags.add((tags[int(tags.length)] as Tag).key);
    const day = String(1 + int(28)).padStart(2, '0');
    papers.push({
      id,
      title,
      authors,
      abstract: chance(0.02) ? null : text(1_350 + int(300)),
      publishedAt: chance(0.05) ? null : `2024-${String(month).padStart(2, '0')}-${day}T${String(int(24)).padStart(2, '0')}:00:00.000Z`,
      organization: chance(0.3) ? { ...pick(ORGANIZATIONS) } : null,
      upvotes: chance(0.1) ? null : Math.floor(next() ** 3 * 400),
      sourceUrl: `https://huggingface.co/papers/${id}`,
      savedAt: SAVED_FROM + int(YEAR_MS),
      state: pick(STATES),
      note: chance(0.6) ? text(40 + int(360)) : '',
      tags: [...paperTags],
    });
  }
  return { papers, tags };
}
