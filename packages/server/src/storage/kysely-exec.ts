import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Db } from './open';
import type { SqlExec } from './sql';
import { numberPlaceholders } from './postgres/exec';

/**
 * A Kysely connection or transaction seen as a `SqlExec`, so repositories written for the write
 * path (plain `?`-SQL) also run inside the Kysely transactions off the hot path (leads, alerts).
 * SQLite's placeholders are `?`, as the repositories write them; PostgreSQL's are numbered.
 */
export function kyselyExec(db: Db): SqlExec {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const raw = (text: string, params: readonly unknown[]) => CompiledQuery.raw(pg ? numberPlaceholders(text) : text, [...params]);
  return {
    async get<T>(text: string, params: readonly unknown[] = []) {
      const r = await db.executeQuery<T>(raw(text, params));
      return r.rows[0];
    },
    async all<T>(text: string, params: readonly unknown[] = []) {
      const r = await db.executeQuery<T>(raw(text, params));
      return r.rows;
    },
    async run(text: string, params: readonly unknown[] = []) {
      const r = await db.executeQuery(raw(text, params));
      return { changes: Number(r.numAffectedRows ?? 0n) };
    },
  };
}
