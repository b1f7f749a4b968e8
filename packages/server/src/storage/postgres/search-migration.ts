import { sql, type Kysely, type Migration } from 'kysely';
import type { VisitorRow } from '../rows';
import { visitorSearch } from '../visitors';
import { LIST_INDEXES } from '../search-terms';

/**
 * Characters that separate words before the text search parser sees the text: ASCII and common
 * Unicode punctuation and spaces, by code point (so neither the database's locale nor its regex
 * classes matter; every script's letters stay). `ivan@example.com` and `ORD-48213` become words
 * the way SQLite's unicode61 tokenizer splits them.
 */
const SEPARATORS = '[\\s!-/:-@\\[-`{-~\\u00a0-\\u00bf\\u00d7\\u00f7\\u2000-\\u206f\\u3000-\\u303f]+';

/** The languages of Parley's projects (ru, en, fr), plus the words as written (names, ids, other languages). */
const CONFIGS = ['simple', 'english', 'russian', 'french'];

/**
 * PostgreSQL only: full-text search as expression GIN indexes (no column: `SELECT *` stays as
 * on SQLite), the same list and retention indexes as SQLite's 0010 (sqlite/search-migration.ts),
 * and `messages.search` dropped (the index reads the text itself). Accents are folded with the
 * `unaccent` extension (trusted since PostgreSQL 13: the database owner may create it).
 */
export const pgSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const exec = (q: string) => sql.raw(q).execute(db);
    await exec('CREATE EXTENSION IF NOT EXISTS unaccent');
    // unaccent(regdictionary, text) with the dictionary named is stable in practice; the wrapper is
    // IMMUTABLE so indexes may use it (the usual way; the rules file never changes under a running database).
    await exec(`CREATE FUNCTION parley_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, regexp_replace(t, '${SEPARATORS}', ' ', 'g')) $$`);
    await exec(`CREATE FUNCTION parley_tsv(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT ${CONFIGS.map((c) => `to_tsvector('${c}'::regconfig, coalesce(parley_fold(t), ''))`).join(' || ')} $$`);
    await exec(`CREATE FUNCTION parley_tsquery(q text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT ${CONFIGS.map((c) => `to_tsquery('${c}'::regconfig, public.unaccent('public.unaccent'::regdictionary, q))`).join(' || ')} $$`);

    await exec('ALTER TABLE messages DROP COLUMN search');
    const rows = await sql<VisitorRow>`SELECT id, user_id, name, email, phone, custom_params FROM visitors`.execute(db);
    for (const v of rows.rows) await sql`UPDATE visitors SET search = ${visitorSearch(v)} WHERE id = ${v.id}`.execute(db);
    await exec('CREATE INDEX messages_fts ON messages USING gin (parley_tsv(text))');
    await exec('CREATE INDEX visitors_fts ON visitors USING gin (parley_tsv(search))');

    for (const q of LIST_INDEXES) await exec(q);
  },
};
