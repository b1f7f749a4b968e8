import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionLock, SqliteConn } from './connection';
import { sqliteExec } from './exec';
import { GroupCommit } from './group-commit';

let conn: SqliteConn;

function setup(opts: ConstructorParameters<typeof GroupCommit>[3] = {}) {
  conn = new SqliteConn(new SqliteDatabase(':memory:'));
  conn.raw.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  const lock = new ConnectionLock();
  return { lock, group: new GroupCommit(conn, lock, sqliteExec(conn), opts) };
}
afterEach(() => conn?.close());

const rows = () => conn.raw.prepare('SELECT k, v FROM t ORDER BY k').all();

/** A promise and its resolver, to hold the "fsync" of a commit. */
function gate() {
  let open: () => void = () => {};
  const p = new Promise<void>((r) => {
    open = r;
  });
  return { p, open };
}

describe('group commit', () => {
  it('puts writes submitted meanwhile into one transaction and settles each after its commit is durable, in order', async () => {
    const sync = gate();
    let syncs = 0;
    const { group } = setup({
      afterCommit: () => {
        syncs++;
        return sync.p;
      },
    });
    const settled: string[] = [];
    const jobs = ['a', 'b', 'c'].map((k, i) =>
      group
        .submit(async (tx) => {
          await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [k, i]);
          return k;
        })
        .then((k) => settled.push(k)),
    );
    // Committed (visible on the connection) but not yet durable: nobody has been answered.
    // (Waits for the commit's sync, not a fixed time: a loaded machine may take longer to get there.)
    await vi.waitFor(() => expect(syncs).toBe(1));
    expect(rows()).toHaveLength(3);
    expect(settled).toEqual([]);
    sync.open();
    await Promise.all(jobs);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(group.stats).toMatchObject({ transactions: 1, jobs: 3 });
    expect(conn.counts.control).toBe(2); // one BEGIN, one COMMIT for the three
  });

  it('a single write still gets its answer after one commit', async () => {
    const { group } = setup();
    await group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['solo', 1]));
    expect(group.stats).toMatchObject({ transactions: 1, jobs: 1 });
  });

  it('what arrives during a commit goes into the next transaction together', async () => {
    const first = gate();
    let n = 0;
    const { group } = setup({ afterCommit: () => (++n === 1 ? first.p : Promise.resolve()) });
    const a = group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]));
    await vi.waitFor(() => expect(n).toBe(1));
    // The first transaction is waiting for its fsync: these three wait for the next one.
    const more = ['b', 'c', 'd'].map((k) => group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [k, 1])));
    await new Promise((r) => setTimeout(r, 10));
    expect(group.stats.transactions).toBe(0);
    first.open();
    await Promise.all([a, ...more]);
    expect(group.stats).toMatchObject({ transactions: 2, jobs: 4, largest: 3 });
  });

  it('a job that fails after writing takes back only its own writes; the others commit; its undo runs', async () => {
    const { group } = setup();
    let undone = 0;
    const ok1 = group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['x', 1]));
    const bad = group.submit(async (tx) => {
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['y', 2]);
      tx.onRollback(() => {
        undone++;
      });
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['x', 3]); // duplicate key
    });
    const ok2 = group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['z', 4]));
    await expect(bad).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await Promise.all([ok1, ok2]);
    expect(rows()).toEqual([
      { k: 'x', v: 1 },
      { k: 'z', v: 4 },
    ]);
    // Undone when the first attempt rolled back, and again when its savepoint was.
    expect(undone).toBe(2);
    expect(group.stats.reruns).toBe(1);
  });

  it('a job that refuses before writing anything fails alone, without a rerun', async () => {
    const { group } = setup();
    const a = group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]));
    const no = group.submit(async (tx) => {
      await tx.get('SELECT 1');
      throw new Error('refused');
    });
    await expect(no).rejects.toThrow('refused');
    await a;
    expect(group.stats.reruns).toBe(0);
    expect(rows()).toEqual([{ k: 'a', v: 1 }]);
  });

  it('a failed fsync answers nobody and refuses every later write', async () => {
    const { group } = setup({ afterCommit: () => Promise.reject(new Error('EIO')) });
    await expect(group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]))).rejects.toThrow('EIO');
    await expect(group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 1]))).rejects.toThrow('EIO');
  });

  it('waits for a holder of the connection lock (a Kysely transaction) before writing', async () => {
    const { group, lock } = setup();
    await lock.acquire();
    let done = false;
    const w = group
      .submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]))
      .then(() => {
        done = true;
      });
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    expect(conn.inTransaction).toBe(false);
    lock.release();
    await w;
    expect(done).toBe(true);
  });

  it('splits a long queue into transactions of at most maxJobs', async () => {
    const { group } = setup({ maxJobs: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => group.submit((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [k, 1]))));
    expect(group.stats).toMatchObject({ transactions: 3, jobs: 5, largest: 2 });
  });
});
