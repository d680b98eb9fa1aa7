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
