import { inList, type SqlExec } from './sql';

/**
 * Retention deletes, each bounded by `limit` rows and walking an index by age, so every batch is
 * a short write however much is due. Each returns how many rows it deleted (fewer than the limit:
 * done) and the ids of the files whose bytes must go after the commit.
 */
export interface Purged {
  rows: number;
  fileIds: string[];
}

/** A bounded DELETE that takes no files with it. */
async function rows(x: SqlExec, sql: string, params: unknown[]): Promise<Purged> {
  return { rows: (await x.run(sql, params)).changes, fileIds: [] };
}

/** Rows picked by `select` (ids), with the files that hang on them by `column`. */
async function withFiles(x: SqlExec, table: 'messages' | 'dialogs', column: 'message_id' | 'dialog_id', select: string, params: unknown[]): Promise<Purged> {
  const ids = (await x.all<{ id: string }>(select, params)).map((r) => r.id);
  if (ids.length === 0) return { rows: 0, fileIds: [] };
  const files = await x.all<{ id: string }>(`DELETE FROM files WHERE ${column} IN (${inList(ids.length)}) RETURNING id`, ids);
  const r = await x.run(`DELETE FROM ${table} WHERE id IN (${inList(ids.length)})`, ids);
  return { rows: r.changes, fileIds: files.map((f) => f.id) };
}

/** Each table's key (row values, not SQLite's rowid: PostgreSQL runs the same statements). */
const KEY = {
  events: { key: '(dialog_id, seq)', pick: 'events.dialog_id, events.seq' },
  notes: { key: 'id', pick: 'notes.id' },
} as const;

/** Rows of a dialog's table (events, notes) older than the cutoff in the project's dialogs. */
function olderInDialogs(table: 'events' | 'notes') {
  return (x: SqlExec, projectId: string, cutoff: number, limit: number) =>
    rows(
      x,
      `DELETE FROM ${table} WHERE ${KEY[table].key} IN (SELECT ${KEY[table].pick} FROM ${table} JOIN dialogs ON dialogs.id = ${table}.dialog_id
       WHERE ${table}.created_at < ? AND dialogs.project_id = ? LIMIT ?)`,
      [cutoff, projectId, limit],
    );
}

export const retention = {
  /** Messages older than the cutoff, with their files. */
  messages: (x: SqlExec, projectId: string, cutoff: number, limit: number) =>
    withFiles(x, 'messages', 'message_id', 'SELECT id FROM messages WHERE project_id = ? AND created_at < ? ORDER BY created_at LIMIT ?', [
      projectId,
      cutoff,
      limit,
    ]),

  /** Events older than the cutoff in the project's dialogs. */
  events: olderInDialogs('events'),

  notes: olderInDialogs('notes'),

  /** Uploads older than the cutoff (those attached to messages mostly went with them). */
  async files(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const deleted = await x.all<{ id: string }>(
      'DELETE FROM files WHERE id IN (SELECT id FROM files WHERE project_id = ? AND created_at < ? LIMIT ?) RETURNING id',
      [projectId, cutoff, limit],
    );
    return { rows: deleted.length, fileIds: deleted.map((r) => r.id) };
  },

  /**
   * Dialogs in which nothing happened since the cutoff (updated_at moves with every event; its
   * index serves the lists too); what is left of them goes by cascade.
   */
  dialogs: (x: SqlExec, projectId: string, cutoff: number, limit: number) =>
    withFiles(x, 'dialogs', 'dialog_id', "SELECT id FROM dialogs WHERE project_id = ? AND status IN ('open', 'closed') AND updated_at < ? LIMIT ?", [
      projectId,
      cutoff,
      limit,
    ]),

  pageVisits: (x: SqlExec, projectId: string, cutoff: number, limit: number) =>
    rows(
      x,
      `DELETE FROM page_visits WHERE id IN (SELECT page_visits.id FROM page_visits JOIN visitors ON visitors.id = page_visits.visitor_id
       WHERE page_visits.at < ? AND visitors.project_id = ? LIMIT ?)`,
      [cutoff, projectId, limit],
    ),

  /** Uploads never sent of the visitors the next step deletes. */
  async idleUploads(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const deleted = await x.all<{ id: string }>(
      `DELETE FROM files WHERE id IN (SELECT files.id FROM files JOIN visitors ON visitors.id = files.uploader_visitor_id
         WHERE visitors.project_id = ? AND visitors.last_seen_at < ? AND files.message_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM dialogs WHERE dialogs.visitor_id = visitors.id) LIMIT ?) RETURNING id`,
      [projectId, cutoff, limit],
    );
    return { rows: deleted.length, fileIds: deleted.map((r) => r.id) };
  },

  /** Visitors not seen since the cutoff who have no dialog left (tokens, devices and page visits go with them). */
  visitors: (x: SqlExec, projectId: string, cutoff: number, limit: number) =>
    rows(
      x,
      `DELETE FROM visitors WHERE id IN (SELECT id FROM visitors WHERE project_id = ? AND last_seen_at < ?
       AND NOT EXISTS (SELECT 1 FROM dialogs WHERE dialogs.visitor_id = visitors.id) LIMIT ?)`,
      [projectId, cutoff, limit],
    ),

  /**
   * Webhook events whose every delivery is older than the cutoff and none still waiting (their
   * deliveries go by cascade). Event ids sort by creation time (`evt_` + sortable id), so the
   * primary key bounds the walk: `bound` is the id prefix of the cutoff instant.
   */
  webhookEvents: (x: SqlExec, bound: string, cutoff: number, limit: number) =>
    rows(
      x,
      `DELETE FROM webhook_events WHERE id IN (SELECT e.id FROM webhook_events e WHERE e.id < ?
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND (d.created_at >= ? OR d.status = 'pending')) LIMIT ?)`,
      [bound, cutoff, limit],
    ),

  sessions: (x: SqlExec, now: number, limit: number) =>
    rows(x, 'DELETE FROM operator_sessions WHERE id_hash IN (SELECT id_hash FROM operator_sessions WHERE expires_at < ? LIMIT ?)', [now, limit]),
};
