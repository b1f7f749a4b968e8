import { sql } from 'kysely';
import type { Db } from './open';
import type { ProjectRow, SecretRow } from './rows';

export async function projectRow(db: Db, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function projectIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('projects').select('id').orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
}

export async function insertProject(db: Db, row: Omit<ProjectRow, 'last_request_number'>): Promise<void> {
  await db.insertInto('projects').values(row).execute();
}

export async function updateProjectRow(db: Db, id: string, set: { name?: string; settings?: string }, now: number): Promise<void> {
  await db
    .updateTable('projects')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Everything of the project goes with it (foreign keys cascade); returns the ids of its stored files. */
export async function deleteProjectRow(db: Db, id: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const files = await trx.selectFrom('files').select('id').where('project_id', '=', id).execute();
    await trx.deleteFrom('projects').where('id', '=', id).execute();
    return files.map((f) => f.id);
  });
}

/** Unrevoked secrets, newest (the current one) first. Expired ones are filtered by the caller's clock. */
export async function liveSecrets(db: Db, projectId: string): Promise<SecretRow[]> {
  return db
    .selectFrom('project_secrets')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertSecret(db: Db, row: SecretRow): Promise<void> {
  await db.insertInto('project_secrets').values(row).execute();
}

/** Keeps only `keep` live: every other unrevoked secret of the project is revoked. */
export async function revokeSecretsExcept(db: Db, projectId: string, keep: string[], now: number): Promise<void> {
  let q = db.updateTable('project_secrets').set({ revoked_at: now }).where('project_id', '=', projectId).where('revoked_at', 'is', null);
  if (keep.length > 0) q = q.where('id', 'not in', keep);
  await q.execute();
}

export async function setSecretExpiry(db: Db, projectId: string, id: string, expiresAt: number | null): Promise<void> {
  await db.updateTable('project_secrets').set({ expires_at: expiresAt }).where('project_id', '=', projectId).where('id', '=', id).execute();
}

/** False when the project has no such live secret. */
export async function revokeSecret(db: Db, projectId: string, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('project_secrets')
    .set({ revoked_at: now })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Open dialogs with unread visitor messages, among those `assigneeIds` (null: unassigned) or all. */
/** Open dialogs with visitor messages after this operator's own read mark (read marks are per operator). */
export async function unreadDialogs(db: Db, projectId: string, operatorId: string, all: boolean): Promise<number> {
  let q = db
    .selectFrom('dialogs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('messages as m')
          .select('m.id')
          .whereRef('m.dialog_id', '=', 'dialogs.id')
          .where('m.author_kind', '=', 'visitor')
          .where('m.deleted_at', 'is', null)
          .where(sql<boolean>`m.seq > coalesce((select r.read_seq from dialog_reads r where r.dialog_id = dialogs.id and r.operator_id = ${operatorId}), 0)`),
      ),
    );
  if (!all) q = q.where((eb) => eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '=', operatorId)]));
  return Number((await q.executeTakeFirstOrThrow()).n);
}
