import { sql, type Kysely, type Migration } from 'kysely';

/** A message that counts: the visitor's, not deleted (storage/dialogs.ts VISITOR_MESSAGES); `r` is a trigger's row or a table alias. */
const counts = (r: string) => `${r}.author_kind = 'visitor' AND ${r}.deleted_at IS NULL`;

/**
 * SQLite only: `dialogs.visitor_messages`, the dialog's count of counted messages, kept by
 * triggers in the writing transaction (insert, delete, and an update that moves a message, changes
 * its author or deletes it). The card's unread count for operators without a read mark
 * (storage/dialogs.ts, `unread_none`) reads it instead of counting the dialog's messages: that count
 * was part of every visitor message's dialog UPDATE ... RETURNING, so a message cost time in
 * proportion to its dialog's length (189 µs of ~1 ms a message at 5,000 messages). PostgreSQL
 * keeps counting: there each trigger update writes another version of the dialog's row.
 */
export const visitorCountMigration: Migration = {
  async up(db: Kysely<any>) {
    const exec = (q: string) => sql.raw(q).execute(db);
    await exec('ALTER TABLE dialogs ADD COLUMN visitor_messages INTEGER NOT NULL DEFAULT 0');
    await exec(`UPDATE dialogs SET visitor_messages = (SELECT count(*) FROM messages m WHERE m.dialog_id = dialogs.id AND ${counts('m')})`);
    await exec(`CREATE TRIGGER messages_visitor_count_insert AFTER INSERT ON messages WHEN ${counts('NEW')} BEGIN
      UPDATE dialogs SET visitor_messages = visitor_messages + 1 WHERE id = NEW.dialog_id;
    END`);
    await exec(`CREATE TRIGGER messages_visitor_count_delete AFTER DELETE ON messages WHEN ${counts('OLD')} BEGIN
      UPDATE dialogs SET visitor_messages = visitor_messages - 1 WHERE id = OLD.dialog_id;
    END`);
    await exec(`CREATE TRIGGER messages_visitor_count_update AFTER UPDATE OF dialog_id, author_kind, deleted_at ON messages
      WHEN (${counts('OLD')}) IS NOT (${counts('NEW')}) OR OLD.dialog_id IS NOT NEW.dialog_id BEGIN
      UPDATE dialogs SET visitor_messages = visitor_messages - 1 WHERE id = OLD.dialog_id AND ${counts('OLD')};
      UPDATE dialogs SET visitor_messages = visitor_messages + 1 WHERE id = NEW.dialog_id AND ${counts('NEW')};
    END`);
  },
  async down(db: Kysely<any>) {
    for (const t of ['insert', 'delete', 'update']) await sql.raw(`DROP TRIGGER IF EXISTS messages_visitor_count_${t}`).execute(db);
    await sql.raw('ALTER TABLE dialogs DROP COLUMN visitor_messages').execute(db);
  },
};
