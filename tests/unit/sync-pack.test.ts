/**
 * The sync document into storage.sync items and back: every row reads back as written, and a
 * library of 10,000 papers packs within every quota, the most recently touched papers first.
 */
import { describe, expect, it } from 'vitest';
import { encodeClock } from '@/lib/sync/clock';
import { decodeParts, encodeMeta, encodePaper } from '@/lib/sync/codec';
import { covers, docText, emptyDoc, newestClock, type PaperEntry, type SyncDoc } from '@/lib/sync/doc';
import { packDoc, unpackItem } from '@/lib/sync/pack';
import { itemBytes, NOTE_SYNC_MAX, SYNC_QUOTA } from '@/lib/sync/quota';
import { PAPER_STATES } from '@/lib/model/records';

const DAY = 86_400_000;
const NOW = 1_767_225_600_000; // 2026-01-01

/** A library's document as a year of use makes it: papers saved over the year, some read, some
 * noted, a few tags each, a few removed. */
function libraryDoc(papers: number, seed = 1): SyncDoc {
  let random = seed;
  const next = () => ((random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const doc = emptyDoc();
  const tags = Array.from({ length: 24 }, (_, i) => `topic-${i}`);
  tags.forEach((key, i) => doc.tags.set(key, { alive: [encodeClock(NOW - 300 * DAY + i, 0, 'aaaa'), 1], name: [encodeClock(NOW - 300 * DAY + i, 0, 'aaaa'), key], color: [encodeClock(NOW - 300 * DAY + i, 0, 'aaaa'), '#2563eb'], createdAt: NOW - 300 * DAY }));
  for (let i = 0; i < papers; i++) {
    const month = 2401 + Math.floor(i / (papers / 24)) + (Math.floor(i / (papers / 24)) >= 12 ? 88 : 0);
    const id = `${month}.${String(10_000 + i).padStart(5, '0')}`;
    const at = NOW - Math.floor(next() * 365 * DAY);
    const node = next() < 0.5 ? 'aaaa' : 'bbbb';
    const clock = encodeClock(at, 0, node);
    const entry: PaperEntry = { saved: [clock, at] };
    if (next() < 0.4) entry.state = [encodeClock(at + DAY, 0, node), PAPER_STATES[1 + Math.floor(next() * 2)]!];
    if (next() < 0.1) entry.note = [encodeClock(at + DAY, 1, node), 'A short note about this paper.'];
    if (next() < 0.05) entry.saved = [encodeClock(at + 2 * DAY, 0, node), -at];
    const count = Math.floor(next() * 3);
    if (count > 0) entry.tags = new Map(Array.from({ length: count }, () => [tags[Math.floor(next() * tags.length)]!, [clock, 1] as const]));
    doc.papers.set(id, entry);
  }
  return doc;
}

async function readBack(items: Map<string, string>): Promise<SyncDoc> {
  return decodeParts(await Promise.all([...items.values()].map(unpackItem))).doc;
}

describe('sync items', () => {
  it('read back every row as written', async () => {
    const doc = libraryDoc(300);
    doc.rules.set('r1', [encodeClock(NOW, 0, 'aaaa'), null]);
    doc.settings.set('keyBindings', [encodeClock(NOW, 0, 'aaaa'), { star: 'w' }]);
    // Packed as of before the year: no removal is old enough to be let go yet.
    const plan = await packDoc(doc, NOW - 365 * DAY);
    const back = await readBack(plan.items);
    expect(JSON.parse(docText(back))).toEqual(JSON.parse(docText(doc)));
  });

  it('skip rows that do not check, and keep the rest', () => {
    const doc = emptyDoc();
    doc.papers.set('2407.21783', { saved: [encodeClock(NOW, 0, 'aaaa'), NOW] });
    const good = encodePaper('2407.21783', doc.papers.get('2407.21783')!);
    const { doc: read, bad } = decodeParts([
      { v: 1, p: [good, ['not-an-id', 0], ['2407.00001', ['short', 1]], ['2407.00002', 0, [encodeClock(NOW, 0, 'aaaa'), 9]]] },
      { v: 1, g: [['Not Folded', 0, 0, 0, 0]], r: [['r', encodeClock(NOW, 0, 'aaaa'), { id: 'other', pattern: 'x', createdAt: 1 }]] },
      { v: 2, p: [] },
      'garbage',
      { ...encodeMeta(emptyDoc()), v: 1, o: [['keyBindings', encodeClock(NOW, 0, 'aaaa'), { star: 'not a key binding at all' }]] },
    ]);
    expect([...read.papers.keys()]).toEqual(['2407.21783']);
    expect(read.tags.size + read.rules.size + read.settings.size).toBe(0);
    expect(bad).toBe(8);
  });

  it('hold 10,000 papers within every quota, the most recently touched first', async () => {
    const doc = libraryDoc(10_000);
    const started = performance.now();
    const plan = await packDoc(doc, NOW);
    const took = performance.now() - started;
    expect(plan.bytes).toBeLessThanOrEqual(SYNC_QUOTA.bytes);
    expect(plan.items.size).toBeLessThanOrEqual(SYNC_QUOTA.items);
    for (const [key, value] of plan.items) expect(itemBytes(key, value)).toBeLessThanOrEqual(SYNC_QUOTA.perItem);
    expect(plan.saved).toBe([...doc.papers.values()].filter((entry) => entry.saved![1] > 0).length);
    expect(plan.savedSynced).toBeGreaterThan(2_000);
    expect(plan.savedSynced + plan.localOnly.length).toBe(plan.saved);
    // Every paper that syncs was touched after every saved paper that does not.
    const synced = [...plan.doc.papers.values()].map(newestClock).sort();
    const oldestSynced = synced[0]!;
    for (const id of plan.localOnly) expect(newestClock(doc.papers.get(id)!) <= oldestSynced).toBe(true);
    // What the items hold is what the plan says.
    const back = await readBack(plan.items);
    expect(covers(back, plan.doc) && covers(plan.doc, back)).toBe(true);
    console.log(`10,000 papers: ${plan.savedSynced} of ${plan.saved} saved sync, ${plan.bytes} bytes in ${plan.items.size} items, packed in ${took.toFixed(0)} ms`);
  });

  it('leave notes over the limit on the device, and sync the rest of their paper', async () => {
    const doc = emptyDoc();
    const clock = encodeClock(NOW, 0, 'aaaa');
    doc.papers.set('2407.21783', { saved: [clock, NOW], note: [clock, 'x'.repeat(NOTE_SYNC_MAX + 1)] });
    doc.papers.set('2407.21784', { saved: [clock, NOW], note: [clock, 'short'] });
    const plan = await packDoc(doc, NOW);
    expect(plan.longNotes).toEqual(['2407.21783']);
    const back = await readBack(plan.items);
    expect(back.papers.get('2407.21783')).toEqual({ saved: [clock, NOW] });
    expect(back.papers.get('2407.21784')?.note?.[1]).toBe('short');
  });

  it('let removals older than the tombstone time go, and keep newer ones', async () => {
    const doc = emptyDoc();
    doc.papers.set('2407.00001', { saved: [encodeClock(NOW - 200 * DAY, 0, 'aaaa'), -1] });
    doc.papers.set('2407.00002', { saved: [encodeClock(NOW - 10 * DAY, 0, 'aaaa'), -1] });
    const plan = await packDoc(doc, NOW);
    expect([...(await readBack(plan.items)).papers.keys()]).toEqual(['2407.00002']);
  });
});
