/**
 * The sync document's merge, on random histories of several devices (fast-check): merging is
 * commutative, associative and idempotent; devices that exchange their documents in any order,
 * late or twice, end up with the same library; and no device's newer change is lost.
 */
import { Settings } from '@/lib/model/library';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clockAt, encodeClock, observe, tick, type ClockState } from '@/lib/sync/clock';
import { covers, docText, emptyDoc, merge, mergeInto, type SyncDoc } from '@/lib/sync/doc';
import { recordLocal } from '@/lib/sync/record';
import { papersToCheck, planPatch } from '@/lib/sync/plan';
import { canonical } from '@/lib/sync/doc';
import type { LocalDecisions, PaperDecisions, SyncPatch } from '@/lib/model/sync-decisions';
import { PAPER_STATES } from '@/lib/model/records';

const IDS = ['2407.00001', '2407.00002', '2408.00003', '2501.00004'];
const TAGS = ['rl', 'llm', 'vision'];
const NODES = ['aaaa', 'bbbb', 'cccc'];

type Op =
  | { kind: 'save' | 'remove'; id: string }
  | { kind: 'state'; id: string; state: (typeof PAPER_STATES)[number] }
  | { kind: 'note'; id: string; note: string }
  | { kind: 'tag' | 'untag'; id: string; key: string }
  | { kind: 'recolor'; key: string; color: string }
  | { kind: 'deleteTag'; key: string }
  | { kind: 'setting'; value: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('save' as const), id: fc.constantFrom(...IDS) }) },
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...IDS) }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('state' as const), id: fc.constantFrom(...IDS), state: fc.constantFrom(...PAPER_STATES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), id: fc.constantFrom(...IDS), note: fc.constantFrom('', 'a', 'b', 'see §3') }) },
  fc.record({ kind: fc.constantFrom('tag' as const, 'untag' as const), id: fc.constantFrom(...IDS), key: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('recolor' as const), key: fc.constantFrom(...TAGS), color: fc.constantFrom('#111111', '#222222', '#333333') }),
  fc.record({ kind: fc.constant('deleteTag' as const), key: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('setting' as const), value: fc.boolean() }),
);

/** A step of history: a device does something, or one device's document reaches another. */
type Step = { device: number; op: Op; advance: number } | { from: number; to: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ device: fc.nat(NODES.length - 1), op, advance: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ from: fc.nat(NODES.length - 1), to: fc.nat(NODES.length - 1) }) },
);

/** Long enough for devices to disagree often (fast-check's arrays are short by default). */
const history = fc.array(step, { minLength: 20, maxLength: 80 });

interface Device {
  doc: SyncDoc;
  clock: ClockState;
  lib: LocalDecisions;
}

const newDevice = (node: string): Device => ({
  doc: emptyDoc(),
  clock: { time: 0, counter: 0, node },
  lib: { version: 0, papers: new Map(), tags: [], rules: [], settings: Settings.parse({}) },
});

function paper(lib: LocalDecisions, id: string): PaperDecisions {
  return lib.papers.get(id) ?? { saved: null, tags: [] };
}

/** What a user's action does to a device's library (as the store would). */
function act(lib: LocalDecisions, op: Op, now: number): void {
  const put = (id: string, value: PaperDecisions) => (value.saved || value.tags.length ? lib.papers.set(id, value) : lib.papers.delete(id));
  switch (op.kind) {
    case 'save': {
      const p = paper(lib, op.id);
      if (!p.saved) put(op.id, { ...p, saved: { savedAt: now, state: 'to-read', note: '' } });
      break;
    }
    case 'remove':
      put(op.id, { ...paper(lib, op.id), saved: null });
      break;
    case 'state':
    case 'note': {
      const p = paper(lib, op.id);
      if (p.saved) put(op.id, { ...p, saved: op.kind === 'state' ? { ...p.saved, state: op.state } : { ...p.saved, note: op.note } });
      break;
    }
    case 'tag': {
      if (!lib.tags.some((tag) => tag.key === op.key)) lib.tags.push({ key: op.key, name: op.key, color: '#2563eb', createdAt: now });
      const p = paper(lib, op.id);
      if (!p.tags.includes(op.key)) put(op.id, { ...p, tags: [...p.tags, op.key].sort() });
      break;
    }
    case 'untag': {
      const p = paper(lib, op.id);
      put(op.id, { ...p, tags: p.tags.filter((key) => key !== op.key) });
      break;
    }
    case 'recolor':
      lib.tags = lib.tags.map((tag) => (tag.key === op.key ? { ...tag, color: op.color } : tag));
      break;
    case 'deleteTag':
      lib.tags = lib.tags.filter((tag) => tag.key !== op.key);
      for (const [id, p] of [...lib.papers]) put(id, { ...p, tags: p.tags.filter((key) => key !== op.key) });
      break;
    case 'setting':
      lib.settings = { ...lib.settings, openMarksReading: op.value };
      break;
  }
}

/** A sync patch applied to a device's library (as the store's sync write does). */
function applyPatch(lib: LocalDecisions, patch: SyncPatch): void {
  for (const change of patch.papers) {
    const p = paper(lib, change.id);
    const next = { saved: change.saved === undefined ? p.saved : change.saved, tags: change.tags ?? p.tags };
    if (next.saved || next.tags.length) lib.papers.set(change.id, next);
    else lib.papers.delete(change.id);
  }
  const removed = new Set(patch.tags.remove);
  lib.tags = [...lib.tags.filter((tag) => !removed.has(tag.key) && !patch.tags.put.some((put) => put.key === tag.key)), ...patch.tags.put];
  if (patch.settings) lib.settings = { ...lib.settings, ...patch.settings };
}

/** Device `to` receives `from`'s document: merges it, then brings its library to what it says. */
function deliver(from: SyncDoc, to: Device, now: number): void {
  for (const entry of from.papers.values()) for (const register of [entry.saved, entry.state, entry.note]) if (register) to.clock = observe(to.clock, register[0], now);
  const changed = mergeInto(to.doc, from);
  applyPatch(to.lib, planPatch(to.doc, to.lib, papersToCheck(to.doc, changed)));
}

function record(device: Device, now: number): string {
  const next = tick(device.clock, now);
  device.clock = next.state;
  recordLocal(device.doc, device.lib, 'all', () => next.clock);
  return next.clock;
}

const libText = (lib: LocalDecisions) =>
  canonical({
    papers: [...lib.papers].filter(([, p]) => p.saved || p.tags.length).sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, p]) => [id, p.saved && { ...p.saved, stateChangedAt: null }, [...p.tags].sort()]),
    tags: [...lib.tags].sort((a, b) => (a.key < b.key ? -1 : 1)).map((tag) => [tag.key, tag.color]),
    settings: lib.settings,
  });

/** Runs a history; then every device hears every other, twice, in a fixed order. */
function run(steps: readonly Step[]) {
  const devices = NODES.map(newDevice);
  let now = 1_700_000_000_000;
  const writes: { id: string; field: 'state' | 'note'; value: string; clock: string }[] = [];
  for (const s of steps) {
    if ('from' in s) {
      deliver(devices[s.from]!.doc, devices[s.to]!, now);
      continue;
    }
    now += s.advance;
    const device = devices[s.device]!;
    const before = paper(device.lib, 'id' in s.op ? s.op.id : '').saved;
    act(device.lib, s.op, now);
    const clock = record(device, now);
    // A write that changes the value (choosing the state a paper is already in is none). Removing
    // a paper also clears its state and note: saved again, it starts afresh.
    if ((s.op.kind === 'state' || s.op.kind === 'note') && before && before[s.op.kind] !== (s.op.kind === 'state' ? s.op.state : s.op.note)) {
      writes.push({ id: s.op.id, field: s.op.kind, value: s.op.kind === 'state' ? s.op.state : s.op.note, clock });
    }
    if (s.op.kind === 'remove' && before) {
      writes.push({ id: s.op.id, field: 'state', value: 'to-read', clock }, { id: s.op.id, field: 'note', value: '', clock });
    }
  }
  for (let round = 0; round < 2; round++) for (const from of devices) for (const to of devices) if (from !== to) deliver(from.doc, to, now);
  return { devices, writes };
}

describe('hybrid logical clock', () => {
  it('ticks past what it has seen, also when the wall clock lags', () => {
    let state: ClockState = { time: 0, counter: 0, node: 'aaaa' };
    const first = tick(state, 1000);
    state = observe(first.state, encodeClock(5000, 7, 'bbbb'), 1000);
    const second = tick(state, 1000);
    expect(second.clock > encodeClock(5000, 7, 'bbbb')).toBe(true);
    expect(second.clock > first.clock).toBe(true);
  });

  it('does not follow a clock from a device far in the future', () => {
    const state = observe({ time: 1000, counter: 0, node: 'aaaa' }, encodeClock(10 ** 12, 0, 'bbbb'), 1000);
    expect(state.time).toBe(1000);
  });

  it('orders clocks as text', () => {
    expect(clockAt(999, 'zzzz') < clockAt(1000, 'aaaa')).toBe(true);
    expect(encodeClock(1000, 1, 'aaaa') > encodeClock(1000, 0, 'zzzz')).toBe(true);
  });
});

describe('merging sync documents', () => {
  const doc = history.map((steps) => run(steps).devices[0]!.doc);
  const devicesDocs = history.map((steps) => {
    const devices = NODES.map(newDevice);
    let now = 1_700_000_000_000;
    for (const s of steps) {
      if ('from' in s) continue;
      now += s.advance;
      act(devices[s.device]!.lib, s.op, now);
      record(devices[s.device]!, now);
    }
    return devices.map((device) => device.doc);
  });

  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(devicesDocs, ([a, b, c]) => {
        expect(docText(merge(a!, b!))).toBe(docText(merge(b!, a!)));
        expect(docText(merge(merge(a!, b!), c!))).toBe(docText(merge(a!, merge(b!, c!))));
        expect(docText(merge(a!, a!))).toBe(docText(a!));
        expect(docText(merge(merge(a!, b!), b!))).toBe(docText(merge(a!, b!)));
      }),
      { numRuns: 300 },
    );
  });

  it('covers what it merged', () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const merged = merge(a, b);
        expect(covers(merged, a) && covers(merged, b)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('brings devices that exchange in any order, late or twice, to the same library', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const { devices } = run(steps);
        const [first, ...others] = devices;
        for (const other of others) {
          expect(libText(other.lib)).toBe(libText(first!.lib));
          expect(docText(other.doc)).toBe(docText(first!.doc));
        }
        // Every tag a paper carries is defined.
        for (const device of devices) for (const p of device.lib.papers.values()) for (const key of p.tags) expect(device.lib.tags.some((tag) => tag.key === key)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('loses no newer change: a saved paper shows the newest state and note any device wrote', () => {
    const checks = { count: 0 };
    fc.assert(
      fc.property(history, (steps) => {
        const { devices, writes } = run(steps);
        const lib = devices[0]!.lib;
        for (const id of IDS) {
          const saved = lib.papers.get(id)?.saved;
          if (!saved) continue;
          for (const field of ['state', 'note'] as const) {
            const newest = writes.filter((write) => write.id === id && write.field === field).sort((a, b) => (a.clock < b.clock ? 1 : -1))[0];
            if (newest) {
              checks.count++;
              expect(saved[field]).toBe(newest.value);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
    // The histories do make devices write the same field concurrently.
    expect(checks.count).toBeGreaterThan(400);
  });

  it('keeps both changes when one device adds a tag and another takes a different one off', () => {
    const [a, b] = [newDevice('aaaa'), newDevice('bbbb')];
    act(a.lib, { kind: 'save', id: IDS[0]! }, 1000);
    act(a.lib, { kind: 'tag', id: IDS[0]!, key: 'llm' }, 1000);
    record(a, 1000);
    deliver(a.doc, b, 1001);
    act(a.lib, { kind: 'tag', id: IDS[0]!, key: 'rl' }, 2000);
    record(a, 2000);
    act(b.lib, { kind: 'untag', id: IDS[0]!, key: 'llm' }, 2001);
    record(b, 2001);
    deliver(a.doc, b, 3000);
    deliver(b.doc, a, 3000);
    expect(a.lib.papers.get(IDS[0]!)?.tags).toEqual(['rl']);
    expect(libText(b.lib)).toBe(libText(a.lib));
  });

  it('lets a removal win over an older edit, and a newer edit win over a removal', () => {
    const [a, b] = [newDevice('aaaa'), newDevice('bbbb')];
    act(a.lib, { kind: 'save', id: IDS[0]! }, 1000);
    act(a.lib, { kind: 'save', id: IDS[1]! }, 1000);
    record(a, 1000);
    deliver(a.doc, b, 1000);
    act(b.lib, { kind: 'state', id: IDS[0]!, state: 'done' }, 2000);
    record(b, 2000);
    act(a.lib, { kind: 'remove', id: IDS[0]! }, 3000);
    act(a.lib, { kind: 'remove', id: IDS[1]! }, 3000);
    record(a, 3000);
    act(b.lib, { kind: 'note', id: IDS[1]!, note: 'still reading' }, 4000);
    record(b, 4000);
    deliver(a.doc, b, 5000);
    deliver(b.doc, a, 5000);
    expect(a.lib.papers.get(IDS[0]!)?.saved ?? null).toBeNull();
    expect(a.lib.papers.get(IDS[1]!)?.saved?.note).toBe('still reading');
    expect(libText(b.lib)).toBe(libText(a.lib));
  });
});
