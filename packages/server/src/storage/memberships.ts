import type { Db } from './open';
import type { SqlExec } from './sql';
import type { OperatorRow } from './rows';

/** Who works in which project, and as what. */

export interface MembershipRow {
  operator_id: string;
  project_id: string;
  role: string;
  created_at: number;
  max_chats?: number | null;
  last_assigned_at?: number | null;
}

/** An operator account with its role in one project. */
export type MemberRow = OperatorRow & { role: string; max_chats: number | null; last_assigned_at: number | null };

export async function membership(db: Db, operatorId: string, projectId: string): Promise<MembershipRow | undefined> {
  return db.selectFrom('memberships').selectAll().where('operator_id', '=', operatorId).where('project_id', '=', projectId).executeTakeFirst();
}

/** The operator's projects, oldest project first (the first is their default). */
export async function membershipsOf(db: Db, operatorId: string): Promise<(MembershipRow & { name: string })[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('projects', 'projects.id', 'memberships.project_id')
    .select(['memberships.operator_id', 'memberships.project_id', 'memberships.role', 'memberships.created_at', 'projects.name'])
    .where('memberships.operator_id', '=', operatorId)
    .orderBy('projects.created_at')
    .orderBy('projects.id')
    .execute();
}

export async function addMembership(db: Db, row: MembershipRow): Promise<void> {
  await db
    .insertInto('memberships')
    .values(row)
    .onConflict((oc) => oc.columns(['operator_id', 'project_id']).doUpdateSet({ role: row.role }))
    .execute();
}

export async function setMembershipRole(db: Db, operatorId: string, projectId: string, role: string): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('operator_id', '=', operatorId).where('project_id', '=', projectId).execute();
}

export async function removeMembership(db: Db, operatorId: string, projectId: string): Promise<void> {
  await db.deleteFrom('memberships').where('operator_id', '=', operatorId).where('project_id', '=', projectId).execute();
}

export async function countMemberships(db: Db, operatorId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const MEMBER_COLUMNS = [
  'operators.id',
  'operators.email',
  'operators.name',
  'operators.password_hash',
  'operators.status',
  'operators.avatar_file',
  'operators.workspace_role',
  'operators.created_at',
  'operators.deleted_at',
  'operators.prefs',
  'operators.last_seen_at',
  'memberships.role',
  'memberships.max_chats',
  'memberships.last_assigned_at',
] as const;

export async function membersOfProject(db: Db, projectId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('operators', 'operators.id', 'memberships.operator_id')
    .select(MEMBER_COLUMNS)
    .where('memberships.project_id', '=', projectId)
    .where('operators.deleted_at', 'is', null)
    .orderBy('operators.created_at')
    .orderBy('operators.id')
    .execute();
}

export async function memberOfProject(db: Db, projectId: string, operatorId: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('memberships')
    .innerJoin('operators', 'operators.id', 'memberships.operator_id')
    .select(MEMBER_COLUMNS)
    .where('memberships.project_id', '=', projectId)
    .where('operators.id', '=', operatorId)
    .where('operators.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Members of the project among `ids` whose own status is online. */
export async function onlineMembers(db: Db, projectId: string, ids: string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  const row = await db
    .selectFrom('memberships')
    .innerJoin('operators', 'operators.id', 'memberships.operator_id')
    .select('operators.id')
    .where('memberships.project_id', '=', projectId)
    .where('operators.status', '=', 'online')
    .where('operators.deleted_at', 'is', null)
    .where('operators.id', 'in', ids)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Auto-assignment's round robin: this operator got a chat in this project now (inside the assigning write). */
export async function markAssigned(x: SqlExec, operatorId: string, projectId: string, now: number): Promise<void> {
  await x.run('UPDATE memberships SET last_assigned_at = ? WHERE operator_id = ? AND project_id = ?', [now, operatorId, projectId]);
}
