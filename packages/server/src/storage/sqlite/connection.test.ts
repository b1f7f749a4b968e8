import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteConn } from './connection';

describe('SqliteConn rowGet / rowAll', () => {
  const open = () => {
    const conn = new SqliteConn(new SqliteDatabase(':memory:'));
    conn.raw.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, s TEXT); INSERT INTO t VALUES ('a', 1, NULL), ('b', 2, 'x')");
    return conn;
  };

  it('makes the same row objects as better-sqlite3, keys in the same order, a repeated name taking the last column', () => {
    const conn = open();
    for (const sql of ['SELECT * FROM t ORDER BY id', "SELECT *, n + 1 AS m, 'y' AS s, count(*) OVER () FROM t ORDER BY id"]) {
      const objects = conn.all<Record<string, unknown>>(sql);
      const built = conn.rowAll<Record<string, unknown>>(sql);
      expect(built).toEqual(objects);
      expect(built.map((r) => Object.keys(r))).toEqual(objects.map((r) => Object.keys(r)));
    }
    expect(conn.rowGet('SELECT * FROM t WHERE id = ?', ['b'])).toEqual({ id: 'b', n: 2, s: 'x' });
    expect(conn.rowGet('SELECT * FROM t WHERE id = ?', ['none'])).toBeUndefined();
    expect(conn.rowGet("UPDATE t SET n = n + 1 WHERE id = 'a' RETURNING n")).toEqual({ n: 2 });
  });

  it('follows a column added after the statement was prepared', () => {
    const conn = open();
    expect(conn.rowGet("SELECT * FROM t WHERE id = 'a'")).toEqual({ id: 'a', n: 1, s: null });
    conn.raw.exec('ALTER TABLE t ADD COLUMN z INTEGER DEFAULT 7');
    expect(conn.rowGet("SELECT * FROM t WHERE id = 'a'")).toEqual({ id: 'a', n: 1, s: null, z: 7 });
  });

  it('counts its statements and writes like get and all', () => {
    const conn = open();
    const before = { ...conn.counts };
    conn.rowGet('SELECT * FROM t');
    conn.rowGet("UPDATE t SET n = 0 WHERE id = 'b' RETURNING id");
    expect(conn.counts.statements - before.statements).toBe(2);
    expect(conn.counts.writes - before.writes).toBe(1);
  });
});
