/**
 * What the "For you" model is rebuilt from, in the Paperlight JSON backup (issue #17): the rejected
 * suggestions, the reset point and the dismissed papers' texts (never the texts of papers merely
 * seen). Written and read back checked; replaced by a replacing import and a restored snapshot,
 * merged by a merging import, left alone by a file without it.
 */
import { describe, expect, it, vi } from 'vitest';
import { ImportSessions } from '@/lib/background/import-sessions';
import { snapshotKeeper } from '@/lib/background/snapshot-keeper';
import { exportJson, parseJson } from '@/lib/library/formats/json';
import { applyImport, planImport } from '@/lib/library/formats/plan';
import { sendImport, type SendImportMessage } from '@/lib/library/send-import';
import { mergeRanking, Settings, type Library, type RankingBackup } from '@/lib/model/library';
import type { Request } from '@/lib/protocol/messages';
import { openSnapshots, type PaperText, type Store } from '@/lib/store';
import { backgroundOn } from './background-harness';
import { NOW, libraryPaper, openTestStore, paperInput, uniqueDbName } from './test-data';

const text = (title: string, keywords?: string[]): PaperText => ({ title, abstract: `${title}, in detail.`, ...(keywords && { keywords }) });

const ranking: RankingBackup = {
  resetAt: NOW - 10,
  taggedAtReset: { '2407.00009': ['llm'] },
  rejected: [{ tag: 'llm', id: '2407.00001', at: NOW, text: text('Graph databases') }],
  dismissed: [
    { id: '2407.00002', at: NOW + 1, text: text('Protein folding', ['biology']) },
    { id: '2407.00003', at: NOW + 2, text: text('Crypto bots') },
  ],
};
const library = (extra: Partial<Library> = {}): Library => ({ papers: [libraryPaper('2407.21783')], tags: [], rules: [], settings: Settings.parse({}), ...extra });

/** A store with something learned: a rejection, a reset, a dismissed paper's text and a seen one. */
async function seeded(): Promise<Store> {
  const store = await openTestStore();
  await store.papers.save(paperInput('2407.21783'), NOW);
  await store.tags.add(paperInput('2407.00009'), 'LLM', NOW);
  await store.ranking.reset(NOW - 10);
  await store.ranking.reject({ tag: 'llm', id: '2407.00001', text: text('Graph databases') }, NOW);
  await store.ranking.keepTexts([{ id: '2407.00002', text: text('Protein folding', ['biology']) }, { id: '2407.00004', text: text('Merely seen') }], NOW);
  await store.seen.dismiss(['2407.00002', '2407.00003'], NOW + 1);
  await store.ranking.dismissTexts(['2407.00002'], undefined, NOW + 1);
  await store.ranking.dismissTexts(['2407.00003'], { '2407.00003': text('Crypto bots') }, NOW + 2);
  return store;
}

describe('the ranking section of a backup', () => {
  it('is written after the rest, a line per rejection and dismissed text, and read back as it was', () => {
    const written = exportJson(library({ ranking }), NOW);
    expect(written).toContain(
      `  "ranking": {\n    "resetAt": ${NOW - 10},\n    "taggedAtReset": {"2407.00009":["llm"]},\n    "rejected": [\n      {"tag":"llm","id":"2407.00001","at":${NOW},`,
    );
    expect(written.endsWith('\n  }\n}\n')).toBe(true);
    const parsed = parseJson(written);
    expect(parsed.ok && parsed.library.ranking).toEqual(ranking);
    expect(parsed.ok && parsed.library.papers).toEqual(library().papers);
    // With the seen ledger too, both are there.
    const both = parseJson(exportJson(library({ ranking, seen: { '2407.00002': { first: 1, last: 2, how: 1, upvotes: 0, dismissed: NOW + 1 } } }), NOW));
    expect(both.ok && Object.keys(both.library)).toEqual(expect.arrayContaining(['seen', 'ranking']));
    // None: no section at all, and the text is what it was before the section existed.
    const none = exportJson(library(), NOW);
    expect(none).not.toContain('ranking');
    expect(none.endsWith('"settings": ' + JSON.stringify(Settings.parse({})) + '\n}\n')).toBe(true);
  });

  it('refuses a damaged section, naming it', () => {
    const file = (section: unknown) => JSON.stringify({ format: 'paperlight', version: 1, papers: [], ranking: section });
    expect(parseJson(file({ resetAt: null, rejected: [], dismissed: [{ id: 'not-an-id', at: 1, text: text('x') }] }))).toEqual({ ok: false, error: expect.stringMatching(/^For you: /) });
    expect(parseJson(file({ resetAt: 'yesterday', rejected: [], dismissed: [] }))).toMatchObject({ ok: false });
    expect(parseJson(file({ resetAt: null, rejected: [], dismissed: [] }))).toMatchObject({ ok: true, library: { ranking: { resetAt: null, rejected: [], dismissed: [] } } });
  });

  it('is replaced by a replacing import, merged by a merging one, and left alone by a file without one', () => {
    const current = library({ ranking });
    const theirs: RankingBackup = {
      resetAt: NOW + 50,
      rejected: [{ tag: 'rl', id: '2407.00001', at: NOW + 5, text: text('Graph databases') }],
      dismissed: [{ id: '2407.00002', at: NOW + 9, text: text('Protein folding, again') }],
    };
    const incoming = { papers: [libraryPaper('2407.21783')], ranking: theirs };
    expect(applyImport(planImport(current, incoming, 'replace')).ranking).toEqual(theirs);
    const merged = applyImport(planImport(current, incoming, 'merge')).ranking!;
    expect(merged).toEqual(mergeRanking(ranking, theirs));
    // Every rejection of both, their text of a paper both have, the later reset.
    expect(merged.resetAt).toBe(NOW + 50);
    expect(merged.rejected.map((entry) => entry.tag).sort()).toEqual(['llm', 'rl']);
    expect(merged.dismissed).toEqual([{ id: '2407.00002', at: NOW + 9, text: text('Protein folding, again') }, ranking.dismissed[1]]);
    expect('ranking' in applyImport(planImport(current, { papers: [libraryPaper('2407.21783')] }, 'replace'))).toBe(false);
    expect('ranking' in applyImport(planImport(current, { papers: [libraryPaper('2407.21783')] }, 'merge'))).toBe(false);
  });
});

describe('the ranking section and the store', () => {
  it('is exported without the texts of papers merely seen, and a replace puts it back whole', async () => {
    const source = await seeded();
    const exported = await source.library.export();
    expect(exported.ranking).toEqual(ranking);
    // Through the file and into another store that had learned other things.
    const parsed = parseJson(exportJson(exported, NOW));
    if (!parsed.ok) throw new Error(parsed.error);
    const target = await openTestStore();
    await target.ranking.keepTexts([{ id: '2407.00005', text: text('Seen here') }, { id: '2407.00006', text: text('Dismissed here') }], NOW);
    await target.ranking.dismissTexts(['2407.00006'], undefined, NOW);
    await target.ranking.reject({ tag: 'rl', id: '2407.00007', text: text('Rejected here') }, NOW);
    const { papers, tags = [], rules = [], settings, seen, ranking: section } = parsed.library;
    await target.library.replace({ papers, tags, rules, settings, ...(seen && { seen }), ...(section && { ranking: section }) });
    expect(await target.ranking.backup()).toEqual(ranking);
    expect(await target.ranking.resetPoint()).toEqual({ at: NOW - 10, tagged: { '2407.00009': ['llm'] } });
    // The target's own seen texts stay (a backup has none); its dismissed ones are the file's.
    expect((await target.ranking.texts()).map((stored) => stored.id).sort()).toEqual(['2407.00002', '2407.00003', '2407.00005']);
    // The model trains again from it.
    expect((await target.ranking.readModel()).stale).toBe(true);
    source.close();
    target.close();
  });

  it('is left as it is by a library without one', async () => {
    const store = await seeded();
    const before = await store.ranking.backup();
    await store.library.replace({ papers: [libraryPaper('2407.21783')], tags: [], rules: [] });
    expect(await store.ranking.backup()).toEqual(before);
    await expect(store.library.replace({ papers: [], tags: [], rules: [], ranking: { resetAt: -1, rejected: [], dismissed: [] } })).rejects.toThrow(/^For you: /);
    store.close();
  });

  it('goes with an import sent in chunks to the background', async () => {
    const store = await openTestStore();
    const background = backgroundOn(store, { publishRules: vi.fn(async () => {}), imports: new ImportSessions() });
    const send = ((message: Request) => background.send(message)) as SendImportMessage;
    await sendImport(send, library({ ranking }), (await store.library.version()) ?? 0, 200);
    expect(await store.ranking.backup()).toEqual(ranking);
    expect(background.broadcasts).toContainEqual({ type: 'library.changed' });
    store.close();
  });

  it('is in every snapshot and comes back with a restore', async () => {
    const store = await seeded();
    const snapshots = await openSnapshots(uniqueDbName());
    const keeper = snapshotKeeper(
      async () => store,
      async () => snapshots,
      { now: () => NOW },
    );
    const snapshot = await keeper.before('bulk-remove');
    // Learned anew: reset again, rejections and dismissals gone.
    await store.library.replace({ papers: [libraryPaper('2407.21783')], tags: [], rules: [], ranking: { resetAt: NOW + 100, rejected: [], dismissed: [] } });
    expect(await store.ranking.backup()).toEqual({ resetAt: NOW + 100, rejected: [], dismissed: [] });
    await keeper.restore(snapshot.id);
    expect(await store.ranking.backup()).toEqual(ranking);
    store.close();
  });
});
