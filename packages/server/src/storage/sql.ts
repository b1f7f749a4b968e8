/**
 * What the repositories (storage/*.ts) run their SQL through. The SQL they hold is plain SQL with
 * `?` placeholders (a PostgreSQL executor numbers them); anything dialect-specific sits in
 * `Dialect`. The SQLite executor (storage/sqlite/) prepares each text once and answers at once.
 */
export interface SqlExec {
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
}

/** A write job's view of its transaction. */
export interface Tx extends SqlExec {
  /** Runs if this job's writes are rolled back (a later failure in its group, or a failed commit). */
  onRollback(fn: () => void): void;
  /**
   * For a keyed job (`Storage.write(job, key)`) that leaves its common path: from here on it runs
   * alone, as if after every job before it. Call it before changing anything: on PostgreSQL a job
   * that ran beside others stops here and runs again from the start, alone. Elsewhere a no-op.
   */
  exclusive(): Promise<void>;
}

/** The few SQL fragments that differ between databases. */
export interface Dialect {
  /** A JSON array of the expressions, as text. */
  jsonArray(...exprs: string[]): string;
  /** A JSON array of one column over the rows of a subquery, as text ('[]' when empty). */
  jsonGroupArray(column: string, from: string): string;
  /**
   * The knowledge base's ranked full-text match (issue 19; SQLite: FTS5, sqlite/help-search.ts;
   * PostgreSQL: tsvector, postgres/help-search.ts). Without it articles are matched by their stems
   * with LIKE, in article order.
   */
  helpMatch?(terms: readonly string[], any: boolean): { from: string; params: unknown[] };
  /**
   * The dialog's count of the visitor's undeleted messages, as an expression over `dialogs`: a
   * column kept by triggers (SQLite); without it the messages are counted.
   */
  visitorMessages?: string;
}

/** `?, ?, ?` for an IN list. */
export function inList(n: number): string {
  return n <= 0 ? 'NULL' : new Array<string>(n).fill('?').join(', ');
}
