import { useEffect, useRef, useState } from 'preact/hooks';
import { NOTE_MAX, type LibraryPaper } from '@/lib/library/model';
import { request } from '@/lib/messaging';

/** How long typing may pause before the note is saved. */
const SAVE_AFTER_MS = 300;

interface Props {
  paper: LibraryPaper;
  onClose: () => void;
}

/** A paper's note, plain text over several lines, saved as the user types (and on close). */
export function NoteEditor({ paper, onClose }: Props) {
  const [text, setText] = useState(paper.note);
  const [status, setStatus] = useState<'saved' | 'saving' | 'error'>('saved');
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(text);
  const area = useRef<HTMLTextAreaElement>(null);

  const save = (note: string) => {
    clearTimeout(timer.current);
    setStatus('saving');
    return request({ type: 'paper.note', id: paper.id, note })
      .then(() => {
        if (latest.current === note) setStatus('saved');
      })
      .catch((reason: unknown) => {
        setStatus('error');
        setError(reason instanceof Error ? reason.message : String(reason));
      });
  };

  useEffect(() => {
    area.current?.focus();
    return () => clearTimeout(timer.current);
  }, []);

  const close = () => {
    if (latest.current !== paper.note) void save(latest.current);
    onClose();
  };

  return (
    <section class="note-editor" data-paperlight="note-editor" aria-label={`Note on “${paper.title}”`}>
      <div class="note-head">
        <strong class="note-title">{paper.title}</strong>
        <span class="note-status" role="status" data-paperlight="note-status">
          {status === 'saving' ? 'Saving…' : status === 'saved' ? 'Saved' : ''}
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
          const note = event.currentTarget.value;
          latest.current = note;
          setText(note);
          setStatus('saving');
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void save(note), SAVE_AFTER_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        }}
      />
      {error && (
        <p class="error" role="alert">
          Could not save the note: {error}
        </p>
      )}
    </section>
  );
}
