import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAVE_AFTER_MS, noteSaver, type NoteStatus } from '@/lib/library/note-saver';

const sent: unknown[] = [];
vi.mock('@/lib/protocol/messaging', () => ({
  request: async (message: unknown) => {
    sent.push(message);
    return null;
  },
}));

afterEach(() => {
  sent.length = 0;
  vi.useRealTimers();
});

describe('noteSaver', () => {
  it('saves after a pause in typing, once, with the last text', async () => {
    vi.useFakeTimers();
    const statuses: NoteStatus[] = [];
    const saver = noteSaver('2407.21783', '', (status) => statuses.push(status));
    saver.typed('R');
    saver.typed('Re');
    saver.typed('Read §3');
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(SAVE_AFTER_MS);
    expect(sent).toEqual([{ type: 'paper.note', id: '2407.21783', note: 'Read §3' }]);
    expect(statuses.at(-1)).toEqual({ state: 'saved' });
  });

  it('closing saves at once; text typed back to the saved note sends nothing and reads as saved', async () => {
    vi.useFakeTimers();
    const statuses: NoteStatus[] = [];
    const saver = noteSaver('2407.21783', 'old', (status) => statuses.push(status));
    saver.typed('old!');
    saver.typed('old');
    await vi.advanceTimersByTimeAsync(SAVE_AFTER_MS);
    expect(sent).toEqual([]);
    expect(statuses.at(-1)).toEqual({ state: 'saved' });
    saver.typed('new');
    await saver.flush();
    expect(sent).toEqual([{ type: 'paper.note', id: '2407.21783', note: 'new' }]);
    await vi.advanceTimersByTimeAsync(SAVE_AFTER_MS);
    expect(sent).toHaveLength(1);
  });
});
