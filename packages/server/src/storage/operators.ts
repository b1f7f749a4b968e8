import type { Db } from './open';
import type { Insertable } from 'kysely';
import type { OperatorRow } from './rows';
import type { OperatorsTable } from './schema';

/** Operator accounts, their sessions and password resets: the only place that reads or writes those tables. */

export async function operatorByEmail(db: Db, email: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('email', '=', email).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function operatorById(db: Db, id: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** Including removed operators (their messages still name them). */
export async function anyOperatorById(db: Db, id: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Accounts with a workspace role ('owner' | 'admin'): members of every project. */
export async function workspaceAdmins(db: Db): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().where('workspace_role', 'is not', null).where('deleted_at', 'is', null).execute();
}

export async function ownerExists(db: Db): Promise<boolean> {
  const r = await db.selectFrom('operators').select('id').where('workspace_role', '=', 'owner').where('deleted_at', 'is', null).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function insertOperator(db: Db, row: Insertable<OperatorsTable>): Promise<void> {
  await db.insertInto('operators').values(row).execute();
}

export type OperatorPatch = Partial<Pick<OperatorRow, 'name' | 'email' | 'status' | 'password_hash' | 'avatar_file' | 'workspace_role' | 'prefs'>>;

export async function updateOperator(db: Db, id: string, set: OperatorPatch): Promise<void> {
  if (Object.keys(set).length > 0) await db.updateTable('operators').set(set).where('id', '=', id).execute();
}

/** Kept as a row (their messages still name them), but unable to sign in and no longer listed. */
export async function softDeleteOperator(db: Db, op: OperatorRow, now: number): Promise<void> {
  await db
    .updateTable('operators')
    .set({ deleted_at: now, status: 'offline', email: `deleted:${op.id}:${op.email}` })
    .where('id', '=', op.id)
    .execute();
}

export async function insertSession(db: Db, row: { id_hash: string; operator_id: string; created_at: number; expires_at: number }): Promise<void> {
  await db.insertInto('operator_sessions').values(row).execute();
}

export async function sessionByHash(db: Db, hash: string): Promise<{ operator_id: string; expires_at: number } | undefined> {
  return db.selectFrom('operator_sessions').select(['operator_id', 'expires_at']).where('id_hash', '=', hash).executeTakeFirst();
}

export async function deleteSession(db: Db, hash: string): Promise<void> {
  await db.deleteFrom('operator_sessions').where('id_hash', '=', hash).execute();
}

/** Signs an operator out everywhere (but the session `keep`, if given). */
export async function deleteSessionsOf(db: Db, operatorId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom('operator_sessions').where('operator_id', '=', operatorId);
  if (keep) q = q.where('id_hash', '!=', keep);
  await q.execute();
}

export async function insertPasswordReset(db: Db, row: { token_hash: string; operator_id: string; created_at: number; expires_at: number }): Promise<void> {
  await db.insertInto('password_resets').values(row).execute();
}

/**
 * Marks a reset token used and returns its operator, or undefined when it is unknown, used or
 * expired. One UPDATE, so two concurrent uses cannot both succeed.
 */
export async function consumePasswordReset(db: Db, tokenHash: string, now: number): Promise<string | undefined> {
  const r = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('operator_id')
    .executeTakeFirst();
  return r?.operator_id;
}

export async function passwordResetValid(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const r = await db
    .selectFrom('password_resets')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return r !== undefined;
}
