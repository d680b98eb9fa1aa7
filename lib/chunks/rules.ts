/**
 * The keyword-rule engine (matcher, highlights, mutes, auto-tags), in a chunk of its own that a page
 * loads only when the user has rules (lib/features/rules.ts). Built like on-demand.ts, as one
 * self-contained ES module (modules/on-demand-chunk.ts). It carries the broadcasts' schemas too: a
 * page that has loaded zod for its rules does not load it again for its first broadcast.
 */
export { startRuleEngine } from '../features/rule-engine';
export { checkBroadcast } from '../content/broadcast-checks';
