/**
 * Which links visitors and operators may follow, one rule for the widget and the console:
 * message text links only http, https and mailto; URLs from elsewhere (a page a visitor was on,
 * a file the server serves) only http and https. Everything else (javascript:, data:, vbscript:,
 * garbage) stays plain text. Rendered as <a rel="noopener noreferrer">, never as markup.
 */

// URL is a global in every runtime protocol runs in (browsers, workers, Node); the ES2022 lib this
// package compiles against does not type it, so declare the little we use.
declare const URL: new (url: string, base?: string) => { readonly protocol: string; readonly href: string };

export const WEB_SCHEMES: readonly string[] = ['http:', 'https:'];
/** Schemes linked inside message text. */
export const TEXT_LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/**
 * `raw` as a normalised link target if its scheme is allowed (http/https by default), else null.
 * With `base`, relative URLs resolve against it (server paths); without, only absolute URLs pass.
 */
export function safeUrl(raw: unknown, opts: { base?: string; schemes?: readonly string[] } = {}): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096) return null;
  try {
    const u = opts.base === undefined ? new URL(raw) : new URL(raw, opts.base);
    return (opts.schemes ?? WEB_SCHEMES).includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** A piece of message text: plain text, or a link. */
export type TextPiece = { text: string; href?: undefined } | { text: string; href: string };

// Candidate links; each is then checked with safeUrl, so only allowed schemes survive.
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

/** Splits message text into plain pieces and http/https/mailto links. */
export function linkify(text: string): TextPiece[] {
  const out: TextPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const raw = trimTrailing(m[0]);
    const href = safeUrl(raw, { schemes: TEXT_LINK_SCHEMES });
    const start = m.index ?? 0;
    if (!href) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
