/**
 * The content script's chunks (lib/content/load-on-demand.ts): their sources and the files the build
 * makes of them (modules/on-demand-chunk.ts). No imports: the build config and the background read
 * it too.
 */
export const ON_DEMAND_FILE = 'content-scripts/on-demand.js';
export const RULES_FILE = 'content-scripts/rules.js';
export const CHECKS_FILE = 'content-scripts/broadcast-checks.js';
export const RANKING_FILE = 'content-scripts/ranking.js';

/** The global the rules chunk sets when it runs (a classic script: the background runs it). */
export const RULES_GLOBAL = '__paperlightRulesChunk';

export const CHUNKS = [
  /** Imported (an ES module, web-accessible under a per-session URL) at the first use of a rarely used feature. */
  { input: 'lib/chunks/on-demand.ts', file: ON_DEMAND_FILE, format: 'es' },
  /** Run as a content script while the reader has rules (lib/background/page-scripts.ts). */
  { input: 'lib/chunks/rules.ts', file: RULES_FILE, format: 'iife' },
  /** Imported at the first broadcast, unless the rules chunk is there. */
  { input: 'lib/content/broadcast-checks.ts', file: CHECKS_FILE, format: 'es' },
  /** Imported once the reader's "For you" model is ready (issue #17). */
  { input: 'lib/chunks/ranking.ts', file: RANKING_FILE, format: 'es' },
] as const;
