import { describe, expect, it } from 'vitest';
import { isArxivId, isListing, pageKind, paperIdFromHref, paperUrl, type PageKind } from '@/lib/site/page-kind';
import { fixtureEntry, manifest } from './fixtures';

const HF = 'https://huggingface.co';

describe('pageKind: listings', () => {
  it.each<[string, PageKind]>([
    ['/papers', { kind: 'day', date: null }],
    ['/papers/', { kind: 'day', date: null }],
    ['/papers?date=2024-08-01', { kind: 'day', date: '2024-08-01' }],
    ['/papers/?date=2024-08-01', { kind: 'day', date: '2024-08-01' }],
    ['/papers/date/2024-08-01', { kind: 'day', date: '2024-08-01' }],
    ['/papers/date/2024-08-01/', { kind: 'day', date: '2024-08-01' }],
    ['/papers/date/2024-08-01#top', { kind: 'day', date: '2024-08-01' }],
    ['/papers?date=2024-08-01&utm_source=x', { kind: 'day', date: '2024-08-01' }],
    ['/papers?q=', { kind: 'day', date: null }],
    ['/papers?q=%20%20', { kind: 'day', date: null }],
    ['/papers/week/2024-W31', { kind: 'week', week: '2024-W31' }],
    ['/papers/week/2024-W31/', { kind: 'week', week: '2024-W31' }],
    ['/papers/month/2024-08', { kind: 'month', month: '2024-08' }],
    ['/papers/month/2024-08/', { kind: 'month', month: '2024-08' }],
    ['/papers/trending', { kind: 'trending' }],
    ['/papers/trending/', { kind: 'trending' }],
  ])('%s', (path, expected) => {
    const kind = pageKind(HF + path);
    expect(kind).toEqual(expected);
    expect(isListing(kind)).toBe(true);
  });
});

describe('pageKind: search', () => {
  it.each<[string, string, 'day' | 'week' | 'month' | 'trending']>([
    ['/papers?q=causal', 'causal', 'day'],
    ['/papers?q=causal+inference', 'causal inference', 'day'],
    ['/papers?q=%3Cscript%3E', '<script>', 'day'],
    ['/papers?date=2024-08-01&q=llama', 'llama', 'day'],
    ['/papers/date/2024-08-01?q=llama', 'llama', 'day'],
    ['/papers/week/2024-W31?q=rl', 'rl', 'week'],
    ['/papers/month/2024-08?q=diffusion', 'diffusion', 'month'],
    ['/papers/trending?q=agents', 'agents', 'trending'],
  ])('%s', (path, query, within) => {
    const kind = pageKind(HF + path);
    expect(kind).toEqual({ kind: 'search', query, within });
    expect(isListing(kind)).toBe(true);
  });
});

describe('pageKind: single paper', () => {
  it.each([
    ['/papers/2407.21783', '2407.21783'],
    ['/papers/2407.21783/', '2407.21783'],
    ['/papers/2407.21783#community', '2407.21783'],
    ['/papers/2407.21783?q=llama', '2407.21783'],
    ['/papers/2407.21783v2', '2407.21783'],
    ['/papers/2407.21783v12', '2407.21783'],
    ['/papers/1501.0001', '1501.0001'],
    ['/papers/0704.0001', '0704.0001'],
  ])('%s', (path, id) => {
    const kind = pageKind(HF + path);
    expect(kind).toEqual({ kind: 'paper', id });
    expect(isListing(kind)).toBe(false);
  });
});

describe('pageKind: not a listing', () => {
  it.each([
    // Other pages under /papers.
    `${HF}/papers/submit`,
    `${HF}/papers/index`,
    `${HF}/papers/index/2407.21783`,
    `${HF}/papers/2407.21783.md`,
    `${HF}/papers/2407.21783v`,
    `${HF}/papers/2407.217`,
    `${HF}/papers/2407.217830`,
    `${HF}/papers/week`,
    `${HF}/papers/month`,
    `${HF}/papers/date`,
    `${HF}/papers/trending/2024`,
    `${HF}/papers/2407.21783/community`,
    // Other sections of the site.
    `${HF}/`,
    `${HF}/models`,
    `${HF}/papersX`,
    `${HF}/meta-llama/papers`,
    `${HF}/api/papers`,
    // Other hosts and schemes.
    'https://hf.co/papers',
    'http://huggingface.co/papers',
    'https://evil.com/papers',
    'https://huggingface.co.evil.com/papers',
    'https://www.huggingface.co/papers',
    'https://discuss.huggingface.co/papers',
    // Malformed periods.
    `${HF}/papers/date/2024-8-1`,
    `${HF}/papers/date/2024-08-01x`,
    `${HF}/papers/date/garbage`,
    `${HF}/papers?date=garbage`,
    `${HF}/papers?date=2024-8-1`,
    `${HF}/papers?date=`,
    `${HF}/papers?date=garbage&q=causal`,
    `${HF}/papers/week/2024-31`,
    `${HF}/papers/week/2024-w31`,
    `${HF}/papers/month/2024-8`,
    `${HF}/papers/month/2024-08-01`,
    // Nested paths.
    `${HF}/papers/date/2024-08-01/extra`,
    `${HF}/papers/week/2024-W31/2024-W32`,
    `${HF}/papers/month/2024-08/x`,
    `${HF}/papers/papers/date/2024-08-01`,
    // Not URLs at all.
    '',
    '/papers',
    'not a url',
  ])('%s', (url) => {
    const kind = pageKind(url);
    expect(kind).toEqual({ kind: 'other' });
    expect(isListing(kind)).toBe(false);
  });
});

describe('pageKind: fixtures', () => {
  it.each(Object.entries(manifest))('%s', (_file, { url }) => {
    const kind = pageKind(url);
    expect(kind.kind).not.toBe('other');
  });

  it('maps each fixture URL to the view it records', () => {
    expect(pageKind(fixtureEntry('hf-papers-2024-08-01.html').url)).toEqual({ kind: 'day', date: '2024-08-01' });
    expect(pageKind(fixtureEntry('hf-papers-date-2024-08-01.html').url)).toEqual({ kind: 'day', date: '2024-08-01' });
    expect(pageKind(fixtureEntry('hf-papers-search-causal.html').url)).toEqual({
      kind: 'search',
      query: 'causal',
      within: 'day',
    });
    expect(pageKind(fixtureEntry('hf-paper-2407.21783.html').url)).toEqual({ kind: 'paper', id: '2407.21783' });
  });

  it('accepts URL objects', () => {
    expect(pageKind(new URL(`${HF}/papers/trending`))).toEqual({ kind: 'trending' });
  });
});

describe('paperIdFromHref', () => {
  it.each<[string | null, string | null]>([
    ['/papers/2407.21783', '2407.21783'],
    ['/papers/2407.21783/', '2407.21783'],
    ['/papers/2407.21783#community', '2407.21783'],
    ['/papers/2407.21783?utm=x', '2407.21783'],
    ['/papers/2407.21783v3', '2407.21783'],
    ['/papers/2407.21783v3#community', '2407.21783'],
    ['/papers/1501.0001', '1501.0001'],
    ['/papers/trending', null],
    ['/papers/date/2024-07-31', null],
    ['/papers/week/2024-W31', null],
    ['/papers?date=2024-08-01', null],
    ['/papers', null],
    ['/papers/submit', null],
    ['/papers/2407.21783.md', null],
    ['/papers/2407.21783/community', null],
    ['/papers/2407', null],
    ['/login?next=%2Fpapers%2F2407.21783', null],
    ['/papers?q=2407.21783', null],
    ['/models/2407.21783', null],
    ['papers/2407.21783', null],
    // Absolute URLs are made relative by the caller (cards.ts), never matched here.
    ['https://huggingface.co/papers/2407.21783', null],
    ['https://arxiv.org/abs/2407.21783', null],
    ['', null],
    [null, null],
  ])('%s → %s', (href, id) => {
    expect(paperIdFromHref(href)).toBe(id);
  });
});

describe('isArxivId / paperUrl', () => {
  it.each([
    ['2407.21783', true],
    ['1501.0001', true],
    ['2407.2178', true],
    ['2407.217835', false],
    ['2407.21783v2', false],
    ['24.21783', false],
    ['2407-21783', false],
    ['hep-th/9901001', false],
    [' 2407.21783', false],
    ['2407.21783\n', false],
    ['', false],
  ])('%s → %s', (id, valid) => {
    expect(isArxivId(id)).toBe(valid);
  });

  it('builds the paper page URL, which maps back to the paper', () => {
    expect(paperUrl('2407.21783')).toBe('https://huggingface.co/papers/2407.21783');
    expect(pageKind(paperUrl('2407.21783'))).toEqual({ kind: 'paper', id: '2407.21783' });
  });
});
