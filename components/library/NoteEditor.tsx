import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { NOTE_MAX, type LibraryPaper } from '@/lib/model/library';
import { noteSaver, type NoteStatus } from '@/lib/library/note-saver';

interface Props {
  paper: LibraryPaper;
  onClose: () => void;
}

/** A paper's note, plain text over several lines, saved as the user types (and on close). */
export function NoteEditor({ paper, onClose }: Props) {
  const [text, setText] = useState(paper.note);
  const [status, setStatus] = useState<NoteStatus>({ state: 'saved' });
  const area = useRef<HTMLTextAreaElement>(null);
  // One per editor (LibraryView keys it by paper): the note it opened with counts as saved.
  const saver = useMemo(() => noteSaver(paper.id, paper.note, setStatus), [paper.id]);

  useEffect(() => {
    area.current?.focus();
    return saver.cancel;
  }, [saver]);

  const close = () => {
    void saver.flush();
    onClose();
  };

  return (
    <section class="note-editor" data-paperlight="note-editor" aria-label={`Note on “${paper.title}”`}>
      <div class="note-head">
        <strong class="note-title">{paper.title}</strong>
        <span class="note-status" role="status" data-paperlight="note-status">
          {status.state === 'saving' ? 'Saving…' : status.state === 'saved' ? 'Saved' : ''}
        </span>
        <button type="button" onClick={close}>
          Done
        </button>
      </div>
      <textarea
        ref={area}
        data-paperlight="note-input"
        value={text}
        maxLength={NOTE_MAX}
        rows={5}
        aria-label="Note"
        placeholder="Your note (plain text)"
        onInput={(event) => {
          setText(event.currentTarget.value);
          saver.typed(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        }}
      />
      {status.state === 'error' && (
        <p class="error" role="alert">
          Could not save the note: {status.error}
        </p>
      )}
    </section>
  );
}
