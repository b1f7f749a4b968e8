import { sql } from 'kysely';
import { likePattern, type Db } from './open';
import type { TemplateRow } from './rows';

export async function listTemplates(db: Db, projectId: string, q?: string): Promise<TemplateRow[]> {
  let query = db.selectFrom('templates').selectAll().where('project_id', '=', projectId);
  // Search by title and by the words in the text (and the shortcut).
  if (q) query = query.where(sql<boolean>`search like ${likePattern(q.toLowerCase())} escape '\\'`);
  return query.orderBy('title').orderBy('id').execute();
}

export async function templateById(db: Db, projectId: string, id: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
}

export async function insertTemplate(db: Db, row: TemplateRow): Promise<void> {
  await db.insertInto('templates').values(row).execute();
}

export async function updateTemplate(db: Db, row: TemplateRow): Promise<void> {
  await db
    .updateTable('templates')
    .set({ title: row.title, text: row.text, shortcut: row.shortcut, search: row.search, updated_at: row.updated_at })
    .where('id', '=', row.id)
    .where('project_id', '=', row.project_id)
    .execute();
}

/** False when there was no such template in the project. */
export async function deleteTemplate(db: Db, projectId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('templates').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
