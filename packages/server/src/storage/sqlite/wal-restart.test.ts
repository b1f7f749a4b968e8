import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../types';
import { openSqliteStorage } from './open';

/** The WAL header's first salt: SQLite changes it each time it starts the WAL over. */
function walSalt(file: string): number {
  const fd = openSync(`${file}-wal`, 'r');
  try {
    const head = Buffer.alloc(32);
    readSync(fd, head, 0, 32, 0);
    return head.readUInt32BE(16);
  } finally {
    closeSync(fd);
  }
}

const RESTART_AT = 512;

describe('SQLite WAL under a steady write load', () => {
  let dir = '';
  let store: Storage | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('is started over while commits keep arriving, once it is longer than walRestartFrames', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-wal-'));
    const file = join(dir, 'db.sqlite');
    store = await openSqliteStorage(file, { readWorkers: 1, walRestartFrames: RESTART_AT });
    const s = store;
    await s.write((tx) => tx.run('CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB NOT NULL)'));
    const blob = Buffer.alloc(64 * 1024, 7);
    const first = walSalt(file);
    // Groups back to back (each waits for the one before: a commit is always close behind the last),
    // until well past the threshold (17 pages a row).
    const deadline = performance.now() + 15_000;
    let rows = 0;
    while (walSalt(file) === first && performance.now() < deadline) {
      await Promise.all(Array.from({ length: 8 }, () => s.write((tx) => tx.run('INSERT INTO blobs (b) VALUES (?)', [blob]))));
      rows += 8;
    }
    expect(walSalt(file), `no restart after ${rows} rows`).not.toBe(first);
    expect(rows).toBeGreaterThan(RESTART_AT / 17);
  });
});
