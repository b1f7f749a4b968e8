import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from './open';
import { ReadsBusyError } from '../../util/errors';
import { ReadPool } from './read-pool';

/** A closed dialog whose one visitor message says `text`, written straight into the file. */
function addDialog(db: SqliteDatabase.Database, n: number, text: string): string {
  const at = 1_700_000_000_000 + n * 1000;
  db.prepare(
    "INSERT INTO visitors (id, project_id, kind, custom_params, search, first_seen_at, last_seen_at) VALUES (?, 'p', 'anonymous', '{}', '', ?, ?)",
  ).run(`v${n}`, at, at);
  db.prepare(
    `INSERT INTO dialogs (id, project_id, visitor_id, status, channel, last_seq, custom_params, created_at, updated_at, last_activity_at, unread, operator_read_seq, last_message_has_attachments)
     VALUES (?, 'p', ?, 'closed', 'web', 1, '{}', ?, ?, ?, 0, 0, 0)`,
  ).run(`d${n}`, `v${n}`, at, at, at);
  db.prepare("INSERT INTO messages (id, project_id, dialog_id, seq, author_kind, text, created_at) VALUES (?, 'p', ?, 1, 'visitor', ?, ?)").run(
    `m${n}`,
    `d${n}`,
    text,
    at,
  );
  return `d${n}`;
}

describe('read workers under their CPU cap', () => {
  let dir = '';
  let pool: ReadPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A migrated file holding one closed dialog whose message says "parcel lost in transit". */
  const openFile = async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-gate-'));
    await (await openSqliteStorage(join(dir, 'db.sqlite'), { readWorkers: 0 })).close();
    const db = new SqliteDatabase(join(dir, 'db.sqlite'));
    db.pragma('foreign_keys = OFF');
    addDialog(db, 1, 'parcel lost in transit');
    return db;
  };
  /**
   * One worker, no burst and the event loop counted busy: after each search the next one waits for
   * the budget (four times its CPU at a quarter of a core), so they queue in the gate.
   */
  const gatedPool = (opts: { maxWaiting?: number } = {}) =>
    new ReadPool(
      join(dir, 'db.sqlite'),
      1,
      (err) => {
        throw err;
      },
      { share: 0.25, burstMs: 0, loopBusy: () => true, ...opts },
    );

  it('answer queued searches in the order asked, each from the latest commit before it started', async () => {
    const db = await openFile();
    try {
      pool = gatedPool();
      const reads = pool.queries();
      const search = (q: string) => reads.dialogList({ projectId: 'p', status: 'closed', limit: 30, q });
      const order: string[] = [];
      const asked = ['parcel', 'transit', 'parcel', 'lost', 'parcel'].map((q, i) => search(q).then((rows) => (order.push(`${i}:${q}`), rows.map((r) => r.id))));
      expect(pool.waiting).toBe(4);
      expect(await Promise.all(asked)).toEqual([['d1'], ['d1'], ['d1'], ['d1'], ['d1']]);
      expect(order).toEqual(['0:parcel', '1:transit', '2:parcel', '3:lost', '4:parcel']);
      // A dialog committed now is in the next answer: nothing is served from an earlier read.
      addDialog(db, 2, 'another parcel');
      expect((await search('parcel')).map((r) => r.id).sort()).toEqual(['d1', 'd2']);
    } finally {
      db.close();
    }
  });

  it('refuse a read past the queue bound with a retryable 503, and answer the ones they took', async () => {
    const db = await openFile();
    try {
      pool = gatedPool({ maxWaiting: 2 });
      const reads = pool.queries();
      const search = () => reads.dialogList({ projectId: 'p', status: 'closed', limit: 30, q: 'parcel' });
      // One runs, two wait, the fourth is refused at once.
      const taken = [search(), search(), search()];
      const refused = await search().then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ReadsBusyError);
      expect(refused).toMatchObject({ code: 'rate_limited', status: 503, opts: { retryAfterMs: 1000 } });
      expect(pool.waiting).toBe(2);
      for (const rows of await Promise.all(taken)) expect(rows.map((r) => r.id)).toEqual(['d1']);
      // Room again once they are answered.
      expect((await search()).map((r) => r.id)).toEqual(['d1']);
    } finally {
      db.close();
    }
  });
});
