import { inList, type SqlExec } from './sql';

/**
 * Retention deletes, each bounded by `limit` rows and walking an index by age, so every batch is
 * a short write however much is due. Each returns how many rows it deleted (0: done) and the ids
 * of the files whose bytes must go after the commit.
 */
export interface Purged {
  rows: number;
  fileIds: string[];
}

async function deleteFilesOf(x: SqlExec, column: 'message_id' | 'dialog_id', ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await x.all<{ id: string }>(`DELETE FROM files WHERE ${column} IN (${inList(ids.length)}) RETURNING id`, ids);
  return rows.map((r) => r.id);
}

export const retention = {
  /** Messages older than the cutoff, with their files. */
  async messages(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const ids = (await x.all<{ id: string }>(
      'SELECT id FROM messages WHERE project_id = ? AND created_at < ? ORDER BY created_at LIMIT ?', [projectId, cutoff, limit],
    )).map((r) => r.id);
    if (ids.length === 0) return { rows: 0, fileIds: [] };
    const fileIds = await deleteFilesOf(x, 'message_id', ids);
    const r = await x.run(`DELETE FROM messages WHERE id IN (${inList(ids.length)})`, ids);
    return { rows: r.changes, fileIds };
  },

  /** Events older than the cutoff in the project's dialogs. */
  async events(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const r = await x.run(
      `DELETE FROM events WHERE rowid IN (SELECT events.rowid FROM events JOIN dialogs ON dialogs.id = events.dialog_id
         WHERE events.created_at < ? AND dialogs.project_id = ? LIMIT ?)`,
      [cutoff, projectId, limit],
    );
    return { rows: r.changes, fileIds: [] };
  },

  async notes(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const r = await x.run(
      `DELETE FROM notes WHERE id IN (SELECT notes.id FROM notes JOIN dialogs ON dialogs.id = notes.dialog_id
         WHERE notes.created_at < ? AND dialogs.project_id = ? LIMIT ?)`,
      [cutoff, projectId, limit],
    );
    return { rows: r.changes, fileIds: [] };
  },

  /** Uploads older than the cutoff that no message kept (attached ones went with their messages). */
  async files(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const rows = await x.all<{ id: string }>(
      'DELETE FROM files WHERE id IN (SELECT id FROM files WHERE project_id = ? AND created_at < ? LIMIT ?) RETURNING id', [projectId, cutoff, limit],
    );
    return { rows: rows.length, fileIds: rows.map((r) => r.id) };
  },

  /**
   * Dialogs in which nothing happened since the cutoff (updated_at moves with every event; its
   * index serves the lists too); what is left of them goes by cascade.
   */
  async dialogs(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const ids = (await x.all<{ id: string }>(
      "SELECT id FROM dialogs WHERE project_id = ? AND status IN ('open', 'closed') AND updated_at < ? LIMIT ?", [projectId, cutoff, limit],
    )).map((r) => r.id);
    if (ids.length === 0) return { rows: 0, fileIds: [] };
    const fileIds = await deleteFilesOf(x, 'dialog_id', ids);
    const r = await x.run(`DELETE FROM dialogs WHERE id IN (${inList(ids.length)})`, ids);
    return { rows: r.changes, fileIds };
  },

  async pageVisits(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const r = await x.run(
      `DELETE FROM page_visits WHERE rowid IN (SELECT page_visits.rowid FROM page_visits JOIN visitors ON visitors.id = page_visits.visitor_id
         WHERE page_visits.at < ? AND visitors.project_id = ? LIMIT ?)`,
      [cutoff, projectId, limit],
    );
    return { rows: r.changes, fileIds: [] };
  },

  /** Visitors not seen since the cutoff who have no dialog left (tokens, devices and page visits go with them). */
  async visitors(x: SqlExec, projectId: string, cutoff: number, limit: number): Promise<Purged> {
    const r = await x.run(
      `DELETE FROM visitors WHERE id IN (SELECT id FROM visitors WHERE project_id = ? AND last_seen_at < ?
         AND NOT EXISTS (SELECT 1 FROM dialogs WHERE dialogs.visitor_id = visitors.id) LIMIT ?)`,
      [projectId, cutoff, limit],
    );
    return { rows: r.changes, fileIds: [] };
  },

  async sessions(x: SqlExec, now: number, limit: number): Promise<Purged> {
    const r = await x.run('DELETE FROM operator_sessions WHERE id_hash IN (SELECT id_hash FROM operator_sessions WHERE expires_at < ? LIMIT ?)', [now, limit]);
    return { rows: r.changes, fileIds: [] };
  },
};
