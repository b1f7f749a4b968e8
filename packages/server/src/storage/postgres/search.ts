import type { SearchSql } from '../dialog-list';

const TOKEN = /[\p{L}\p{N}]+/gu;
/** The longest query we turn into terms (as SQLite's ftsQuery). */
const MAX_TERMS = 12;

/**
 * A user's query as a tsquery text that cannot be a syntax error: letters and digits only, every
 * whitespace-separated word a phrase of its tokens (`ivan@example.com` must match in that
 * order), all words required, the last one a prefix when it has two letters or more (the
 * operator is still typing). The same rules as SQLite's (sqlite/search.ts). Null when nothing
 * searchable is left.
 */
export function tsQueryText(q: string): string | null {
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
  const prefix = [...(lastWord[lastWord.length - 1] as string)].length >= 2;
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
