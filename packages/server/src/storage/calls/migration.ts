import type { Kysely, Migration } from 'kysely';

/**
 * Calls in the database (issue 19): one row per call, so that on several nodes exactly one
 * answer wins (a compare-and-set on `started_at`/`ended_at`), and a recording's consent holds on
 * every node and across restarts (`recordings` consented, `recordings_used` uploaded).
 */
export const callRows: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('calls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('dialog_id', 'text', (c) => c.notNull())
      .addColumn('operator_id', 'text')
      .addColumn('started_at', 'bigint')
      .addColumn('ended_at', 'bigint')
      .addColumn('recordings', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('recordings_used', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('calls_ended').on('calls').column('ended_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('calls').ifExists().execute();
  },
};
