/**
 * Tries a user's regular expression on growing inputs before it is accepted, to catch patterns
 * whose matching time explodes with the text's length (`a*a*a*a*b` on "aaaa…", `(.*,){9}x`). The
 * static check in compile.ts refuses nested repetition; this catches what it cannot see. A single
 * RegExp call cannot be interrupted, so the probe never takes a step whose time, extrapolated from
 * the previous two, could exceed STEP_LIMIT_MS: an exponential pattern is judged on short inputs.
 */

/** The longest text a rule is matched against (see MAX_MATCH_LENGTH in matcher.ts). */
export const PROBE_LENGTH = 5_000;
/**
 * A pattern that would take longer than this on PROBE_LENGTH characters of its worst input is
 * refused. Quadratic patterns (`.*x`) stay under it and are left to the per-page time budget; what
 * is refused takes seconds to hours on one paper.
 */
export const PROBE_LIMIT_MS = 250;
/** No single probe step may be predicted to take longer than this. */
const STEP_LIMIT_MS = 25;
const GROWTH = 1.5;

/** Characters to repeat: common classes, plus every literal character of the pattern. */
function alphabets(source: string): string[] {
  const fromPattern = [...new Set(source.replace(/\\[pPu]\{[^}]*\}|\\./g, '').replace(/[^\p{L}\p{N}\s,.;:!-]/gu, ''))];
  const literalRuns = source.match(/[\p{L}\p{N} ]{2,}/gu) ?? [];
  return [...new Set(['a', 'A', '0', ' ', '-', '.', ',', 'é', '\n', 'a ', ...fromPattern, ...literalRuns])].slice(0, 24);
}

/** Milliseconds one exec takes: the best of three batches, each long enough for a coarse clock,
 * so a garbage collection in one batch does not make a fast pattern look slow. */
function timeOnce(regex: RegExp, text: string, now: () => number): number {
  let best = Infinity;
  for (let batch = 0; batch < 3; batch++) {
    let runs = 0;
    const began = now();
    let elapsed: number;
    do {
      regex.lastIndex = 0;
      regex.exec(text);
      runs++;
      elapsed = now() - began;
    } while (elapsed < 0.3 && runs < 8);
    best = Math.min(best, elapsed / runs);
    // A slow step is not repeated: once is measurement enough, and repeats would only add time.
    if (elapsed > 2) break;
  }
  return best;
}

export type ProbeResult = { ok: true } | { ok: false; error: string; estimateMs: number };

/**
 * Whether `regex` stays fast on long text. Inputs are a character (or a run of the pattern's own
 * text) repeated, then a character that fails most patterns: the shape that makes backtracking
 * engines retry every split of the run.
 */
export function probeRegex(regex: RegExp, now: () => number = () => performance.now()): ProbeResult {
  const probe = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
  for (const unit of alphabets(regex.source)) {
    const input = (length: number) => unit.repeat(Math.ceil(length / unit.length)) + '\u0001';
    const seen: { length: number; ms: number }[] = [];
    /** The time at `length`, and what it predicts for PROBE_LENGTH and for `next`. */
    const measure = (length: number, next: number, fresh = false) => {
      const ms = timeOnce(probe, input(length), now);
      // Growth measured over at least a doubling of the length: neighbouring steps are too noisy.
      let base = seen.findLast((point) => point.length * 2 <= length && point.ms > 0.01);
      if (base && fresh) base = { length: base.length, ms: timeOnce(probe, input(base.length), now) };
      const exponent = base && ms > base.ms ? Math.max(1, Math.log(ms / base.ms) / Math.log(length / base.length)) : 1;
      const full = length >= PROBE_LENGTH ? ms : ms > 0.05 ? ms * (PROBE_LENGTH / length) ** exponent : 0;
      return { ms, full, nextMs: ms * (next / length) ** exponent };
    };
    let length = 8;
    for (;;) {
      const next = Math.min(PROBE_LENGTH, Math.ceil(length * GROWTH));
      let step = measure(length, next);
      const stopping = length >= PROBE_LENGTH || step.nextMs > STEP_LIMIT_MS;
      // A verdict of "too slow" is measured again, both ends of the growth: one garbage collection
      // must not refuse a pattern.
      if (step.full > PROBE_LIMIT_MS) {
        step = measure(length, next, true);
        if (step.full > PROBE_LIMIT_MS) return refuse(step.full);
      }
      if (stopping) break;
      seen.push({ length, ms: step.ms });
      length = next;
    }
  }
  return { ok: true };
}

function refuse(estimateMs: number): ProbeResult {
  return {
    ok: false,
    estimateMs,
    error: `This pattern gets very slow on long text (about ${formatEstimate(estimateMs)} on ${PROBE_LENGTH.toLocaleString('en')} characters) and could freeze the page. Avoid repetitions that can match the same characters one after another, like a*a*b or .*.*x.`,
  };
}

function formatEstimate(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return 'hours or more';
}
