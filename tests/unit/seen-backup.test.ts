/**
 * The seen ledger in the Paperlight JSON backup (issue #16): written as compact rows, read back
 * checked, refused naming the bad row; an import's plan replaces it or merges it, and a file without
 * it leaves the ledger alone.
 */
import { describe, expect, it } from 'vitest';
import { exportJson, parseJson } from '@/lib/library/formats/json';
import { planImport, applyImport } from '@/lib/library/formats/plan';
import { Settings, type Library } from '@/lib/model/library';
import { mergeSeen, type SeenRecord } from '@/lib/model/seen';
import { NOW, libraryPaper } from './test-data';

const seenA: SeenRecord = { first: 10, last: 20, how: 1, upvotes: 3 };
const seenB: SeenRecord = { first: 5, last: 8, how: 2, upvotes: null, dismissed: 9 };
const library = (seen?: Record<string, SeenRecord>): Library => ({ papers: [libraryPaper('2407.21783')], tags: [], rules: [], settings: Settings.parse({}), ...(seen && { seen }) });

describe('the seen ledger in a backup', () => {
  it('is written as a row per paper and read back as it was', () => {
    const text = exportJson(library({ '2407.00001': seenA, '2407.00002': seenB }), NOW);
    expect(text).toContain('"seen": [\n    ["2407.00001",10,20,1,3,null],\n    ["2407.00002",5,8,2,null,9]\n  ]');
    const parsed = parseJson(text);
    expect(parsed.ok && parsed.library.seen).toEqual({ '2407.00001': seenA, '2407.00002': seenB });
    // A backup without a ledger has no "seen" at all.
    const none = parseJson(exportJson(library(), NOW));
    expect(none.ok && 'seen' in none.library).toBe(false);
  });

  it('refuses a damaged row, naming it, and merges a paper listed twice', () => {
    const file = (seen: unknown[]) => JSON.stringify({ format: 'paperlight', version: 1, papers: [], seen });
    expect(parseJson(file([['2407.00001', 1, 2, 1, 0, null], ['<b>x</b>', 1, 2, 1, 0, null]]))).toEqual({ ok: false, error: expect.stringMatching(/^Seen paper 2 \(<b>x<\/b>\): /) });
    expect(parseJson(file([['2407.00001', 1, 2, 9, 0, null]]))).toMatchObject({ ok: false, error: expect.stringMatching(/^Seen paper 1 \(2407\.00001\)/) });
    const twice = parseJson(file([['2407.00001', 10, 20, 1, 3, null], ['2407.00001', 5, 8, 2, null, 9]]));
    expect(twice.ok && twice.library.seen).toEqual({ '2407.00001': mergeSeen(seenA, seenB) });
    expect(mergeSeen(seenA, seenB)).toEqual({ first: 5, last: 20, how: 3, upvotes: 3, dismissed: 9 });
  });

  it('is replaced by a replacing import, merged by a merging one, and left alone by a file without one', () => {
    const current = library({ '2407.00001': seenA, '2407.00003': seenA });
    const incoming = { papers: [libraryPaper('2407.21783')], seen: { '2407.00001': seenB, '2407.00004': seenB } };
    expect(applyImport(planImport(current, incoming, 'replace')).seen).toEqual(incoming.seen);
    expect(applyImport(planImport(current, incoming, 'merge')).seen).toEqual({ '2407.00001': mergeSeen(seenA, seenB), '2407.00003': seenA, '2407.00004': seenB });
    expect('seen' in applyImport(planImport(current, { papers: [libraryPaper('2407.21783')] }, 'replace'))).toBe(false);
  });
});
