import type { SearchSql } from '../dialog-list';

const TOKEN = /[\p{L}\p{N}]+/gu;
/** The longest query we turn into terms (the API caps q at 200 characters anyway). */
const MAX_TERMS = 12;

/**
 * A user's query as an FTS5 expression that cannot be a syntax error: every whitespace-separated
 * word becomes a phrase of its tokens (so `ivan@example.com` must match in that order), all
 * phrases must match, and the last one matches as a prefix (the operator is still typing).
 * Null when nothing searchable is left.
 */
export function ftsQuery(q: string): string | null {
  const words: string[][] = [];
  let terms = 0;
  for (const word of q.trim().split(/\s+/)) {
    const tokens = (word.match(TOKEN) ?? []).slice(0, MAX_TERMS - terms);
    if (tokens.length === 0) continue;
    words.push(tokens);
    terms += tokens.length;
    if (terms >= MAX_TERMS) break;
  }
  if (words.length === 0) return null;
  const lastWord = words[words.length - 1] as string[];
  // A one-letter prefix would match a good part of the vocabulary: only longer ones are prefixes.
  const prefix = [...(lastWord[lastWord.length - 1] as string)].length >= 2;
  return words.map((w, i) => `"${w.join(' ')}"${prefix && i === words.length - 1 ? '*' : ''}`).join(' ');
}

/**
 * SQLite FTS5 over message text and the visitor's card (name, email, phone, user id, custom
 * params). bm25 ranks each hit (lower is better); a dialog's score is its best hit. The newest
 * hits come straight from the index (rowids grow with time; FTS5 walks them backwards and stops),
 * so only those are ranked.
 */
export const sqliteSearch: SearchSql = {
  hits(q, projectId, newest) {
    const expr = ftsQuery(q);
    if (!expr) return null;
    const limit = newest === null ? '' : ' ORDER BY rowid DESC LIMIT ?';
    const cap = newest === null ? [] : [newest];
    return {
      sql: `hits (dialog_id, score) AS (
          SELECT messages.dialog_id, m.rank FROM (SELECT rowid, rank FROM messages_fts WHERE messages_fts MATCH ?${limit}) AS m
          JOIN messages ON messages.n = m.rowid WHERE messages.project_id = ?
          UNION ALL
          SELECT dialogs.id, v.rank FROM (SELECT rowid, rank FROM visitors_fts WHERE visitors_fts MATCH ?${limit}) AS v
          JOIN visitors ON visitors.n = v.rowid JOIN dialogs ON dialogs.visitor_id = visitors.id WHERE visitors.project_id = ?)`,
      params: [expr, ...cap, projectId, expr, ...cap, projectId],
    };
  },
};
