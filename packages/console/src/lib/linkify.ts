import { safeHref } from './safe-url';

export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

// http(s) URLs in running text; trailing punctuation belongs to the sentence, not the URL.
const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}»"']+$/;

/** Splits text into plain parts and http(s) links (only those safeHref accepts). */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    const raw = m[0];
    const trail = TRAILING.exec(raw)?.[0] ?? '';
    const url = raw.slice(0, raw.length - trail.length);
    const href = safeHref(url);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
