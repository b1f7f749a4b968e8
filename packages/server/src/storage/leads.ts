import type { Db } from './open';
import type { LeadRow } from './rows';

export async function listLeads(db: Db, projectId: string, q: { kind?: string | undefined; status?: string | undefined }): Promise<LeadRow[]> {
  let query = db.selectFrom('leads').selectAll().where('project_id', '=', projectId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
}

/** The updated lead, or undefined when the project has no such lead. */
export async function setLeadStatus(db: Db, projectId: string, id: string, status: string, now: number): Promise<LeadRow | undefined> {
  const r = await db.updateTable('leads').set({ status, updated_at: now }).where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
}
