import type { Dialect, SqlExec } from '../sql';
import { pgHelpMatch } from './help-search';

/** What runs a query: a pooled client, or the pool itself (one statement, any connection). */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

const numbered = new Map<string, string>();

/**
 * The repositories' `?` placeholders as PostgreSQL's `$1, $2, ...`. Quoted strings, quoted
 * identifiers and comments are left alone. Texts are few (the repositories build them from
 * fixed parts), so each is converted once.
 */
export function numberPlaceholders(sql: string): string {
  const hit = numbered.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length - 1 : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length - 1 : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '?') {
      out += `$${++n}`;
    } else out += c;
  }
  // IN lists of many sizes would fill the cache with texts used once.
  if (numbered.size < 5000) numbered.set(sql, out);
  return out;
}

/** Runs repository SQL on a client or the pool, counting statements and timing them (metrics). */
export function pgExec(q: PgQueryable, count: () => void = () => {}, time?: (ms: number) => void): SqlExec {
  const query = async (sql: string, params: readonly unknown[]) => {
    count();
    const t = time ? performance.now() : 0;
    try {
      return await q.query(numberPlaceholders(sql), [...params]);
    } finally {
      time?.(performance.now() - t);
    }
  };
  return {
    async get<T>(sql: string, params: readonly unknown[] = []) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      return { changes: (await query(sql, params)).rowCount ?? 0 };
    },
  };
}

/** json values come back as text (the pool's type parsers leave json alone), as SQLite's do. */
export const pgDialect: Dialect = {
  jsonArray: (...exprs) => `json_build_array(${exprs.join(', ')})`,
  jsonGroupArray: (column, from) => `(SELECT coalesce(json_agg(${column}), '[]'::json) FROM (${from}) AS g)`,
  helpMatch: pgHelpMatch,
};
