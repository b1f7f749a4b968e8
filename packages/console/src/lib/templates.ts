import type { Template } from '@parley/protocol';

/** Lower case, no diacritics, ё as е: "Ёлка" finds "елка", "Résumé" finds "resume". */
export function normalize(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ё/g, 'е');
}

function words(s: string): string[] {
  return normalize(s)
    .split(/[^\p{L}\p{N}_-]+/u)
    .filter(Boolean);
}

/**
 * Templates matching a search ("поиск работает как по названиям шаблонов, так и по словам,
 * содержащимся в них"): every word of the query must start a word of the title, shortcut or text.
 * Title matches rank first, then shortcut, then text; ties keep the given order.
 */
export function searchTemplates(templates: readonly Template[], query: string): Template[] {
  const q = words(query);
  if (q.length === 0) return [...templates];
  const scored: { t: Template; score: number; i: number }[] = [];
  templates.forEach((t, i) => {
    const title = words(t.title);
    const shortcut = t.shortcut ? [normalize(t.shortcut)] : [];
    const text = words(t.text);
    let score = 0;
    for (const w of q) {
      const has = (list: string[]) => list.some((x) => x.startsWith(w));
      if (has(title)) score += 3;
      else if (has(shortcut)) score += 2;
      else if (has(text)) score += 1;
      else return;
    }
    scored.push({ t, score, i });
  });
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((s) => s.t);
}

export interface ShortcutQuery {
  /** Index of the "." that opened the query. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  /** What follows the dot, possibly empty. */
  query: string;
}

const SHORTCUT_CHARS = /^[\p{L}\p{N}_-]*$/u;

/**
 * The shortcut being typed at the caret: a "." at the start of the text or after white space,
 * followed by shortcut characters up to the caret. "Hello .pri|" is one; "end.|" and "1.5|" are not.
 */
export function shortcutAt(text: string, caret: number): ShortcutQuery | null {
  const before = text.slice(0, caret);
  const dot = before.lastIndexOf('.');
  if (dot < 0) return null;
  if (dot > 0 && !/\s/.test(before[dot - 1]!)) return null;
  const query = before.slice(dot + 1);
  if (!SHORTCUT_CHARS.test(query) || query.length > 32) return null;
  return { start: dot, end: caret, query };
}

/** Templates offered for a shortcut query: shortcut prefix matches first, then title matches. */
export function shortcutSuggestions(templates: readonly Template[], query: string, limit = 8): Template[] {
  const q = normalize(query);
  const byShortcut = templates.filter((t) => t.shortcut && normalize(t.shortcut).startsWith(q));
  const exact = byShortcut.filter((t) => normalize(t.shortcut ?? '') === q);
  const rest = byShortcut.filter((t) => !exact.includes(t));
  const byTitle = q === '' ? [] : templates.filter((t) => !byShortcut.includes(t) && words(t.title).some((w) => w.startsWith(q)));
  return [...exact, ...rest, ...byTitle].slice(0, limit);
}

/** Replaces the typed ".query" with the template's text; returns the new text and caret. */
export function insertTemplate(text: string, at: ShortcutQuery, templateText: string): { text: string; caret: number } {
  const next = text.slice(0, at.start) + templateText + text.slice(at.end);
  return { text: next, caret: at.start + templateText.length };
}
