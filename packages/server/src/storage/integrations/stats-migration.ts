import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Statistics at a year of dialogs (issue 16, ≤ 200 ms at 100k): indexes on the two durations
 * (first response, resolution), so an exact nearest-rank percentile is one walk of an index to the
 * rank (`ORDER BY … LIMIT 1 OFFSET k`) instead of a sort of every dialog of the period; and the
 * period index of created dialogs covers the dialog id too, so the top-tags join never reads rows.
 * Portable: PostgreSQL takes the same expression indexes.
 */
export const statsIndexes: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX dialogs_stats_first_reply ON dialogs (project_id, (first_reply_at - created_at), created_at, assignee_id)`.execute(db);
    await sql`CREATE INDEX dialogs_stats_resolution ON dialogs (project_id, (closed_at - created_at), closed_at, status, assignee_id)`.execute(db);
    await db.schema.dropIndex('dialogs_project_created').execute();
    await db.schema.createIndex('dialogs_project_created').on('dialogs').columns(['project_id', 'created_at', 'assignee_id', 'first_reply_at', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('dialogs_stats_first_reply').ifExists().execute();
    await db.schema.dropIndex('dialogs_stats_resolution').ifExists().execute();
    await db.schema.dropIndex('dialogs_project_created').execute();
    await db.schema.createIndex('dialogs_project_created').on('dialogs').columns(['project_id', 'created_at', 'assignee_id', 'first_reply_at']).execute();
  },
};
