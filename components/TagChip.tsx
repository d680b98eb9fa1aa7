import { textColorOn } from '@/lib/tags/colors';

interface Props {
  name: string;
  color: string;
}

/** A tag as the page shows it: its name, as text, on its colour. */
export function TagChip({ name, color }: Props) {
  return (
    <span class="tag-chip" data-paperlight="tag" style={{ background: color, color: textColorOn(color) }}>
      {name}
    </span>
  );
}
