const TOKEN = /[\p{L}\p{N}]+/gu;
/** The longest query we turn into terms (the API caps q at 200 characters anyway). */
const MAX_TERMS = 12;

/**
 * A user's search query as the words both full-text engines match (sqlite/search.ts,
 * postgres/search.ts): each whitespace-separated word as its letter-and-digit tokens (a phrase:
 * `ivan@example.com` must match in that order), at most 12 tokens in all, and whether the last
 * token is a prefix (the operator is still typing; a one-letter prefix would match much of the
 * vocabulary, so only longer ones are). Null when nothing searchable is left.
 */
export function searchWords(q: string): { words: string[][]; prefix: boolean } | null {
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
  return { words, prefix: [...(lastWord[lastWord.length - 1] as string)].length >= 2 };
}

/**
 * The indexes the list, tag, unread and retention queries walk, created by each dialect's
 * `0010_search` migration (plain SQL both run).
 */
export const LIST_INDEXES = [
  // Lists: the queues filter on status and assignee, newest first.
  'CREATE INDEX dialogs_queue ON dialogs (project_id, status, assignee_id, updated_at)',
  // Tag filter as a join; retention by age within a project.
  'CREATE INDEX dialog_tags_tag ON dialog_tags (tag, dialog_id)',
  'DROP INDEX IF EXISTS messages_created',
  'CREATE INDEX messages_project_created ON messages (project_id, created_at)',
  // Each operator's unread count (visitor messages after their read mark) and the count for
  // those without a mark are range counts over this index alone; dialog cards carry them.
  // SQLite drops it again (0027_write_pages: messages_dialog_seq covers these counts).
  "CREATE INDEX messages_visitor_seq ON messages (dialog_id, seq) WHERE author_kind = 'visitor' AND deleted_at IS NULL",
  // Every message moves the dialog's entries in the indexes on its times. Two are needed (the
  // list orders: all, per assignee); a third made SQLite's UPDATE ... RETURNING several times
  // slower (measured: 7 to 40 us). Retention finds inactive dialogs through dialogs_list.
  'DROP INDEX IF EXISTS dialogs_activity',
  'CREATE INDEX visitors_project_seen ON visitors (project_id, last_seen_at)',
  'CREATE INDEX page_visits_at ON page_visits (at)',
  'CREATE INDEX operator_sessions_expiry ON operator_sessions (expires_at)',
];
