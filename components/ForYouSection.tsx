import { useEffect, useState } from 'preact/hooks';
import type { TagWithCount } from '@/lib/model/changes';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import { MIN_NEGATIVES, MIN_POSITIVES, type RankSummary, type TermWeight } from '@/lib/ranking/page-model';
import { errorMessage } from '@/lib/text/error-message';
import { formatBytes, formatDateTime } from '@/lib/text/format';
import { plural } from '@/lib/text/plural';

/** What the reader still has to do before the model ranks anything (the cold start: saves, and
 * papers seen and not kept, dismissed or muted). */
export function coldStartText(summary: Pick<RankSummary, 'positives' | 'negatives'>): string {
  const negatives = summary.negatives.strong + summary.negatives.weak;
  const saves = Math.max(0, MIN_POSITIVES - summary.positives);
  const passed = Math.max(0, MIN_NEGATIVES - negatives);
  const needs = [saves > 0 && `${plural(saves, 'more save')} (a star or a tag)`, passed > 0 && `${plural(passed, 'more paper')} seen and not kept, or dismissed (x)`].filter(Boolean);
  return `“For you” ranks Daily Papers after ${needs.join(' and ')}. So far: ${plural(summary.positives, 'paper')} kept, ${plural(negatives, 'paper')} seen and not kept, dismissed or muted.`;
}

function Terms({ terms, label, kind }: { terms: readonly TermWeight[]; label: string; kind: string }) {
  if (terms.length === 0) return null;
  return (
    <p class="rank-terms-line">
      <span class="rank-terms-label">{label}</span>{' '}
      <span class="rank-terms-list" data-paperlight-terms={kind}>
        {terms.map((term, index) => (
          <span key={term.term}>
            {index > 0 && ', '}
            <span class="rank-term" title={`weight ${term.weight.toFixed(3)}`}>
              {term.term}
            </span>
          </span>
        ))}
      </span>
    </p>
  );
}

/**
 * The options page's "For you" section (issue #17): how far the model is from ready, or what it
 * learned (counts, when it was trained, its size, its heaviest terms overall and per tag), and a
 * reset with an undo. Follows the model's changes (`rank.changed`).
 */
export function ForYouSection() {
  const [summary, setSummary] = useState<RankSummary | null>(null);
  const [tagNames, setTagNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** After a reset: the start before it, for the undo. */
  const [undo, setUndo] = useState<{ resetAt: number | null } | null>(null);

  const load = () =>
    request({ type: 'rank.summary' })
      .then((next) => {
        setSummary(next);
        setError(null);
      })
      .catch((reason: unknown) => setError(`Could not read what “For you” learned: ${errorMessage(reason)}`));
  const loadTags = () =>
    request({ type: 'tags.get' })
      .then((tags: TagWithCount[]) => setTagNames(new Map(tags.map((tag) => [tag.key, tag.name]))))
      .catch(() => undefined);

  useEffect(() => {
    void load();
    void loadTags();
    const stops = [onBroadcast('rank.changed', () => void load()), onBroadcast('tags.changed', () => void loadTags()), onBroadcast('library.changed', () => void loadTags())];
    return () => stops.forEach((stop) => stop());
  }, []);

  const reset = async () => {
    setBusy(true);
    try {
      setUndo(await request({ type: 'rank.reset' }));
      await load();
    } catch (reason) {
      setError(`Nothing was reset: ${errorMessage(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  const unreset = async () => {
    if (!undo) return;
    setBusy(true);
    try {
      await request({ type: 'rank.unreset', resetAt: undo.resetAt });
      setUndo(null);
      await load();
    } catch (reason) {
      setError(`The reset was not undone: ${errorMessage(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  const negatives = summary ? summary.negatives.strong + summary.negatives.weak : 0;
  return (
    <section class="for-you" aria-labelledby="for-you-heading">
      <h2 id="for-you-heading">For you</h2>
      <p class="hint">
        Paperlight learns what you keep from the papers you save, tag, dismiss and mute, and from those you scroll past, and ranks Daily Papers for you. It
        learns on this device only: nothing leaves your browser.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {summary && (
        <div class="rank-summary" data-paperlight="rank-summary" data-paperlight-ready={String(summary.ready)} role="status">
          {!summary.ready ? (
            <p>{coldStartText(summary)}</p>
          ) : (
            <>
              <p>
                Learned from {plural(summary.positives, 'paper')} you saved or tagged and {plural(negatives, 'paper')} you did not keep ({summary.negatives.strong}{' '}
                dismissed, muted or rejected as a suggestion; {summary.negatives.weak} seen and passed over).
              </p>
              <p class="hint">
                {summary.trainedAt !== null && <>Trained {formatDateTime(summary.trainedAt)}</>}
                {summary.trainMs !== null && <> in {summary.trainMs} ms</>}; the model sent to pages is {formatBytes(summary.modelBytes)}.{' '}
                {plural(summary.textsKept, 'paper')} seen are remembered for it.
              </p>
            </>
          )}
          {summary.resetAt !== null && <p class="hint">It learns from what you did since {formatDateTime(summary.resetAt)} (a reset).</p>}
        </div>
      )}
      {summary?.ready && (
        <div class="rank-terms" data-paperlight="rank-terms">
          <h3>What it learned</h3>
          <Terms terms={summary.overall.up} label="Ranked up by:" kind="up" />
          <Terms terms={summary.overall.down} label="Ranked down by:" kind="down" />
          {summary.tags.length > 0 && (
            <ul class="rank-tags">
              {summary.tags.map((tag) => (
                <li key={tag.key} data-paperlight-tag={tag.key}>
                  <Terms terms={tag.up} label={`${tagNames.get(tag.key) ?? tag.key} (${plural(tag.examples, 'paper')}):`} kind="tag" />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {summary && (
        <p class="undo">
          <button type="button" data-paperlight="rank-reset" disabled={busy || (summary.positives === 0 && negatives === 0 && !undo)} onClick={() => void reset()}>
            Reset what it learned
          </button>{' '}
          {undo && (
            <>
              <span data-paperlight="rank-reset-done">It starts learning again from now.</span>{' '}
              <button type="button" data-paperlight="rank-unreset" disabled={busy} onClick={() => void unreset()}>
                Undo
              </button>
            </>
          )}
        </p>
      )}
    </section>
  );
}
