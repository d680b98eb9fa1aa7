import { useEffect, useRef, useState } from 'preact/hooks';
import { onBroadcast } from '@/lib/protocol/broadcasts';
import { request } from '@/lib/protocol/messaging';
import type { DeletedTag, TagWithCount } from '@/lib/model/changes';
import { PALETTE } from '@/lib/tags/colors';
import { normalizeTagName } from '@/lib/tags/tag-name';
import { TagChip } from './TagChip';
import { errorMessage } from '@/lib/text/error-message';
import { plural } from '@/lib/text/plural';

/** How long a deleted tag can be brought back. */
const UNDO_MS = 8_000;


/** Lists every tag with its paper count: rename (merging after confirming), recolour, delete with undo. */
export function TagManager() {
  const [tags, setTags] = useState<TagWithCount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Every deletion that can still be undone, newest last; each expires on its own. */
  const [undoable, setUndoable] = useState<DeletedTag[]>([]);
  const timers = useRef(new Map<DeletedTag, ReturnType<typeof setTimeout>>());
  const undoButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const expire = (deleted: DeletedTag) => {
    clearTimeout(timers.current.get(deleted));
    timers.current.delete(deleted);
    setUndoable((list) => list.filter((entry) => entry !== deleted));
  };
  const startTimer = (deleted: DeletedTag) => {
    clearTimeout(timers.current.get(deleted));
    timers.current.set(deleted, setTimeout(() => expire(deleted), UNDO_MS));
  };

  useEffect(() => {
    const stop = onBroadcast('tags.changed', (change) => setTags(change.tags));
    request({ type: 'tags.get' })
      .then(setTags)
      .catch((reason: unknown) => setError(`Could not read your tags: ${errorMessage(reason)}`));
    const pending = timers.current;
    return () => {
      stop();
      pending.forEach((timer) => clearTimeout(timer));
    };
  }, []);

  // After a deletion the row that had the focus is gone: the new Undo takes it (not when one expires).
  const shown = useRef(0);
  useEffect(() => {
    if (undoable.length > shown.current) undoButton.current?.focus();
    shown.current = undoable.length;
  }, [undoable.length]);

  const remove = async (tag: TagWithCount) => {
    setError(null);
    try {
      const { deleted } = await request({ type: 'tag.delete', key: tag.key });
      setUndoable((list) => [...list, deleted]);
      startTimer(deleted);
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };
  const restore = async (deleted: DeletedTag) => {
    expire(deleted);
    heading.current?.focus();
    await request({ type: 'tag.restore', deleted }).catch((reason: unknown) => setError(errorMessage(reason)));
  };

  const sorted = [...(tags ?? [])].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return (
    <section class="tag-manager" aria-labelledby="tags-heading">
      <h2 id="tags-heading" tabIndex={-1} ref={heading}>
        Tags
      </h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {/* Always in the page, so screen readers announce what appears in it. */}
      <div role="status" class="undo-list">
        {undoable.map((deleted, index) => (
          <p class="notice undo" data-paperlight="undo" key={`${deleted.tag.key}-${deleted.tag.createdAt}-${index}`}>
            Deleted “{deleted.tag.name}” from {plural(deleted.papers.length, 'paper')}.{' '}
            <button
              type="button"
              ref={index === undoable.length - 1 ? undoButton : undefined}
              // While the user is on it, it does not run out.
              onFocus={() => clearTimeout(timers.current.get(deleted))}
              onBlur={() => startTimer(deleted)}
              onClick={() => void restore(deleted)}
            >
              Undo
            </button>
          </p>
        ))}
      </div>
      {tags === null ? (
        <p class="loading">Loading…</p>
      ) : sorted.length === 0 ? (
        <p class="empty">No tags yet. On huggingface.co/papers, click “+ tag” under a paper’s title to add one.</p>
      ) : (
        <ul class="tag-rows">
          {sorted.map((tag) => (
            <TagRow key={tag.key} tag={tag} onDelete={() => remove(tag)} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface RowProps {
  tag: TagWithCount;
  onDelete: () => void;
}

function TagRow({ tag, onDelete }: RowProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(tag.name);
  const [problem, setProblem] = useState<string | null>(null);
  const [collision, setCollision] = useState<{ name: string } | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // The input goes away: the focus goes back to where the edit began.
    setTimeout(() => renameButton.current?.focus(), 0);
  };

  const rename = async (merge: boolean) => {
    const checked = normalizeTagName(draft);
    if (!checked.ok) return setProblem(checked.error);
    try {
      const result = await request({ type: 'tag.rename', key: tag.key, name: checked.name, merge });
      if (result.collision) return setCollision({ name: result.collision.name });
      stopEditing();
      setCollision(null);
      setProblem(null);
    } catch (reason) {
      setProblem(errorMessage(reason));
    }
  };
  const recolor = (color: string) =>
    request({ type: 'tag.recolor', key: tag.key, color }).catch((reason: unknown) => setProblem(errorMessage(reason)));

  return (
    <li class="tag-row" data-paperlight="tag-row" data-paperlight-tag={tag.key}>
      <div class="tag-row-main">
        <TagChip name={tag.name} color={tag.color} />
        <span class="tag-count">{plural(tag.count, 'paper')}</span>
        {!editing && (
          <button type="button" ref={renameButton} onClick={() => (setDraft(tag.name), setEditing(true))} aria-label={`Rename “${tag.name}”`}>
            Rename
          </button>
        )}
        <button type="button" class="danger" onClick={onDelete} aria-label={`Delete “${tag.name}” from ${plural(tag.count, 'paper')}`}>
          Delete
        </button>
      </div>
      {editing && (
        <form
          class="tag-rename"
          onSubmit={(event) => {
            event.preventDefault();
            void rename(false);
          }}
        >
          <input
            value={draft}
            aria-label={`New name for “${tag.name}”`}
            aria-invalid={problem !== null}
            onInput={(event) => {
              setDraft(event.currentTarget.value);
              setProblem(null);
              setCollision(null);
            }}
            onKeyDown={(event) => event.key === 'Escape' && stopEditing()}
            autoFocus
          />
          <button type="submit">Save</button>
          <button type="button" onClick={stopEditing}>
            Cancel
          </button>
        </form>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {collision && (
        <p class="notice" role="alert" data-paperlight="merge-confirm">
          “{collision.name}” already exists. Merge “{tag.name}” ({plural(tag.count, 'paper')}) into it?{' '}
          <button type="button" onClick={() => void rename(true)}>
            Merge
          </button>{' '}
          <button type="button" onClick={() => setCollision(null)}>
            Cancel
          </button>
        </p>
      )}
      <fieldset class="tag-colors">
        <legend>Colour of “{tag.name}”</legend>
        {PALETTE.map((color) => (
          <button
            type="button"
            key={color}
            class="swatch"
            style={{ background: color }}
            aria-label={`Colour ${color}`}
            aria-pressed={tag.color === color}
            onClick={() => void recolor(color)}
          />
        ))}
        <input type="color" value={tag.color} aria-label={`Custom colour for “${tag.name}”`} onChange={(event) => void recolor(event.currentTarget.value)} />
      </fieldset>
    </li>
  );
}
