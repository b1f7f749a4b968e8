import type { Db } from './open';
import type { ProjectRow } from './rows';

export async function projectRow(db: Db, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function projectIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('projects').select('id').orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
}

export async function updateProjectRow(db: Db, id: string, set: { name?: string; settings?: string; secret?: string }, now: number): Promise<void> {
  await db.updateTable('projects').set({ ...set, updated_at: now }).where('id', '=', id).execute();
}
