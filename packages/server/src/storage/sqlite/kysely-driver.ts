import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  SelectQueryNode,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { ConnectionLock, SqliteConn } from './connection';

/**
 * Kysely over our one SQLite connection: the statement cache, the statement counters and the same
 * FIFO lock the group commit takes, so a Kysely transaction and a write batch never interleave.
 */
class Connection implements DatabaseConnection {
  constructor(private readonly conn: SqliteConn) {}

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const sql = q.sql;
    if (/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(sql)) {
      this.conn.control(sql);
      return Promise.resolve({ rows: [] });
    }
    const stmt = this.conn.counted(sql);
    if (stmt.reader) return Promise.resolve({ rows: this.conn.timed(() => stmt.all(q.parameters as unknown[]) as R[]) });
    const { changes, lastInsertRowid } = this.conn.timed(() => stmt.run(q.parameters as unknown[]));
    return Promise.resolve({ rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) });
  }

  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(q.query)) throw new Error('only SELECT queries can be streamed');
    for (const row of this.conn.counted(q.sql).iterate(q.parameters)) yield { rows: [row as R] };
  }
}

class ParleySqliteDriver implements Driver {
  private readonly connection: Connection;
  constructor(
    conn: SqliteConn,
    private readonly lock: ConnectionLock,
  ) {
    this.connection = new Connection(conn);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    return this.connection;
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.lock.release();
  }
  async destroy(): Promise<void> {}
}

export function parleySqliteDialect(conn: SqliteConn, lock: ConnectionLock): Dialect {
  return {
    createDriver: () => new ParleySqliteDriver(conn, lock),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
  };
}
