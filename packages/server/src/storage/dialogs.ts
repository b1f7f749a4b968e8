import type { Dialect, SqlExec } from './sql';
import type { DialogRow } from './rows';

/**
 * A dialog row with what its summary and fan-out need from other tables, in the same statement:
 * the visitor's card, the assignee and the tags. Writes return it via RETURNING, so nothing is
 * read again after a commit.
 */
export interface DialogCard extends DialogRow {
  /** JSON [kind, user_id, name, email, phone] of the visitor. */
  visitor_card: string | null;
  /** JSON [id, name, avatar_file] of the assignee, or null. */
  assignee_card: string | null;
  /** JSON array of tags, sorted. */
  tags_json: string;
}

/** The card's extra columns, for `SELECT *, <these> FROM dialogs` and `RETURNING *, <these>`. */
export function cardColumns(d: Dialect): string {
  return [
    `(SELECT ${d.jsonArray('kind', 'user_id', 'name', 'email', 'phone')} FROM visitors WHERE visitors.id = dialogs.visitor_id) AS visitor_card`,
    `(SELECT ${d.jsonArray('id', 'name', 'avatar_file')} FROM operators WHERE operators.id = dialogs.assignee_id) AS assignee_card`,
    `${d.jsonGroupArray('tag', 'SELECT tag FROM dialog_tags WHERE dialog_tags.dialog_id = dialogs.id ORDER BY tag')} AS tags_json`,
  ].join(', ');
}

/** A literal SQL expression in a dialog update (the others are bound values). */
export interface Raw {
  raw: string;
}
export const raw = (sql: string): Raw => ({ raw: sql });

/** Columns a dialog write may set; anything else is a programming error, never user input. */
const SETTABLE = new Set([
  'status', 'close_status', 'closed_at', 'assignee_id', 'last_activity_at', 'rating_score', 'rating_comment', 'rated_at',
  'rating_client_id', 'unread', 'operator_read_seq', 'last_message_text', 'last_message_author', 'last_message_at',
  'last_message_has_attachments', 'custom_params',
]);

export type DialogSet = Partial<Record<string, string | number | null | Raw>>;

function setClause(set: DialogSet, params: unknown[]): string {
  return Object.keys(set).map((k) => {
    if (!SETTABLE.has(k)) throw new Error(`dialogs.${k} is not settable here`);
    const v = set[k];
    if (typeof v === 'object' && v !== null) return `${k} = ${v.raw}`;
    params.push(v);
    return `${k} = ?`;
  }).join(', ');
}

export const dialogs = {
  byId(x: SqlExec, id: string): Promise<DialogRow | undefined> {
    return x.get<DialogRow>('SELECT * FROM dialogs WHERE id = ?', [id]);
  },

  cardById(x: SqlExec, d: Dialect, id: string): Promise<DialogCard | undefined> {
    return x.get<DialogCard>(`SELECT *, ${cardColumns(d)} FROM dialogs WHERE id = ?`, [id]);
  },

  /** The visitor's latest dialog (each contact of an anonymous visitor, or the one dialog of a signed-in one). */
  latestOfVisitor(x: SqlExec, visitorId: string): Promise<DialogRow | undefined> {
    return x.get<DialogRow>('SELECT * FROM dialogs WHERE visitor_id = ? ORDER BY created_at DESC, id DESC LIMIT 1', [visitorId]);
  },

  latestCardOfVisitor(x: SqlExec, d: Dialect, visitorId: string): Promise<DialogCard | undefined> {
    return x.get<DialogCard>(
      `SELECT *, ${cardColumns(d)} FROM dialogs WHERE visitor_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`, [visitorId],
    );
  },

  /** A signed-in visitor's other dialogs, newest first. */
  otherCardsOfVisitor(x: SqlExec, d: Dialect, visitorId: string, exceptId: string, limit: number): Promise<DialogCard[]> {
    return x.all<DialogCard>(
      `SELECT *, ${cardColumns(d)} FROM dialogs WHERE visitor_id = ? AND id != ? ORDER BY created_at DESC LIMIT ?`, [visitorId, exceptId, limit],
    );
  },

  /** A new dialog, its card back. */
  insert(x: SqlExec, d: Dialect, row: DialogRow): Promise<DialogCard | undefined> {
    const cols = Object.keys(row);
    return x.get<DialogCard>(
      `INSERT INTO dialogs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING *, ${cardColumns(d)}`,
      cols.map((c) => row[c as keyof DialogRow]),
    );
  },

  /**
   * Reserves `n` seqs on the dialog (one atomic `last_seq = last_seq + n`), sets `set` and returns
   * the card: the new last_seq is the last reserved number. Every SET expression sees the row as
   * it was, so `raw('last_seq + 2')` is the new last_seq when n is 2. `status` (optional) must
   * match, or nothing is written and undefined comes back.
   */
  advance(x: SqlExec, d: Dialect, id: string, n: number, now: number, set: DialogSet, status?: 'open' | 'closed'): Promise<DialogCard | undefined> {
    const params: unknown[] = [n, now];
    const extra = setClause(set, params);
    params.push(id);
    if (status) params.push(status);
    return x.get<DialogCard>(
      `UPDATE dialogs SET last_seq = last_seq + ?, updated_at = ?${extra ? `, ${extra}` : ''} WHERE id = ?${status ? ' AND status = ?' : ''} RETURNING *, ${cardColumns(d)}`,
      params,
    );
  },

  /**
   * The common case of a visitor message in one statement: when the visitor's latest dialog is
   * open, reserve the next seq and update the list preview. Undefined when there is no open
   * latest dialog (the caller then opens or reopens one).
   */
  appendVisitorMessage(
    x: SqlExec, d: Dialect,
    p: { visitorId: string; now: number; preview: string; hasAttachments: boolean },
  ): Promise<DialogCard | undefined> {
    return x.get<DialogCard>(
      `UPDATE dialogs SET last_seq = last_seq + 1, updated_at = ?, last_activity_at = ?, last_message_text = ?,
        last_message_author = 'visitor', last_message_at = ?, last_message_has_attachments = ?, unread = unread + 1
       WHERE id = (SELECT id FROM dialogs WHERE visitor_id = ? ORDER BY created_at DESC, id DESC LIMIT 1) AND status = 'open'
       RETURNING *, ${cardColumns(d)}`,
      [p.now, p.now, p.preview, p.now, p.hasAttachments ? 1 : 0, p.visitorId],
    );
  },

  /** A change that takes no seq (read marks, custom params). */
  async update(x: SqlExec, id: string, set: DialogSet): Promise<void> {
    const params: unknown[] = [];
    const clause = setClause(set, params);
    params.push(id);
    await x.run(`UPDATE dialogs SET ${clause} WHERE id = ?`, params);
  },

  async setTags(x: SqlExec, id: string, tags: string[]): Promise<void> {
    await x.run('DELETE FROM dialog_tags WHERE dialog_id = ?', [id]);
    if (tags.length === 0) return;
    await x.run(`INSERT INTO dialog_tags (dialog_id, tag) VALUES ${tags.map(() => '(?, ?)').join(', ')}`, tags.flatMap((t) => [id, t]));
  },
};
