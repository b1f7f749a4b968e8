import type { Dialect, SqlExec } from '../sql';
import type { SqliteConn } from './connection';
import { sqliteHelpMatch } from './help-search';

/** Runs repository SQL on one connection: cached statements, answered at once. */
export function sqliteExec(conn: SqliteConn): SqlExec {
  return {
    get: async (sql, params) => conn.rowGet(sql, params ?? []),
    all: async (sql, params) => conn.rowAll(sql, params ?? []),
    run: async (sql, params) => ({ changes: conn.run(sql, params ?? []).changes }),
  };
}

export const sqliteDialect: Dialect = {
  helpMatch: sqliteHelpMatch,
  // Kept by triggers (visitor-count-migration.ts).
  visitorMessages: 'dialogs.visitor_messages',
  jsonArray: (...exprs) => `json_array(${exprs.join(', ')})`,
  jsonGroupArray: (column, from) => `(SELECT json_group_array(${column}) FROM (${from}))`,
};
