/**
 * An import goes to the background in chunks and is written there at the commit (issue #12 §5):
 * all of it or nothing, only if the library is still the one the preview was worked out from, and
 * every view is told by the background itself.
 */
import { describe, expect, it, vi } from 'vitest';
import { ImportSessions } from '@/lib/background/import-sessions';
import { importChunks, sendImport, type SendImportMessage } from '@/lib/library/send-import';
import { Settings, type Library } from '@/lib/model/library';
import type { Request } from '@/lib/protocol/messages';
import { LibraryChanged } from '@/lib/store';
import { backgroundOn } from './background-harness';
import { NOW, libraryPaper, openTestStore, paperInput } from './test-data';

function library(count: number): Library {
  return {
    papers: Array.from({ length: count }, (_, i) => libraryPaper(`2401.${String(i).padStart(5, '0')}`, { savedAt: NOW + i, note: `Note ${i}`, tags: i % 2 ? ['llm'] : [] })),
    tags: [{ key: 'llm', name: 'LLM', color: '#2563eb', createdAt: 1 }],
    rules: [{ id: 'r1', pattern: 'diffusion', kind: 'word', caseSensitive: false, fields: ['title'], color: '#ca8a04', action: 'highlight', muteStyle: 'dim', tag: null, enabled: true, disabledReason: null, createdAt: 1 }],
    settings: Settings.parse({ openMarksReading: false }),
  };
}

async function setup() {
  const store = await openTestStore();
  const background = backgroundOn(store, { publishRules: vi.fn(async () => {}), imports: new ImportSessions() });
  const { deps, broadcasts } = background;
  const sent: Request['type'][] = [];
  const send = ((message: Request) => {
    sent.push(message.type);
    return background.send(message);
  }) as SendImportMessage;
  return { store, deps, broadcasts, send, sent };
}

describe('importChunks', () => {
  it('splits the records by size, in order, each record whole', () => {
    const whole = library(50);
    const chunks = [...importChunks(whole, 2_000)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.flatMap((chunk) => chunk.papers)).toEqual(whole.papers);
    expect(chunks.flatMap((chunk) => chunk.tags)).toEqual(whole.tags);
    expect(chunks.flatMap((chunk) => chunk.rules)).toEqual(whole.rules);
    for (const chunk of chunks.slice(0, -1)) expect(JSON.stringify([...chunk.papers, ...chunk.tags, ...chunk.rules]).length).toBeLessThan(2_000 + 500);
  });
});

describe('sendImport', () => {
  it('writes a library sent in many small chunks, all at the commit, and the background tells every view', async () => {
    const { store, broadcasts, send, sent } = await setup();
    const { version } = await store.library.exportAt();
    const whole = library(60);
    const counts = await sendImport(send, whole, version, 1_500);
    expect(sent.filter((type) => type === 'library.import.chunk').length).toBeGreaterThan(10);
    expect(counts).toMatchObject({ papers: 60, tags: 1, rules: 1 });
    const written = await store.library.export();
    const byId = (papers: Library['papers']) => [...papers].sort((a, b) => a.id.localeCompare(b.id));
    expect({ ...written, papers: byId(written.papers) }).toEqual({ ...whole, papers: byId(whole.papers) });
    expect(broadcasts).toEqual([{ type: 'library.changed' }]);
    store.close();
  });

  it('writes nothing before the commit', async () => {
    const { store, send } = await setup();
    await store.library.replace(library(3));
    const before = await store.library.export();
    const { version } = await store.library.exportAt();
    const importId = 'half';
    await send({ type: 'library.import.begin', importId, expectedVersion: version });
    await send({ type: 'library.import.chunk', importId, index: 0, papers: library(10).papers });
    expect(await store.library.export()).toEqual(before);
    store.close();
  });

  it('refuses, writing nothing, when the library changed since the preview', async () => {
    const { store, broadcasts, send } = await setup();
    const { version } = await store.library.exportAt();
    await store.papers.save(paperInput('2407.21783'), 1);
    const before = await store.library.export();
    await expect(sendImport(send, library(5), version, 1_000)).rejects.toBeInstanceOf(LibraryChanged);
    expect(await store.library.export()).toEqual(before);
    expect(broadcasts).toEqual([]);
    store.close();
  });

  it('refuses a bad record at the commit, naming it, and writes nothing', async () => {
    const { store, send } = await setup();
    const { version } = await store.library.exportAt();
    const bad = library(4);
    bad.rules = [{ ...bad.rules[0]!, kind: 'regex', pattern: '(a+)+$' }];
    await expect(sendImport(send, bad, version, 1_000)).rejects.toThrow(/^Rule 1 \(“\(a\+\)\+\$”\): pattern: This pattern nests repetition/);
    expect((await store.library.export()).papers).toEqual([]);
    store.close();
  });

  it('a commit without its chunks (the background restarted) imports nothing and says so', async () => {
    const { store, send } = await setup();
    await expect(send({ type: 'library.import.commit', importId: 'unknown', chunks: 0 })).rejects.toThrow(/interrupted.*nothing was imported/);
    store.close();
  });

  it('a chunk that did not arrive (its message refused) makes the commit refuse, writing nothing', async () => {
    const { store, send } = await setup();
    const { version } = await store.library.exportAt();
    const importId = 'gap';
    await send({ type: 'library.import.begin', importId, expectedVersion: version });
    await send({ type: 'library.import.chunk', importId, index: 0, papers: library(2).papers });
    await send({ type: 'library.import.chunk', importId, index: 2, papers: library(4).papers.slice(2) });
    await expect(send({ type: 'library.import.commit', importId, chunks: 3 })).rejects.toThrow(/arrived incomplete; nothing was imported/);
    expect((await store.library.export()).papers).toEqual([]);
    store.close();
  });
});
