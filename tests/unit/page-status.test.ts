import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { forgetPageStatus, getPageStatus, setPageStatus } from '@/lib/background/page-status';
import type { PageStatus } from '@/lib/protocol/messages';

const status: PageStatus = { kind: 'day', cards: 0, listed: 13, recognised: false, url: 'https://huggingface.co/papers/date/2031-01-04' };

/** The toolbar button's API as the background sees it: Chrome's `action`, Firefox MV2's `browserAction`. */
function stubButton(name: 'action' | 'browserAction') {
  const api = { setBadgeText: vi.fn(async () => undefined), setBadgeBackgroundColor: vi.fn(async () => undefined), setTitle: vi.fn(async () => undefined) };
  const other = name === 'action' ? 'browserAction' : 'action';
  vi.spyOn(fakeBrowser, name, 'get').mockReturnValue(api as never);
  vi.spyOn(fakeBrowser, other, 'get').mockReturnValue(undefined as never);
  return api;
}

describe('the page status', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('is kept in storage.session where there is one', async () => {
    stubButton('action');
    await setPageStatus(7, status);
    expect(await fakeBrowser.storage.session.get('page-status:7')).toEqual({ 'page-status:7': status });
    expect(await getPageStatus(7)).toEqual(status);
  });

  it('falls back to memory without storage.session (Firefox before 115, under the minimum of 140 now), on the MV2 browserAction', async () => {
    vi.spyOn(fakeBrowser.storage, 'session', 'get').mockReturnValue(undefined as never);
    const button = stubButton('browserAction');
    await setPageStatus(7, status);
    expect(await getPageStatus(7)).toEqual(status);
    expect(await getPageStatus(8)).toBeNull();
    expect(button.setBadgeText).toHaveBeenCalledWith({ tabId: 7, text: '!' });
    expect(button.setTitle).toHaveBeenCalledWith({ tabId: 7, title: 'Paperlight: This page’s layout was not recognised' });
    await forgetPageStatus(7);
    expect(await getPageStatus(7)).toBeNull();
    expect(button.setBadgeText).toHaveBeenLastCalledWith({ tabId: 7, text: null });
  });
});
