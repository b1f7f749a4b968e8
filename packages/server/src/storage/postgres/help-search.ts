import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The text search configuration of an article's language. `search` holds the article's Snowball
 * stems (services/help/stem.ts); PostgreSQL's ru/en/fr configurations are the same Snowball
 * stemmers, so they leave a stem as it is (and drop the language's stop words), and a query's stems
 * go through the same configuration: both sides meet.
 */
const CONFIG = "(CASE locale WHEN 'ru' THEN 'russian'::regconfig WHEN 'fr' THEN 'french'::regconfig ELSE 'english'::regconfig END)";
const VECTOR = `to_tsvector(${CONFIG}, search)`;

/** PostgreSQL only: the knowledge base's full-text index (GIN over the articles' tsvector). */
export const pgHelpSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw(`CREATE INDEX help_articles_tsv ON help_articles USING gin (${VECTOR})`).execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql.raw('DROP INDEX IF EXISTS help_articles_tsv').execute(db);
  },
};

/** A query term as tsquery text: letters and digits only (anything else would be tsquery syntax). */
const clean = (t: string) => t.replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The tsvector match of a query's stems, ranked (ts_rank, best first): every term (or, `any`, at
 * least one), the last one as a prefix (the visitor is still typing). The caller orders by rank.
 */
export function pgHelpMatch(terms: readonly string[], any = false): { from: string; params: unknown[] } {
  const words = terms.map(clean).filter(Boolean);
  const expr = words.map((t, i) => (i === words.length - 1 ? `${t}:*` : t)).join(any ? ' | ' : ' & ');
  return {
    // Nothing left to look for: no article (an empty tsquery matches none anyway).
    from: `help_articles a JOIN (SELECT n, -ts_rank(${VECTOR}, to_tsquery(${CONFIG}, ?)) AS rank FROM help_articles
      WHERE ${VECTOR} @@ to_tsquery(${CONFIG}, ?)) f ON f.n = a.n`,
    params: [expr || 'a & !a', expr || 'a & !a'],
  };
}
