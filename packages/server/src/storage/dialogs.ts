import type { Dialect, SqlExec } from './sql';
import type { DialogRow } from './rows';

/**
 * A dialog row with what its summary and fan-out need from other tables, in the same statement:
 * the visitor's card, the assignee, the tags and the unread counts. Writes return it via
 * RETURNING, so nothing is read again after a commit.
 */
export interface DialogCard extends DialogRow {
  /** JSON [kind, user_id, name, email, phone, location, blocked_at] of the visitor. */
  visitor_card: string | null;
  /** JSON [id, name, avatar_file] of the assignee, or null. */
  assignee_card: string | null;
  /** JSON array of tags, sorted. */
  tags_json: string;
  /** JSON [[operator_id, unread], ...]: each read mark's count of visitor messages after it. */
  reads_json: string;
  /** The visitor's (undeleted) messages: the unread count of an operator without a mark. */
  unread_none: number;
}

/**
 * The visitor's messages counted as unread: counted from an index alone (SQLite: messages_dialog_seq
 * carries author_kind and deleted_at; PostgreSQL: the partial index messages_visitor_seq).
 */
const VISITOR_MESSAGES = "m.dialog_id = dialogs.id AND m.author_kind = 'visitor' AND m.deleted_at IS NULL";

/**
 * One value per dialect, built on first use. The write path's SQL texts are built this way:
 * statement caches key on the text, and a text built anew for every message is hashed anew for
 * every lookup (about 2 KB for the card's columns).
 */
function perDialect<T>(build: (d: Dialect) => T): (d: Dialect) => T {
  const built = new WeakMap<Dialect, T>();
  return (d) => {
    let v = built.get(d);
    if (v === undefined) {
      v = build(d);
      built.set(d, v);
    }
    return v;
  };
}

/** The card's extra columns, for `SELECT *, <these> FROM dialogs` and `RETURNING *, <these>`. */
export const cardColumns = perDialect((d) =>
  [
    `(SELECT ${d.jsonArray('kind', 'user_id', 'name', 'email', 'phone', 'location', 'blocked_at')} FROM visitors WHERE visitors.id = dialogs.visitor_id) AS visitor_card`,
    `(SELECT ${d.jsonArray('id', 'name', 'avatar_file')} FROM operators WHERE operators.id = dialogs.assignee_id) AS assignee_card`,
    `${d.jsonGroupArray('tag', 'SELECT tag FROM dialog_tags WHERE dialog_tags.dialog_id = dialogs.id ORDER BY tag')} AS tags_json`,
    `${d.jsonGroupArray(
      d.jsonArray('operator_id', 'n'),
      `SELECT r.operator_id, (SELECT count(*) FROM messages m WHERE ${VISITOR_MESSAGES} AND m.seq > r.read_seq) AS n
      FROM dialog_reads r WHERE r.dialog_id = dialogs.id ORDER BY r.operator_id`,
    )} AS reads_json`,
    `${d.visitorMessages ?? `(SELECT count(*) FROM messages m WHERE ${VISITOR_MESSAGES})`} AS unread_none`,
  ].join(', '),
);

/** A literal SQL expression in a dialog update (the others are bound values). */
export interface Raw {
  raw: string;
}
export const raw = (sql: string): Raw => ({ raw: sql });

/**
 * A visitor's dialogs, their current one first: the one continued from "My requests" or created
 * last (issue 19). Every "the visitor's latest dialog" read orders by this.
 */
const CURRENT_FIRST = 'COALESCE(continued_at, created_at) DESC, created_at DESC, id DESC';

/** Columns a dialog write may set; anything else is a programming error, never user input. */
const SETTABLE = new Set([
  'status',
  'close_status',
  'closed_at',
  'assignee_id',
  'last_activity_at',
  'rating_score',
  'rating_comment',
  'rated_at',
  'rating_client_id',
  'unread',
  'operator_read_seq',
  'last_message_text',
  'last_message_author',
  'last_message_at',
  'last_message_has_attachments',
  'custom_params',
  'group_id',
  'first_reply_at',
  'waiting_at',
  'continued_at',
]);

export type DialogSet = Partial<Record<string, string | number | null | Raw>>;

function setClause(set: DialogSet, params: unknown[]): string {
  return Object.keys(set)
    .map((k) => {
      if (!SETTABLE.has(k)) throw new Error(`dialogs.${k} is not settable here`);
      const v = set[k];
      if (typeof v === 'object' && v !== null) return `${k} = ${v.raw}`;
      params.push(v);
      return `${k} = ?`;
    })
    .join(', ');
}

/** appendVisitorMessage's statement per dialect: [without, with] the client-id check. */
const appendSql = perDialect((d): [string, string] => {
  const text = (check: boolean) =>
    `UPDATE dialogs SET last_seq = last_seq + 1, updated_at = ?, last_activity_at = ?, last_message_text = ?,
        last_message_author = 'visitor', last_message_at = ?, last_message_has_attachments = ?, unread = unread + 1, waiting_at = NULL
       WHERE id = (SELECT id FROM dialogs WHERE visitor_id = ? ORDER BY ${CURRENT_FIRST} LIMIT 1) AND status = 'open'
         AND (SELECT blocked_at FROM visitors WHERE visitors.id = dialogs.visitor_id) IS NULL${
           check ? '\n         AND NOT EXISTS (SELECT 1 FROM messages WHERE messages.project_id = ? AND messages.client_id = ?)' : ''
         }
       RETURNING *, ${cardColumns(d)}`;
  return [text(false), text(true)];
});

export const dialogs = {
  byId(x: SqlExec, id: string): Promise<DialogRow | undefined> {
    return x.get<DialogRow>('SELECT * FROM dialogs WHERE id = ?', [id]);
  },

  /**
   * An operator send's first read, one statement: the dialog and the id of the message that
   * already carries this client id in the project, if any.
   */
  byIdWithClientId(x: SqlExec, id: string, projectId: string, clientId: string): Promise<(DialogRow & { dup_id: string | null }) | undefined> {
    return x.get<DialogRow & { dup_id: string | null }>(
      'SELECT *, (SELECT m.id FROM messages m WHERE m.project_id = ? AND m.client_id = ?) AS dup_id FROM dialogs WHERE id = ?',
      [projectId, clientId, id],
    );
  },

  cardById(x: SqlExec, d: Dialect, id: string): Promise<DialogCard | undefined> {
    return x.get<DialogCard>(`SELECT *, ${cardColumns(d)} FROM dialogs WHERE id = ?`, [id]);
  },

  /** The visitor's latest dialog (each contact of an anonymous visitor, or the one dialog of a signed-in one). */
  latestOfVisitor(x: SqlExec, visitorId: string): Promise<DialogRow | undefined> {
    return x.get<DialogRow>(`SELECT * FROM dialogs WHERE visitor_id = ? ORDER BY ${CURRENT_FIRST} LIMIT 1`, [visitorId]);
  },

  latestCardOfVisitor(x: SqlExec, d: Dialect, visitorId: string): Promise<DialogCard | undefined> {
    return x.get<DialogCard>(`SELECT *, ${cardColumns(d)} FROM dialogs WHERE visitor_id = ? ORDER BY ${CURRENT_FIRST} LIMIT 1`, [visitorId]);
  },

  /** A visitor's dialogs, newest first. */
  cardsOfVisitor(x: SqlExec, d: Dialect, visitorId: string, limit: number): Promise<DialogCard[]> {
    return x.all<DialogCard>(`SELECT *, ${cardColumns(d)} FROM dialogs WHERE visitor_id = ? ORDER BY created_at DESC LIMIT ?`, [visitorId, limit]);
  },

  /** A signed-in visitor's other dialogs, newest first. */
  async otherCardsOfVisitor(x: SqlExec, d: Dialect, visitorId: string, exceptId: string, limit: number): Promise<DialogCard[]> {
    return (await dialogs.cardsOfVisitor(x, d, visitorId, limit + 1)).filter((c) => c.id !== exceptId).slice(0, limit);
  },

  /**
   * A new dialog, its card back. Its request number is the project's next (the counter moves in
   * this same transaction, so a rolled-back dialog takes no number and none is ever given twice).
   */
  async insert(x: SqlExec, d: Dialect, row: DialogRow): Promise<DialogCard | undefined> {
    const n = await x.get<{ n: number }>('UPDATE projects SET last_request_number = last_request_number + 1 WHERE id = ? RETURNING last_request_number AS n', [
      row.project_id,
    ]);
    if (!n) throw new Error(`no project ${row.project_id}`);
    const full = { ...row, number: Number(n.n) };
    const cols = Object.keys(full);
    return x.get<DialogCard>(
      `INSERT INTO dialogs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING *, ${cardColumns(d)}`,
      cols.map((c) => full[c as keyof DialogRow]),
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
   * open (and they are not blocked), reserve the next seq, update the list preview and take off
   * the "waiting for the client" mark (the client answered). Undefined
   * otherwise (the caller then finds out which, and opens or reopens one). The card's unread
   * counts do not include this message yet (it is inserted next).
   *
   * `unlessClientId`: also undefined when the project already has a message with this client id
   * (a resend: the caller then looks it up), so a new message needs no statement of its own for
   * that check (one round trip less per message on PostgreSQL).
   */
  appendVisitorMessage(
    x: SqlExec,
    d: Dialect,
    p: { visitorId: string; now: number; preview: string; hasAttachments: boolean; unlessClientId?: { projectId: string; clientId: string } },
  ): Promise<DialogCard | undefined> {
    const unless = p.unlessClientId;
    const params = [p.now, p.now, p.preview, p.now, p.hasAttachments ? 1 : 0, p.visitorId];
    if (unless) params.push(unless.projectId, unless.clientId);
    return x.get<DialogCard>(appendSql(d)[unless ? 1 : 0], params);
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
    await x.run(
      `INSERT INTO dialog_tags (dialog_id, tag) VALUES ${tags.map(() => '(?, ?)').join(', ')}`,
      tags.flatMap((t) => [id, t]),
    );
  },
};
