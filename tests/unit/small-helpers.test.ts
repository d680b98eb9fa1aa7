import { describe, expect, it } from 'vitest';
import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';

describe('small text helpers', () => {
  it('plural: a count with its word, plural unless it is one', () => {
    expect(plural(0, 'paper')).toBe('0 papers');
    expect(plural(1, 'paper')).toBe('1 paper');
    expect(plural(2, 'saved record')).toBe('2 saved records');
  });

  it('errorMessage: an Error’s message, anything else as text', () => {
    expect(errorMessage(new TypeError('bad'))).toBe('bad');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ toString: () => 'object' })).toBe('object');
  });
});
