import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { readPublishedRules } from '@/lib/rules/published';
import { PUBLISHED_RULES_KEY, mayHoldMuteRules, readPublishedValue, startEarlyRead } from '@/lib/rules/published-read';

const publish = (value: unknown) => browser.storage.local.set({ [PUBLISHED_RULES_KEY]: value });

describe('the published rules, read early and taken by the main script', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // Nothing left over from another test: with no early read, the main script reads itself.
    void readPublishedValue().catch(() => undefined);
  });

  it('the main script takes what the early read found', async () => {
    await publish(['early']);
    startEarlyRead();
    await expect(readPublishedValue()).resolves.toEqual(['early']);
  });

  it('a change published before the main script starts listening is not lost', async () => {
    await publish(['old']);
    startEarlyRead();
    await Promise.resolve();
    await publish(['new']);
    await expect(readPublishedValue()).resolves.toEqual(['new']);
  });

  it('without an early read (or once it is taken) the main script reads for itself', async () => {
    await publish(['stored']);
    await expect(readPublishedValue()).resolves.toEqual(['stored']);
    startEarlyRead();
    await readPublishedValue();
    await publish(['later']);
    await expect(readPublishedValue()).resolves.toEqual(['later']);
  });
});

describe('mayHoldMuteRules: may the early script let the cards show before the rules are validated', () => {
  const rule = (fields: Record<string, unknown>) => ({ id: 'r', pattern: 'Gemma', createdAt: 1, ...fields });
  const values: [string, unknown, boolean][] = [
    ['nothing published', undefined, false],
    ['not a list', { action: 'mute' }, false],
    ['no rules', [], false],
    ['highlights and auto-tags', [rule({ action: 'highlight' }), rule({ action: 'auto-tag', tag: 'x' })], false],
    ['a rule with no action (a highlight)', [rule({})], false],
    ['a mute rule turned off', [rule({ action: 'mute', enabled: false })], false],
    ['junk entries', [null, 3, 'mute', [rule({ action: 'mute' })]], false],
    ['a mute rule', [rule({ action: 'highlight' }), rule({ action: 'mute' })], true],
    ['a mute rule with enabled left out (on)', [rule({ action: 'mute', enabled: undefined })], true],
    // Damaged: the main script drops it, but the early one cannot tell, so it keeps holding.
    ['a damaged mute rule', [rule({ action: 'mute', pattern: '' })], true],
  ];
  it.each(values)('%s', (_, value, expected) => {
    expect(mayHoldMuteRules(value)).toBe(expected);
    // Never "no" where the validated rules have an enabled mute rule.
    if (!expected) expect(readPublishedRules(value).some((r) => r.action === 'mute' && r.enabled)).toBe(false);
  });
  it('the rules above are valid ones (a mute rule survives validation)', () => {
    expect(readPublishedRules([rule({ action: 'mute' })])).toMatchObject([{ action: 'mute', enabled: true }]);
  });
});

describe('readPublishedRules with the rules validated before', () => {
  const stored = (fields: Record<string, unknown> = {}) => ({
    id: 'r1',
    pattern: 'diffusion',
    kind: 'regex',
    caseSensitive: true,
    fields: ['title', 'authors'],
    color: '#dc2626',
    action: 'mute',
    muteStyle: 'fold',
    tag: null,
    enabled: true,
    disabledReason: null,
    createdAt: 5,
    ...fields,
  });

  it('keeps a rule unchanged in every setting as it was validated, and validates the others', () => {
    const known = readPublishedRules([stored(), stored({ id: 'r2', pattern: 'RL' })]);
    const next = readPublishedRules([stored(), stored({ id: 'r2', pattern: 'RLHF' }), stored({ id: 'r3' })], known);
    expect(next[0]).toBe(known[0]);
    expect(next[1]).not.toBe(known[1]);
    expect(next.map((rule) => [rule.id, rule.pattern])).toEqual([
      ['r1', 'diffusion'],
      ['r2', 'RLHF'],
      ['r3', 'diffusion'],
    ]);
  });

  it('validates again anything that differs, even in what validation would add or change', () => {
    const [known] = readPublishedRules([stored()]);
    const variants: [string, Record<string, unknown>][] = [
      ['a field list changed', { fields: ['title'] }],
      ['a setting left out (its default would be filled in)', { muteStyle: undefined }],
      ['a pattern that validation trims', { pattern: ' diffusion ' }],
    ];
    for (const [, fields] of variants) {
      const [again] = readPublishedRules([stored(fields)], [known!]);
      expect(again).not.toBe(known);
      expect(again).toEqual(readPublishedRules([stored(fields)])[0]);
    }
    // Damaged now: dropped, though a valid rule with its id was known.
    expect(readPublishedRules([stored({ pattern: '' }), stored({ id: 'r9', color: 'red' })], [known!])).toEqual([]);
  });
});
