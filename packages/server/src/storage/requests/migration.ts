import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Requests (issue 19): each dialog gets its project's next number (`#1042`), allocated from
 * `projects.last_request_number` inside the transaction that inserts the dialog (so numbers are
 * gap-free and never reused, retention or not), and `waiting_at`, the operator's "waiting for the
 * client" mark that the visitor's next message clears. Existing dialogs are numbered in the order
 * they were created.
 */
export const requests: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('projects')
      .addColumn('last_request_number', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('dialogs').addColumn('number', 'bigint').execute();
    await db.schema.alterTable('dialogs').addColumn('waiting_at', 'bigint').execute();
    await sql`UPDATE dialogs SET number = (SELECT count(*) FROM dialogs d2 WHERE d2.project_id = dialogs.project_id
      AND (d2.created_at < dialogs.created_at OR (d2.created_at = dialogs.created_at AND d2.id <= dialogs.id)))`.execute(db);
    await sql`UPDATE projects SET last_request_number = (SELECT count(*) FROM dialogs WHERE dialogs.project_id = projects.id)`.execute(db);
    await db.schema.createIndex('dialogs_project_number').on('dialogs').columns(['project_id', 'number']).unique().execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('dialogs_project_number').ifExists().execute();
    await db.schema.alterTable('dialogs').dropColumn('waiting_at').execute();
    await db.schema.alterTable('dialogs').dropColumn('number').execute();
    await db.schema.alterTable('projects').dropColumn('last_request_number').execute();
  },
};
