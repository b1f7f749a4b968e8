import type { Kysely, Migration } from 'kysely';

/**
 * Requests, second step (issue 19): the subject a visitor may give when starting a request, and
 * `continued_at`, set when the visitor continues an older request from "My requests" so that it is
 * their current one again (the one their next message goes to). Both nullable: nothing to backfill.
 */
export const requestSubjects: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('dialogs').addColumn('subject', 'text').execute();
    await db.schema.alterTable('dialogs').addColumn('continued_at', 'bigint').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('dialogs').dropColumn('continued_at').execute();
    await db.schema.alterTable('dialogs').dropColumn('subject').execute();
  },
};
