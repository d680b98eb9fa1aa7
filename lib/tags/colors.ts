/**
 * Tag colours. A chip is the tag's colour with black or white text, whichever contrasts more, so
 * any colour (the palette's or one the user picks) gives text contrast of at least 4.5:1, on the
 * site's light and dark themes alike; the palette's colours are also told apart from both page
 * backgrounds. The same colour is used wherever the tag appears.
 */

/** Distinct hues, mid-dark enough to carry white text and to stand out on white and near-black. */
export const PALETTE = [
  '#2563eb', // blue
  '#dc2626', // red
  '#16a34a', // green
  '#9333ea', // purple
  '#ea580c', // orange
  '#0891b2', // cyan
  '#db2777', // pink
  '#ca8a04', // yellow
  '#4f46e5', // indigo
  '#0d9488', // teal
  '#65a30d', // lime
  '#64748b', // slate
] as const;

/** The page backgrounds of the site's themes (`html` and `html.dark`). */
export const THEME_BACKGROUNDS = { light: '#ffffff', dark: '#0b0f19' } as const;

export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The chip's text colour on `background`: black or white, whichever contrasts more (≥ 4.58:1). */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  return contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** A colour for a new tag: the palette colour fewest existing tags use, earliest on ties. */
export function pickColor(used: Iterable<string>): string {
  const counts = new Map<string, number>(PALETTE.map((color) => [color, 0]));
  for (const color of used) {
    const key = color.toLowerCase();
    if (counts.has(key)) counts.set(key, counts.get(key)! + 1);
  }
  let best: string = PALETTE[0];
  for (const color of PALETTE) if (counts.get(color)! < counts.get(best)!) best = color;
  return best;
}
