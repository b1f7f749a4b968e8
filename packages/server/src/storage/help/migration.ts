import { SqliteAdapter, type Kysely, type Migration } from 'kysely';

/**
 * The knowledge base (issue 19): articles per project and locale (Markdown source, category,
 * draft or published, order) with `search`, the stems of title and body in the article's
 * language that the full-text index covers (SQLite: sqlite/help-search.ts), and the widget's
 * reads and "solved without a chat" marks for statistics.
 */
export const help: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('help_articles')
      // A stable integer key for SQLite's FTS5 index (content_rowid); PostgreSQL numbers it itself.
      .addColumn('n', db.getExecutor().adapter instanceof SqliteAdapter ? 'integer' : 'serial', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('search', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('help_articles_list').on('help_articles').columns(['project_id', 'locale', 'status', 'position']).execute();
    await db.schema
      .createTable('help_events')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('article_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('help_events_project').on('help_events').columns(['project_id', 'at', 'kind']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('help_events').ifExists().execute();
    await db.schema.dropTable('help_articles').ifExists().execute();
  },
};
