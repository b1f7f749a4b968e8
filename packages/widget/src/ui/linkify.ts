/** A piece of message text: plain text, or a link whose scheme is http, https or mailto. */
export type Piece = { text: string } | { text: string; href: string };

// Candidate links; each is then checked with the URL parser, so only safe schemes survive.
const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;
// Punctuation that usually ends a sentence rather than a URL.
const TRAILING = '.,;:!?\'")]}»';

/** Drops sentence punctuation after a URL, keeping a ")" that closes a "(" inside it. */
function trimTrailing(raw: string): string {
  let s = raw;
  while (s.length > 0 && TRAILING.includes(s[s.length - 1] ?? '')) {
    if (s.endsWith(')') && s.split('(').length > s.split(')').length - 1) break;
    s = s.slice(0, -1);
  }
  return s;
}

export function linkify(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const raw = trimTrailing(m[0]);
    const href = safeHref(raw);
    const start = m.index ?? 0;
    if (!href) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The URL if its scheme is http, https or mailto; null otherwise. */
export function safeHref(raw: string, base?: string): string | null {
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}
