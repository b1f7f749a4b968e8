import type { Dialect, SqlExec } from './sql';
import { listDialogRows, type DialogListParams, type DialogListRow, type SearchSql } from './dialog-list';

/**
 * Reads that may take long: with SQLite they run in worker threads on their own read-only
 * connections (storage/sqlite/read-pool.ts), so the event loop never waits for them. Arguments
 * and results are plain data (they cross a thread).
 */
export interface ReadQueries {
  dialogList(p: DialogListParams): Promise<DialogListRow[]>;
}

export function readQueries(x: SqlExec, d: Dialect, search: SearchSql): ReadQueries {
  return {
    dialogList: (p) => listDialogRows(x, d, search, p),
  };
}

export type ReadQueryName = keyof ReadQueries;
