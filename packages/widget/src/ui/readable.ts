import { lum, rgb } from '../core/dom';

/** WCAG contrast ratio of two colours (here, not in core/dom.ts: the loader never needs it). */
export const contrast = (a: string, b: string): number => {
  const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

/**
 * The accent as a foreground on `bg` (icons, links, focus rings): the accent itself when it reads
 * well there, else mixed towards black or white (whichever `bg` is not) until it does, so a light
 * brand colour never makes the send icon or the focus ring disappear.
 */
export function readableOn(hex: string, bg: string, min = 4.5): string {
  const c = rgb(hex);
  const to = lum(rgb(bg)) > 0.5 ? 0 : 255;
  for (let k = 0; k <= 10; k++) {
    const out =
      '#' +
      c
        .map((v) =>
          Math.round(v + ((to - v) * k) / 10)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('');
    if (contrast(out, bg) >= min) return out;
  }
  return to ? '#ffffff' : '#000000';
}
