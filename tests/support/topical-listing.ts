/**
 * Listings for the For you tests (issue #17): papers about one of two topics (video diffusion,
 * robot reinforcement learning), titles and abstracts made of each topic's words and common filler,
 * on the recorded day page's markup with fake ids. The day has 8 of each; the week holds the day's
 * papers and 12 more that alternate robot, video, robot, …
 */
import { fakeId, listingPage } from './generate-listing.mjs';
import { editBlob, retitle } from './page-variants.mjs';

export const VIDEO = ['diffusion', 'video', 'generation', 'denoising', 'temporal', 'frames', 'latent', 'synthesis', 'motion'];
export const ROBOT = ['reinforcement', 'reward', 'policy', 'robot', 'agent', 'control', 'trajectories', 'locomotion', 'manipulation'];
const FILLER = ['we', 'propose', 'new', 'method', 'that', 'improves', 'results', 'several', 'benchmarks', 'experiments', 'show', 'our', 'approach', 'performance', 'efficient', 'framework', 'study', 'analysis'];

/** A paper about `topic`: words picked deterministically from the topic and common filler. */
function paperText(topic: string[], seed: number): { title: string; abstract: string } {
  const pick = (list: string[], i: number) => list[(seed * 7 + i * 5) % list.length]!;
  const title = `${pick(topic, 1)} ${pick(topic, 2)} with ${pick(FILLER, 3)} ${pick(topic, 4)} ${seed}`;
  const words = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? pick(topic, i + seed) : pick(FILLER, i + seed)));
  return { title, abstract: `${words.join(' ')}.` };
}

/** A listing of `topics.length` papers `ids`, each about its topic. */
function topicalListing(ids: string[], topics: string[][], offset: number): string {
  let html = listingPage(ids.length);
  const texts = topics.map((topic, i) => paperText(topic, offset + i));
  for (const [i, id] of ids.entries()) html = retitle(html, id, texts[i]!.title);
  return editBlob(html, (blob) => {
    for (const item of blob.dailyPapers) {
      const at = ids.indexOf(item.paper.id);
      if (at >= 0) item.paper.summary = texts[at]!.abstract;
    }
  });
}

export const DAY_IDS = Array.from({ length: 16 }, (_, i) => fakeId(i));
const DAY_TOPICS = DAY_IDS.map((_, i) => (i < 8 ? VIDEO : ROBOT));
export const WEEK_IDS = Array.from({ length: 28 }, (_, i) => fakeId(i));
// The week's new papers alternate: robot, video, robot, video, …
const WEEK_TOPICS = DAY_TOPICS.concat(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? ROBOT : VIDEO)));
export const WEEK_NEW = WEEK_IDS.slice(16);
export const isVideo = (id: string) => WEEK_TOPICS[WEEK_IDS.indexOf(id)] === VIDEO;


export const topicalDay = () => topicalListing(DAY_IDS, DAY_TOPICS, 0);
export const topicalWeek = () => topicalListing(WEEK_IDS, WEEK_TOPICS, 0);
