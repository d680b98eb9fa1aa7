/**
 * The page's reports of papers seen, batched (issue #16): marks wait here and go to the background
 * together, at most every REPORT_MS, and at once when the tab is hidden or left (a paper opened
 * goes at once too). A report that fails goes again with the next one.
 */
import type { SeenMark } from '../model/seen';

export const REPORT_MS = 2_000;

export interface SeenReports {
  add(mark: SeenMark): void;
  /** Sends what waits now. */
  flush(): void;
}

export interface ReportHost {
  setTimeout(handler: () => void, ms: number): number;
  send(marks: SeenMark[]): Promise<unknown>;
  onFailure(error: unknown): void;
}

export function seenReports(host: ReportHost): SeenReports {
  /** By id and how: a paper glimpsed twice before a report is one mark. */
  let waiting = new Map<string, SeenMark>();
  let timer: number | null = null;
  let sending: Promise<unknown> | null = null;

  const flush = () => {
    timer = null;
    if (waiting.size === 0 || sending) return;
    const marks = [...waiting.values()];
    waiting = new Map();
    sending = host
      .send(marks)
      .catch((error: unknown) => {
        for (const mark of marks) if (!waiting.has(`${mark.id} ${mark.how}`)) waiting.set(`${mark.id} ${mark.how}`, mark);
        host.onFailure(error);
      })
      .finally(() => {
        sending = null;
        if (waiting.size > 0) timer ??= host.setTimeout(flush, REPORT_MS);
      });
  };

  return {
    add(mark) {
      waiting.set(`${mark.id} ${mark.how}`, mark);
      timer ??= host.setTimeout(flush, REPORT_MS);
    },
    flush,
  };
}
