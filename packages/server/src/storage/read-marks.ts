import type { SqlExec } from './sql';

/**
 * Each operator's read mark in a dialog (read marks are per operator: an admin glancing at a chat
 * does not read it for its assignee). Unread counts come with the dialog card (storage/dialogs.ts).
 */
export const readMarks = {
  /** Moves an operator's mark forward (never back). */
  async advance(x: SqlExec, dialogId: string, operatorId: string, seq: number): Promise<void> {
    await x.run(
      `INSERT INTO dialog_reads (dialog_id, operator_id, read_seq) VALUES (?, ?, ?)
       ON CONFLICT (dialog_id, operator_id) DO UPDATE SET read_seq =
         CASE WHEN excluded.read_seq > dialog_reads.read_seq THEN excluded.read_seq ELSE dialog_reads.read_seq END`,
      [dialogId, operatorId, seq],
    );
  },

  async of(x: SqlExec, dialogId: string, operatorId: string): Promise<number | null> {
    const r = await x.get<{ read_seq: number }>('SELECT read_seq FROM dialog_reads WHERE dialog_id = ? AND operator_id = ?', [dialogId, operatorId]);
    return r ? Number(r.read_seq) : null;
  },

  /** Has this operator written in the dialog (then their reading counts as "Read" for the visitor)? */
  async answered(x: SqlExec, dialogId: string, operatorId: string): Promise<boolean> {
    return (await x.get('SELECT 1 AS one FROM messages WHERE dialog_id = ? AND operator_id = ? LIMIT 1', [dialogId, operatorId])) !== undefined;
  },
};
