import { sql } from 'kysely';
import type { Db } from '../storage/open';

/**
 * Read marks are per operator: an admin glancing at a chat does not read it for its assignee.
 * Unread = the visitor's (undeleted) messages after the operator's own mark.
 */
export async function unreadFor(db: Db, dialogIds: readonly string[], operatorId: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (dialogIds.length === 0) return out;
  const rows = await db.selectFrom('messages as m')
    .leftJoin('dialog_reads as r', (j) => j.onRef('r.dialog_id', '=', 'm.dialog_id').on('r.operator_id', '=', operatorId))
    .select(['m.dialog_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.dialog_id', 'in', [...dialogIds]).where('m.author_kind', '=', 'visitor').where('m.deleted_at', 'is', null)
    .where(sql<boolean>`m.seq > coalesce(r.read_seq, 0)`)
    .groupBy('m.dialog_id')
    .execute();
  for (const r of rows) out.set(r.dialog_id, Number(r.n));
  return out;
}

/** Unread counts of one dialog for every operator with a mark, and for those without one. */
export interface UnreadMap {
  byOperator: Record<string, number>;
  none: number;
}

export async function unreadMap(db: Db, dialogId: string): Promise<UnreadMap> {
  const marks = await db.selectFrom('dialog_reads').select(['operator_id', 'read_seq']).where('dialog_id', '=', dialogId).execute();
  const seqs = await db.selectFrom('messages').select('seq').where('dialog_id', '=', dialogId)
    .where('author_kind', '=', 'visitor').where('deleted_at', 'is', null).orderBy('seq').execute();
  const list = seqs.map((s) => Number(s.seq));
  const after = (seq: number) => list.filter((s) => s > seq).length;
  const byOperator: Record<string, number> = {};
  for (const m of marks) byOperator[m.operator_id] = after(Number(m.read_seq));
  return { byOperator, none: list.length };
}

/** Moves an operator's mark forward (never back). */
export async function advanceRead(db: Db, dialogId: string, operatorId: string, seq: number): Promise<void> {
  await db.insertInto('dialog_reads').values({ dialog_id: dialogId, operator_id: operatorId, read_seq: seq })
    .onConflict((oc) => oc.columns(['dialog_id', 'operator_id']).doUpdateSet({
      read_seq: sql`case when excluded.read_seq > dialog_reads.read_seq then excluded.read_seq else dialog_reads.read_seq end`,
    }))
    .execute();
}
