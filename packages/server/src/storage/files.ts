import type { Db } from './open';
import type { FileRow } from './rows';

export async function fileById(db: Db, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function dialogParties(db: Db, dialogId: string): Promise<{ visitor_id: string; project_id: string; assignee_id: string | null } | undefined> {
  return db.selectFrom('dialogs').select(['visitor_id', 'project_id', 'assignee_id']).where('id', '=', dialogId).executeTakeFirst();
}
