import type { Dialect, SqlExec } from '../sql';
import { pgHelpMatch } from './help-search';

/** What runs a query: a pooled client, or the pool itself (one statement, any connection). */
export interface PgQueryable {
  query(q: { text: string; name?: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** A statement as sent: its `$n` text, and the name it is prepared under on each connection (see `pgExec`). */
interface Numbered {
  text: string;
  name: string | undefined;
}
const numbered = new Map<string, Numbered>();
/** Most texts cached, so most statements named: IN lists of many sizes would fill it with texts used once. */
const CACHED = 5000;

/**
 * The repositories' `?` placeholders as PostgreSQL's `$1, $2, ...`. Quoted strings, quoted
 * identifiers and comments are left alone. Texts are few (the repositories build them from
 * fixed parts), so each is converted once.
 */
export function numberPlaceholders(sql: string): string {
  return numberedStatement(sql).text;
}

function numberedStatement(sql: string): Numbered {
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
  if (numbered.size >= CACHED) return { text: out, name: undefined };
  const entry = { text: out, name: `parley_${numbered.size.toString(36)}` };
  numbered.set(sql, entry);
  return entry;
}

/**
 * Runs repository SQL on a client or the pool, counting statements and timing them (metrics).
 *
 * `prepared` (the group commit's connection): every cached text is a named statement, which `pg`
 * prepares once per connection and then only binds and executes, so PostgreSQL parses, analyses
 * and (once its generic plan is chosen) plans the write path's statements once, not at every
 * message. Names are per text, so a connection never sees one name for two texts. Reads stay
 * unnamed: their best plans depend on the values (lists, search), and a generic plan made while
 * a table is small or empty stays until ANALYZE; the write path's statements are lookups by key.
 */
export function pgExec(q: PgQueryable, count: () => void = () => {}, time?: (ms: number) => void, prepared = false): SqlExec {
  const query = async (sql: string, params: readonly unknown[]) => {
    count();
    const t = time ? performance.now() : 0;
    try {
      const { text, name } = numberedStatement(sql);
      return await q.query(prepared && name !== undefined ? { name, text, values: [...params] } : { text, values: [...params] });
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
