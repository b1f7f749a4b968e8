import { inList, type SqlExec } from './sql';
import type { FileRow, MessageRow } from './rows';

const MESSAGE_COLUMNS = [
  'id',
  'project_id',
  'dialog_id',
  'seq',
  'client_id',
  'author_kind',
  'operator_id',
  'visitor_id',
  'device_id',
  'text',
  'created_at',
  'edited_at',
  'deleted_at',
  'channel',
] as const;
// Every column of the row, checked by the compiler: a column added by a migration and missing here would not be written.
const allMessageColumns: Exclude<keyof MessageRow, (typeof MESSAGE_COLUMNS)[number]> extends never ? true : never = true;
void allMessageColumns;
const INSERT_MESSAGE = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${inList(MESSAGE_COLUMNS.length)})`;
const SELECT_MESSAGE = `SELECT ${MESSAGE_COLUMNS.join(', ')} FROM messages`;

/** Messages (full-text indexed by the database in the same transaction) and their files. */
export const messages = {
  byClientId(x: SqlExec, projectId: string, clientId: string): Promise<MessageRow | undefined> {
    return x.get<MessageRow>(`${SELECT_MESSAGE} WHERE project_id = ? AND client_id = ?`, [projectId, clientId]);
  },

  byId(x: SqlExec, id: string): Promise<MessageRow | undefined> {
    return x.get<MessageRow>(`${SELECT_MESSAGE} WHERE id = ?`, [id]);
  },

  byIds(x: SqlExec, ids: readonly string[]): Promise<MessageRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return x.all<MessageRow>(`${SELECT_MESSAGE} WHERE id IN (${inList(ids.length)})`, ids);
  },

  async insert(x: SqlExec, m: MessageRow): Promise<void> {
    await x.run(
      INSERT_MESSAGE,
      MESSAGE_COLUMNS.map((c) => m[c]),
    );
  },

  /** A page by seq, newest first: seq < before (or the latest), limit rows. */
  pageDesc(x: SqlExec, dialogId: string, limit: number, before?: number): Promise<MessageRow[]> {
    return before === undefined
      ? x.all<MessageRow>(`${SELECT_MESSAGE} WHERE dialog_id = ? ORDER BY seq DESC LIMIT ?`, [dialogId, limit])
      : x.all<MessageRow>(`${SELECT_MESSAGE} WHERE dialog_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`, [dialogId, before, limit]);
  },

  /** The latest message not deleted (the list preview follows edits and deletes). */
  latestShown(x: SqlExec, dialogId: string): Promise<(MessageRow & { has_files: number }) | undefined> {
    return x.get(
      `SELECT ${MESSAGE_COLUMNS.join(', ')}, EXISTS (SELECT 1 FROM files WHERE files.message_id = messages.id) AS has_files
       FROM messages WHERE dialog_id = ? AND deleted_at IS NULL ORDER BY seq DESC LIMIT 1`,
      [dialogId],
    );
  },

  async setText(x: SqlExec, id: string, text: string, editedAt: number): Promise<void> {
    await x.run('UPDATE messages SET text = ?, edited_at = ? WHERE id = ?', [text, editedAt, id]);
  },

  async markDeleted(x: SqlExec, id: string, at: number): Promise<void> {
    await x.run("UPDATE messages SET text = '', deleted_at = ? WHERE id = ?", [at, id]);
  },
};

export const files = {
  /** Uploads of this project not yet attached to a message. */
  unbound(x: SqlExec, projectId: string, ids: readonly string[]): Promise<FileRow[]> {
    return x.all<FileRow>(`SELECT * FROM files WHERE id IN (${inList(ids.length)}) AND project_id = ? AND message_id IS NULL`, [...ids, projectId]);
  },

  async bind(x: SqlExec, ids: readonly string[], messageId: string, dialogId: string): Promise<void> {
    await x.run(`UPDATE files SET message_id = ?, dialog_id = ? WHERE id IN (${inList(ids.length)})`, [messageId, dialogId, ...ids]);
  },

  ofMessages(x: SqlExec, messageIds: readonly string[]): Promise<FileRow[]> {
    if (messageIds.length === 0) return Promise.resolve([]);
    return x.all<FileRow>(`SELECT * FROM files WHERE message_id IN (${inList(messageIds.length)}) ORDER BY created_at, id`, messageIds);
  },

  /** Deletes a message's file rows; returns their ids (the bytes go after commit). */
  async deleteOfMessage(x: SqlExec, messageId: string): Promise<string[]> {
    const rows = await x.all<{ id: string }>('DELETE FROM files WHERE message_id = ? RETURNING id', [messageId]);
    return rows.map((r) => r.id);
  },
};
