import { inList, type SqlExec } from './sql';
import type { EventRow } from './rows';

const COLUMNS = '(dialog_id, seq, type, payload, message_id, created_at)';
const ROW = `(${inList(6)})`;
/** The insert of one row, the common case, as one constant text (the statement cache's key). */
const INSERT_ONE = `INSERT INTO events ${COLUMNS} VALUES ${ROW}`;

/** The per-dialog event sequence (what resumes replay). */
export const events = {
  async insert(x: SqlExec, rows: readonly EventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await x.run(
      rows.length === 1 ? INSERT_ONE : `INSERT INTO events ${COLUMNS} VALUES ${rows.map(() => ROW).join(', ')}`,
      rows.flatMap((r) => [r.dialog_id, r.seq, r.type, r.payload, r.message_id, r.created_at]),
    );
  },

  /** Events with seq in (after, upto], ascending. */
  after(x: SqlExec, dialogId: string, after: number, limit: number, upto?: number): Promise<EventRow[]> {
    return upto === undefined
      ? x.all<EventRow>('SELECT * FROM events WHERE dialog_id = ? AND seq > ? ORDER BY seq LIMIT ?', [dialogId, after, limit])
      : x.all<EventRow>('SELECT * FROM events WHERE dialog_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?', [dialogId, after, upto, limit]);
  },

  /** Events of the given types with lo <= seq < hi (the operator timeline's lifecycle marks). */
  ofTypesBetween(x: SqlExec, dialogId: string, types: readonly string[], lo: number, hi: number): Promise<EventRow[]> {
    return x.all<EventRow>(`SELECT * FROM events WHERE dialog_id = ? AND type IN (${inList(types.length)}) AND seq >= ? AND seq < ? ORDER BY seq`, [
      dialogId,
      ...types,
      lo,
      hi,
    ]);
  },

  async createdAt(x: SqlExec, dialogId: string, seq: number): Promise<number | undefined> {
    const r = await x.get<{ created_at: number }>('SELECT created_at FROM events WHERE dialog_id = ? AND seq = ?', [dialogId, seq]);
    return r?.created_at;
  },

  /** The first stored seq after `seq` (a resume gap is exact only if it is seq + 1). */
  async firstAfter(x: SqlExec, dialogId: string, seq: number): Promise<number | undefined> {
    const r = await x.get<{ seq: number }>('SELECT seq FROM events WHERE dialog_id = ? AND seq > ? ORDER BY seq LIMIT 1', [dialogId, seq]);
    return r?.seq;
  },
};
