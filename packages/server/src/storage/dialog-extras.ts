import type { Db } from './open';
import type { NoteRow } from './rows';

/** Notes and tags: operator-only data beside a dialog's event sequence. */

export async function insertNote(db: Db, row: NoteRow): Promise<void> {
  await db.insertInto('notes').values(row).execute();
}

export async function replaceTags(db: Db, dialogId: string, tags: string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dialog_tags').where('dialog_id', '=', dialogId).execute();
    if (tags.length > 0) await trx.insertInto('dialog_tags').values(tags.map((tag) => ({ dialog_id: dialogId, tag }))).execute();
  });
}
