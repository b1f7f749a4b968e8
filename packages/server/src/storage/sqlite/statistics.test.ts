import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../types';
import { openSqliteStorage } from './open';
import { FTS_PAGE_SIZE } from './search-migration';

describe('SQLite statistics', () => {
  let dir = '';
  let store: Storage | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keep sqlite_stat1 but no STAT4 samples (with samples, cached statements are re-planned for each new bound value)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-stats-'));
    const file = join(dir, 'db.sqlite');
    // A database with data and statistics, as ANALYZE (or PRAGMA optimize) leaves it.
    store = await openSqliteStorage(file, { readWorkers: 0 });
    await store.close();
    const db = new SqliteDatabase(file);
    db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, owner TEXT NOT NULL)');
    db.exec('CREATE INDEX things_owner ON things (owner)');
    const add = db.prepare('INSERT INTO things (owner) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) add.run(i % 10 === 0 ? 'big' : `owner${i}`);
    })();
    db.exec('ANALYZE');
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('sqlite_stat4')).toBeGreaterThan(0);
    db.close();

    store = await openSqliteStorage(file, { readWorkers: 0 });
    const s = store;
    const n = (table: string) => s.read(async (x) => (await x.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n);
    expect(await n('sqlite_stat4')).toBe(0);
    expect(await n("sqlite_stat1 WHERE tbl = 'things'")).toBeGreaterThan(0);
  });

  it('the full-text indexes write big pages (with 1000-byte pages a message insert grew from 30 to 129 µs as the index grew)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-stats-'));
    store = await openSqliteStorage(join(dir, 'db.sqlite'), { readWorkers: 0 });
    const s = store;
    for (const fts of ['messages_fts', 'visitors_fts']) {
      const row = await s.read((x) => x.get<{ v: number }>(`SELECT v FROM ${fts}_config WHERE k = 'pgsz'`));
      expect(row?.v).toBe(FTS_PAGE_SIZE);
    }
  });
});
