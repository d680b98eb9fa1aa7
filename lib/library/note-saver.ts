/**
 * Saves a paper's note as the user types: after a short pause, and at once when the editor closes,
 * only when the text differs from what was last saved. Shared by the reading list's editor and the
 * one a card opens (the keyboard's `n`).
 */
import { request } from '../protocol/messaging';
import { errorMessage } from '../text/error-message';

/** How long typing may pause before the note is saved. */
export const SAVE_AFTER_MS = 300;

export type NoteStatus = { state: 'saving' } | { state: 'saved' } | { state: 'error'; error: string };

export interface NoteSaver {
  /** The user typed: saved after a pause. */
  typed: (note: string) => void;
  /** Saves now what was typed last (the editor closes). */
  flush: () => Promise<void>;
  /** Stops a pending save without making it (the editor went away). */
  cancel: () => void;
}

export function noteSaver(id: string, savedNote: string, onStatus: (status: NoteStatus) => void): NoteSaver {
  let saved = savedNote;
  let latest = savedNote;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = async () => {
    clearTimeout(timer);
    const note = latest;
    if (note === saved) return onStatus({ state: 'saved' });
    try {
      await request({ type: 'paper.note', id, note });
      saved = note;
      if (latest === note) onStatus({ state: 'saved' });
    } catch (error) {
      onStatus({ state: 'error', error: errorMessage(error) });
    }
  };
  return {
    typed: (note) => {
      latest = note;
      onStatus({ state: 'saving' });
      clearTimeout(timer);
      timer = setTimeout(() => void save(), SAVE_AFTER_MS);
    },
    flush: save,
    cancel: () => clearTimeout(timer),
  };
}
