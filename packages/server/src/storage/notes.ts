import type { SqlExec } from './sql';
import type { NoteRow } from './rows';

/** Operators' notes: beside the visitor's event sequence, never part of it. */
export const notes = {
  async insert(x: SqlExec, n: NoteRow): Promise<void> {
    await x.run('INSERT INTO notes (id, dialog_id, operator_id, text, created_at) VALUES (?, ?, ?, ?, ?)', [
      n.id,
      n.dialog_id,
      n.operator_id,
      n.text,
      n.created_at,
    ]);
  },

  /** Notes written in [from, to) (to: open-ended when absent), oldest first. */
  between(x: SqlExec, dialogId: string, from: number, to?: number): Promise<NoteRow[]> {
    return to === undefined
      ? x.all<NoteRow>('SELECT * FROM notes WHERE dialog_id = ? AND created_at >= ? ORDER BY created_at, id', [dialogId, from])
      : x.all<NoteRow>('SELECT * FROM notes WHERE dialog_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id', [dialogId, from, to]);
  },
};
