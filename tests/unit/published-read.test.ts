import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { PUBLISHED_RULES_KEY, readPublishedValue, startEarlyRead } from '@/lib/rules/published-read';

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
