/** Text colour that stays readable on a tag's background (WCAG relative luminance, AA for small text). */
export function readableOn(hex: string): '#000000' | '#ffffff' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000000';
  const lin = (c: string) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(m[1] as string) + 0.7152 * lin(m[2] as string) + 0.0722 * lin(m[3] as string);
  // Contrast with black is (l + .05) / .05, with white 1.05 / (l + .05): pick the larger.
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** Inline style of a coloured tag chip (set through CSSOM, which the strict CSP allows). */
export function tagStyle(color: string | null): Record<string, string> | undefined {
  return color ? { background: color, color: readableOn(color) } : undefined;
}
