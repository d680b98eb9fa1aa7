import { describe, expect, it } from 'vitest';
import { formatAuthors, formatDate, formatDateTime, formatSavedAt } from '@/lib/text/format';

describe('formatAuthors', () => {
  it.each([
    [[], ''],
    [['A'], 'A'],
    [['A', 'B', 'C'], 'A, B, C'],
    [['A', 'B', 'C', 'D'], 'A, B, C et al.'],
  ])('%j → %s', (authors, expected) => {
    expect(formatAuthors(authors)).toBe(expected);
  });
});

describe('formatSavedAt', () => {
  const now = Date.UTC(2026, 10, 27, 12);
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [30 * 3_600_000, 'yesterday'],
    [4 * 86_400_000, '4 days ago'],
    [30 * 86_400_000, 'Oct 28, 2026'],
  ])('%i ms ago → %s', (elapsed, expected) => {
    expect(formatSavedAt(now - elapsed, now)).toBe(expected);
  });
  it('a save "in the future" (clock skew) is just now', () => {
    expect(formatSavedAt(now + 10_000, now)).toBe('just now');
  });
});

describe('formatDate', () => {
  it('formats ISO dates in UTC and leaves anything else alone', () => {
    expect(formatDate('2024-07-31T23:54:27.000Z')).toBe('Jul 31, 2024');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('writes what Date#toLocaleString writes, with one formatter for every call', () => {
    for (const ms of [0, 1_722_470_400_000, 1_722_470_467_123]) expect(formatDateTime(ms)).toBe(new Date(ms).toLocaleString());
  });
});
