import { sql, type Kysely, type Migration } from 'kysely';

/**
 * SQLite only: the knowledge base's full-text index (FTS5 over `help_articles.search`, the stems
 * of each article in its language), kept in sync by triggers like the dialogs' (search-migration.ts).
 */
export const helpSearchMigration: Migration = {
  async up(db: Kysely<any>) {
    const add = 'INSERT INTO help_articles_fts (rowid, search) VALUES (new.n, new.search);';
    const drop = "INSERT INTO help_articles_fts (help_articles_fts, rowid, search) VALUES ('delete', old.n, old.search);";
    for (const q of [
      "CREATE VIRTUAL TABLE help_articles_fts USING fts5(search, content = 'help_articles', content_rowid = 'n', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
      `CREATE TRIGGER help_articles_fts_insert AFTER INSERT ON help_articles BEGIN ${add} END`,
      `CREATE TRIGGER help_articles_fts_delete AFTER DELETE ON help_articles BEGIN ${drop} END`,
      `CREATE TRIGGER help_articles_fts_update AFTER UPDATE OF search ON help_articles WHEN old.search IS NOT new.search BEGIN ${drop} ${add} END`,
      "INSERT INTO help_articles_fts (help_articles_fts) VALUES ('rebuild')",
    ])
      await sql.raw(q).execute(db);
  },
};

/**
 * The FTS5 match of a query's stems: every term (or, `any`, at least one), the last one as a
 * prefix (the visitor is still typing); the caller orders by rank (bm25, best first).
 */
export function sqliteHelpMatch(terms: readonly string[], any = false): { from: string; params: unknown[] } {
  const expr = terms.map((t, i) => `"${t.replace(/"/g, '')}"${i === terms.length - 1 ? '*' : ''}`).join(any ? ' OR ' : ' ');
  return {
    from: 'help_articles a JOIN (SELECT rowid, rank FROM help_articles_fts WHERE help_articles_fts MATCH ?) f ON f.rowid = a.n',
    params: [expr],
  };
}
