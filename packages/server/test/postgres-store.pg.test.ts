/**
 * What only PostgreSQL has: several nodes on one database (per-dialog seqs gap-free under
 * concurrent writers on different nodes), the group commit's failure handling on a database that
 * aborts a transaction at its first failed statement, and deadlocks between nodes' groups.
 * The integration-pg project runs it (every other integration file runs there too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PgGroupCommit } from '../src/storage/postgres/group-commit';
import type { Tx } from '../src/storage/sql';
import { clientId, loginOperator, openVisitorSocket, startServer, type RunningServer, type VisitorSocket } from './harness';
import { testDatabase } from './pg-cluster';

let db: { url: string; drop(): Promise<void> };
let pool: pg.Pool;
beforeAll(async () => {
  db = await testDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('two nodes on one PostgreSQL database', () => {
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  let v: VisitorSocket | undefined;
  afterAll(async () => {
    await v?.close();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('keeps per-dialog seqs gap-free with a visitor writing on A and an operator on B at once', async () => {
    a = await startServer({ env: { DATABASE_URL: db.url } });
    b = await startServer({ env: { DATABASE_URL: db.url } });
    v = await openVisitorSocket(a.url);
    await v.welcome;
    const first = clientId();
    v.send({ type: 'message.send', clientId: first, text: 'opening the dialog' });
    const opened = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === first);
    const dialogId = opened.dialogId as string;
    // The session made on B is valid on A: it is a row in the shared database.
    const owner = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
    expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}`)).status).toBe(200);

    const N = 60;
    const ids = Array.from({ length: N }, () => clientId('v'));
    const acks = Promise.all(ids.map((id) => v!.waitFor((f) => f.type === 'message.ack' && f.clientId === id)));
    for (const id of ids) v.send({ type: 'message.send', clientId: id, text: `visitor ${id}` });
    const replies: Promise<{ status: number }>[] = [];
    for (let i = 0; i < N; i++) {
      replies.push(owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('o'), text: `operator ${i}` }));
    }
    expect((await Promise.all(replies)).map((r) => r.status)).toEqual(Array(N).fill(201));
    expect(await acks).toHaveLength(N);

    const seqs = (await pool.query<{ seq: string }>('SELECT seq FROM messages WHERE dialog_id = $1 ORDER BY seq', [dialogId])).rows.map((r) => Number(r.seq));
    expect(seqs).toHaveLength(2 * N + 1);
    expect(new Set(seqs).size).toBe(seqs.length);
    const events = (await pool.query<{ seq: string }>('SELECT seq FROM events WHERE dialog_id = $1 ORDER BY seq', [dialogId])).rows.map((r) => Number(r.seq));
    const last = Number((await pool.query<{ last_seq: string }>('SELECT last_seq FROM dialogs WHERE id = $1', [dialogId])).rows[0]?.last_seq);
    // Every seq from 1 to last_seq is taken by exactly one event: no gap, no double.
    expect(events).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  });
});

describe('group commit on PostgreSQL', () => {
  it('a job whose statement fails takes back only its own writes; the others of its group commit', async () => {
    await pool.query('CREATE TABLE gc_t (id integer PRIMARY KEY, note text)');
    // No time budget: on a loaded machine the group must not be split for this test.
    const group = new PgGroupCommit(pool, { maxMs: 60_000 });
    const results = await Promise.allSettled([
      group.submit((tx) => tx.run('INSERT INTO gc_t (id, note) VALUES (?, ?)', [1, 'first'])),
      group.submit(async (tx) => {
        await tx.run('INSERT INTO gc_t (id, note) VALUES (?, ?)', [2, 'rolled back']);
        await tx.run('INSERT INTO gc_t (id, note) VALUES (?, ?)', [1, 'duplicate']);
      }),
      group.submit(async (tx) => {
        await tx.run('INSERT INTO gc_t (id, note) VALUES (?, ?)', [3, 'then thrown']);
        throw new Error('job failed after writing');
      }),
      group.submit((tx) => tx.run('INSERT INTO gc_t (id, note) VALUES (?, ?)', [4, 'last'])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    const rows = (await pool.query<{ id: number }>('SELECT id FROM gc_t ORDER BY id')).rows.map((r) => r.id);
    expect(rows).toEqual([1, 4]);
    // The careful rerun commits the jobs up to the failing one; the rest go into the next transaction.
    expect(group.stats.reruns).toBe(2);
  });

  it('two nodes whose groups lock the same rows in opposite orders both commit (the deadlock victim runs again)', async () => {
    await pool.query('CREATE TABLE gc_d (id integer PRIMARY KEY, n integer NOT NULL)');
    await pool.query('INSERT INTO gc_d VALUES (1, 0), (2, 0)');
    await pool.query('SET deadlock_timeout = 100');
    const other = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const g1 = new PgGroupCommit(pool);
      const g2 = new PgGroupCommit(other);
      let bothLocked: () => void = () => {};
      const locked = new Promise<void>((r) => (bothLocked = r));
      let firsts = 0;
      const crossing = (g: PgGroupCommit, x: number, y: number) =>
        g.submit(async (tx) => {
          await tx.run('UPDATE gc_d SET n = n + 1 WHERE id = ?', [x]);
          if (++firsts === 2) bothLocked();
          await locked;
          await tx.run('UPDATE gc_d SET n = n + 1 WHERE id = ?', [y]);
        });
      await Promise.all([crossing(g1, 1, 2), crossing(g2, 2, 1)]);
      const rows = (await pool.query<{ n: number }>('SELECT n FROM gc_d ORDER BY id')).rows.map((r) => r.n);
      expect(rows).toEqual([2, 2]);
      // At least one group was the deadlock victim and ran again; each update counted once all the same.
      expect(g1.stats.reruns + g2.stats.reruns).toBeGreaterThanOrEqual(1);
    } finally {
      await other.end();
    }
  });
});

describe('a connection whose server goes away', () => {
  it('fails the write that held it between two statements, is logged, and the next write works', async () => {
    const { openPostgresStorage } = await import('../src/storage/postgres/open');
    const errors: unknown[] = [];
    const storage = await openPostgresStorage(db.url, { onError: (e) => errors.push(e) });
    try {
      // The group commit holds its client across the job's statements. A backend terminated in
      // between (what a restart or a failover does) reaches the client while no query runs: with
      // no listener of its own, that 'error' event used to end the process.
      const failed = storage.write(async (tx) => {
        const me = await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await pool.query('SELECT pg_terminate_backend($1)', [me?.pid]);
        await new Promise((r) => setTimeout(r, 300));
        return tx.get('SELECT 1 AS one');
      });
      await expect(failed).rejects.toThrow();
      // Logged (the termination, then the closed socket), without the client and its statements.
      expect(errors[0]).toEqual({ code: '57P01', message: expect.stringContaining('terminating connection') });
      expect(await storage.write((tx) => tx.get<{ one: number }>('SELECT 1 AS one'))).toEqual({ one: 1 });
    } finally {
      await storage.close();
    }
  });
});

describe('group commit on a connection in pipeline mode (keyed jobs at once)', () => {
  let piped: pg.Pool;
  beforeAll(async () => {
    piped = new pg.Pool({ connectionString: db.url, max: 1, pipeline: true });
    await pool.query('CREATE TABLE gc_k (id integer PRIMARY KEY, k text NOT NULL, n integer NOT NULL)');
  });
  afterAll(() => piped?.end());

  /** A job that notes when it starts and ends around one statement (an insert of `id`). */
  const noting = (log: string[], name: string, id: number, key: string) => async (tx: Tx) => {
    log.push(`${name}+`);
    await tx.run('INSERT INTO gc_k (id, k, n) VALUES (?, ?, ?)', [id, key, log.length]);
    log.push(`${name}-`);
    return name;
  };

  it('runs jobs of different keys at once, those of one key in order, and a job without a key alone', async () => {
    const group = new PgGroupCommit(piped, { maxMs: 60_000 });
    const log: string[] = [];
    const results = await Promise.all([
      group.submit(noting(log, 'a1', 1, 'a'), 'a'),
      group.submit(noting(log, 'b1', 2, 'b'), 'b'),
      group.submit(noting(log, 'a2', 3, 'a'), 'a'),
      group.submit(noting(log, 'none', 4, '')),
      group.submit(noting(log, 'c1', 5, 'c'), 'c'),
    ]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'none', 'c1']);
    // a1 and b1 started together; a2 only after a1; the keyless job after all three, c1 after it.
    expect(log.slice(0, 2)).toEqual(['a1+', 'b1+']);
    expect(log.indexOf('a2+')).toBeGreaterThan(log.indexOf('a1-'));
    expect(log.slice(6)).toEqual(['none+', 'none-', 'c1+', 'c1-']);
    expect(group.stats.transactions).toBe(1);
  });

  it('a keyed job that asks to run alone runs again after the others, before the next keyless job, and its key follows it', async () => {
    await pool.query('DELETE FROM gc_k');
    const group = new PgGroupCommit(piped, { maxMs: 60_000 });
    const log: string[] = [];
    let runs = 0;
    let undone = 0;
    const results = await Promise.all([
      group.submit(async (tx) => {
        runs++;
        log.push(`x#${runs}+`);
        tx.onRollback(() => undone++);
        // Alone, it sees what the others wrote; beside them, it stops at exclusive().
        const seen = await tx.get<{ c: string }>('SELECT count(*) AS c FROM gc_k');
        await tx.exclusive();
        await tx.run('INSERT INTO gc_k (id, k, n) VALUES (?, ?, ?)', [10, 'x', Number(seen?.c)]);
        log.push(`x#${runs}-`);
        return Number(seen?.c);
      }, 'x'),
      group.submit(noting(log, 'y1', 11, 'y'), 'y'),
      group.submit(noting(log, 'xn', 12, 'x'), 'x'),
      group.submit(noting(log, 'z1', 13, 'z'), 'z'),
      group.submit(noting(log, 'none', 14, '')),
    ]);
    expect(runs).toBe(2);
    // The first run's rollback handler ran when it stopped; the second one's committed.
    expect(undone).toBe(1);
    expect(results).toEqual([2, 'y1', 'xn', 'z1', 'none']);
    // y1 and z1 beside it; then x alone, then the next of its key, then the keyless job.
    expect(log.filter((e) => e.endsWith('-'))).toEqual(['y1-', 'z1-', 'x#2-', 'xn-', 'none-']);
    expect(group.stats.transactions).toBe(1);
    const rows = (await pool.query<{ id: number }>('SELECT id FROM gc_k ORDER BY id')).rows.map((r) => r.id);
    expect(rows).toEqual([10, 11, 12, 13, 14]);
  });

  it('a failing statement among keyed jobs takes back only its job: the group runs again one job at a time', async () => {
    await pool.query('DELETE FROM gc_k');
    const group = new PgGroupCommit(piped, { maxMs: 60_000 });
    const results = await Promise.allSettled([
      group.submit((tx) => tx.run('INSERT INTO gc_k (id, k, n) VALUES (?, ?, ?)', [1, 'a', 0]), 'a'),
      group.submit(async (tx) => {
        await tx.run('INSERT INTO gc_k (id, k, n) VALUES (?, ?, ?)', [2, 'b', 0]);
        await tx.run('INSERT INTO gc_k (id, k, n) VALUES (?, ?, ?)', [1, 'b', 0]);
      }, 'b'),
      group.submit((tx) => tx.run('INSERT INTO gc_k (id, k, n) VALUES (?, ?, ?)', [3, 'c', 0]), 'c'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    const rows = (await pool.query<{ id: number }>('SELECT id FROM gc_k ORDER BY id')).rows.map((r) => r.id);
    expect(rows).toEqual([1, 3]);
    expect(group.stats.reruns).toBe(1);
  });
});
