import type { SearchSql } from '../dialog-list';
import { searchWords } from '../search-terms';

/**
 * A user's query as an FTS5 expression that cannot be a syntax error: every word a phrase of its
 * tokens, all phrases required, the last one a prefix (see searchWords). Null when nothing
 * searchable is left.
 */
export function ftsQuery(q: string): string | null {
  const parsed = searchWords(q);
  if (!parsed) return null;
  const { words, prefix } = parsed;
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
