import type { Kysely, Migration } from 'kysely';

/**
 * Article images (issue 19): which stored files are a project's article files. They are files
 * like any other (the file rules, the quota, `files` rows and bytes), but readable by anyone at
 * the project's public help path and never purged as unsent uploads. A file's row going (project
 * deleted) takes its mark with it.
 */
export const helpFiles: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('help_files')
      .addColumn('file_id', 'text', (c) => c.primaryKey().references('files.id').onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('help_files').ifExists().execute();
  },
};
