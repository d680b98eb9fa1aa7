/** Real Daily Papers for the ranking tests (tests/fixtures/ranking/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface RankingPaper {
  id: string;
  date: string;
  upvotes: number;
  title: string;
  abstract: string | null;
  ai_keywords?: string[];
}

let papers: RankingPaper[] | null = null;

export function rankingPapers(): RankingPaper[] {
  papers ??= gunzipSync(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ranking', 'papers-2025.jsonl.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RankingPaper);
  return papers;
}
