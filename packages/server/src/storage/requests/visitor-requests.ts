import type { SqlExec } from '../sql';
import type { DialogRow } from '../rows';

/** A dialog as a row of "My requests": the columns the status needs and its subject (the visitor's, else their first message). */
export interface RequestRow extends Pick<
  DialogRow,
  'id' | 'number' | 'status' | 'waiting_at' | 'assignee_id' | 'first_reply_at' | 'created_at' | 'updated_at' | 'closed_at' | 'rating_score' | 'rating_comment'
> {
  subject: string | null;
}

const COLUMNS = `id, number, status, waiting_at, assignee_id, first_reply_at, created_at, updated_at, closed_at, rating_score, rating_comment,
  COALESCE(dialogs.subject,
    (SELECT m.text FROM messages m WHERE m.dialog_id = dialogs.id AND m.author_kind = 'visitor' AND m.deleted_at IS NULL ORDER BY m.seq LIMIT 1)) AS subject`;

export const requestRows = {
  /** A visitor's dialogs created in [from, to), newest first (dialogs_visitor-style walk of the visitor's rows). */
  ofVisitor(x: SqlExec, visitorId: string, p: { from?: number; to?: number; limit: number }): Promise<RequestRow[]> {
    const params: unknown[] = [visitorId];
    let where = 'visitor_id = ? AND erased_at IS NULL';
    if (p.from !== undefined) {
      where += ' AND created_at >= ?';
      params.push(p.from);
    }
    if (p.to !== undefined) {
      where += ' AND created_at < ?';
      params.push(p.to);
    }
    params.push(p.limit);
    return x.all<RequestRow>(`SELECT ${COLUMNS} FROM dialogs WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, params);
  },

  one(x: SqlExec, visitorId: string, dialogId: string): Promise<RequestRow | undefined> {
    return x.get<RequestRow>(`SELECT ${COLUMNS} FROM dialogs WHERE id = ? AND visitor_id = ? AND erased_at IS NULL`, [dialogId, visitorId]);
  },
};
