import { CompiledQuery } from 'kysely';
import type { Db } from './open';
import type { SqlExec } from './sql';

/**
 * A Kysely connection or transaction seen as a `SqlExec`, so repositories written for the write
 * path (plain `?`-SQL) also run inside the Kysely transactions off the hot path (leads, alerts).
 * SQLite's placeholders are `?`, as the repositories write them.
 */
export function kyselyExec(db: Db): SqlExec {
  return {
    async get<T>(text: string, params: readonly unknown[] = []) {
      const r = await db.executeQuery<T>(CompiledQuery.raw(text, [...params]));
      return r.rows[0];
    },
    async all<T>(text: string, params: readonly unknown[] = []) {
      const r = await db.executeQuery<T>(CompiledQuery.raw(text, [...params]));
      return r.rows;
    },
    async run(text: string, params: readonly unknown[] = []) {
      const r = await db.executeQuery(CompiledQuery.raw(text, [...params]));
      return { changes: Number(r.numAffectedRows ?? 0n) };
    },
  };
}
