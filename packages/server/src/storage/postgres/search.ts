import type { SearchSql } from '../dialog-list';
import { searchWords } from '../search-terms';

/**
 * A user's query as a tsquery text that cannot be a syntax error: letters and digits only, every
 * word a phrase of its tokens, all words required, the last one a prefix (the same rules as
 * SQLite's, see searchWords). Null when nothing searchable is left.
 */
export function tsQueryText(q: string): string | null {
  const parsed = searchWords(q);
  if (!parsed) return null;
  const { words, prefix } = parsed;
  return words
    .map((w, i) => {
      const tokens = w.map((t) => t.toLowerCase());
      if (prefix && i === words.length - 1) tokens[tokens.length - 1] += ':*';
      return tokens.length > 1 ? `(${tokens.join(' <-> ')})` : tokens[0];
    })
    .join(' & ');
}

/**
 * PostgreSQL full text (migration 0010 in postgres/search-migration.ts): GIN indexes on
 * `parley_tsv(text)` of messages and of the visitor's card, matched with `parley_tsquery(q)`
 * (ru, en, fr stems and the words as written, accents folded). ts_rank ranks each hit (negated:
 * lower is better, as the list expects); only the newest `newest` hits of each are ranked.
 */
export const pgSearch: SearchSql = {
  hits(q, projectId, newest) {
    const text = tsQueryText(q);
    if (!text) return null;
    const limit = newest === null ? '' : ' LIMIT ?';
    const cap = newest === null ? [] : [newest];
    return {
      sql: `q AS (SELECT parley_tsquery(?) AS q),
        hits (dialog_id, score) AS (
          SELECT m.dialog_id, m.score FROM (SELECT messages.dialog_id, -ts_rank(parley_tsv(messages.text), q.q) AS score
            FROM messages, q WHERE messages.project_id = ? AND parley_tsv(messages.text) @@ q.q
            ORDER BY messages.created_at DESC${limit}) AS m
          UNION ALL
          SELECT dialogs.id, v.score FROM (SELECT visitors.id, -ts_rank(parley_tsv(visitors.search), q.q) AS score
            FROM visitors, q WHERE visitors.project_id = ? AND parley_tsv(visitors.search) @@ q.q
            ORDER BY visitors.last_seen_at DESC${limit}) AS v
          JOIN dialogs ON dialogs.visitor_id = v.id)`,
      params: [text, projectId, ...cap, projectId, ...cap],
    };
  },
};
