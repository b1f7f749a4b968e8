/** Minimal DOM helpers for the loader (the panel uses Preact). Text is always set as text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An inline icon from one path, decorative (hidden from assistive technology). */
export function icon(doc: Document, d: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

export const ICONS = {
  chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z',
  close: 'M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z',
} as const;

export const rgb = (hex: string): number[] => {
  const n = /^#[0-9a-f]{6}$/i.test(hex) ? parseInt(hex.slice(1), 16) : 0;
  return [n >> 16, (n >> 8) & 255, n & 255];
};
/** WCAG relative luminance of an [r, g, b] colour. */
export const lum = (c: number[]): number =>
  c.reduce((s, v, i) => {
    const x = v / 255;
    return s + (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4) * ([0.2126, 0.7152, 0.0722][i] as number);
  }, 0);

/**
 * Black or white, whichever has the higher WCAG contrast on the accent colour (at least 4.58:1).
 * White wins when 1.05 / (L + 0.05) >= (L + 0.05) / 0.05, that is (L + 0.05)² <= 0.0525: the
 * same choice as comparing both contrasts, without `contrast` (ui/readable.ts) in the loader.
 */
export function contrastOn(hex: string): '#000' | '#fff' {
  return (lum(rgb(hex)) + 0.05) ** 2 <= 0.0525 ? '#fff' : '#000';
}
