/** Display formats shared by the popup and in-page UI. Pure, so they are unit-tested. */

/** "A, B, C" or "A, B, C et al." beyond three names; empty when the page named nobody. */
export function formatAuthors(authors: readonly string[]): string {
  const shown = authors.slice(0, 3).join(', ');
  return authors.length > 3 ? `${shown} et al.` : shown;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatSavedAt(savedAt: number, now = Date.now()): string {
  const elapsed = Math.max(0, now - savedAt);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 2 * DAY) return 'yesterday';
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)} days ago`;
  return formatDate(new Date(savedAt).toISOString());
}

// Made once: toLocaleDateString with options builds a formatter on every call (~0.1–1 ms), which
// a list of rows pays for each row.
const DATE = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** "Jul 31, 2024" from an ISO date; the input itself when it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return DATE.format(date);
}

/** The date and time in the user's locale, as Date's toLocaleString writes it. */
export function formatDateTime(epochMs: number): string {
  return DATE_TIME.format(epochMs);
}

/** "812 KB", "2.4 MB": a size as storage settings say it (decimal units). */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1_000)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}
