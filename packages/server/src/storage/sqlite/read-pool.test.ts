import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_WORKER_NICE, ReadPool } from './read-pool';
import { threadNice } from './thread-priority';

describe.runIf(process.platform === 'linux')('read workers', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('run at a lower priority than the event loop, which keeps its own, and so does the checkpointer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-pool-'));
    const file = join(dir, 'db.sqlite');
    const db = new SqliteDatabase(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    db.close();
    const before = threadNice();
    const pool = new ReadPool(file, 2, (err) => {
      throw err;
    });
    try {
      const threads = await pool.threads();
      expect(threads).toHaveLength(2);
      for (const t of threads) {
        expect(t?.nice).toBe(Math.max(READ_WORKER_NICE, before?.nice ?? 0));
        expect(t?.tid).not.toBe(before?.tid);
      }
      // The WAL checkpointer is not slowed down with them (a starved checkpointer lets the WAL grow).
      const checkpointer = await pool.checkpointThread();
      expect(checkpointer?.nice).toBe(before?.nice);
      expect(threads.map((t) => t?.tid)).not.toContain(checkpointer?.tid);
      // Niceness is per thread on Linux: the caller's thread did not move.
      expect(threadNice()).toEqual(before);
    } finally {
      await pool.close();
    }
  });
});
