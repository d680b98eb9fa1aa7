import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checked } from '@/lib/model/checked';

describe('checked', () => {
  it('applies its checks in order, as .check() does (a trim before a minimum length)', () => {
    const name = checked(z.string(), z.trim(), z.minLength(1, 'empty'), z.maxLength(3));
    expect(name.parse('  ab ')).toBe('ab');
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('empty');
    expect(name.safeParse('abcd').success).toBe(false);
  });

  it('leaves the schema it is given unchanged', () => {
    const base = z.string();
    checked(base, z.maxLength(1));
    expect(base.safeParse('long').success).toBe(true);
  });
});
