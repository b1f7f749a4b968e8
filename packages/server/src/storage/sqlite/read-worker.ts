/**
 * A read worker: its own read-only connection to the database file (WAL lets it read while the
 * main thread writes), answering ReadQueries by name. The pool's WAL checkpointer is
 * wal-checkpointer.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { readQueries, type ReadQueryName } from '../read-queries';
import { SqliteConn } from './connection';
import { sqliteDialect, sqliteExec } from './exec';
import { sqliteSearch } from './search';
import { chargedCpuMs, lowerThreadPriority, threadCpuMs } from './thread-priority';

const { file, nice } = workerData as { file: string; nice: number };
// Long reads yield the CPU to the event loop's thread (which acks the messages) when both want it.
const thread = lowerThreadPriority(nice);

const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
raw.pragma('busy_timeout = 5000');
// Searches touch pages all over the file: map it, and keep a good part of it cached.
raw.pragma('mmap_size = 268435456');
raw.pragma('cache_size = -65536');
const queries = readQueries(sqliteExec(new SqliteConn(raw)), sqliteDialect, sqliteSearch);
/** This thread's CPU time when it last answered (null: no per-thread clock here). */
let charged = threadCpuMs();
/** The CPU to charge for the answer to a job that started at `started` (read-gate.ts caps the workers' share). */
const cpu = (started: number) => {
  const now = threadCpuMs();
  const used = chargedCpuMs(charged, now, performance.now() - started);
  charged = now;
  return used;
};
parentPort?.on('message', (m: { id: number; name: ReadQueryName; args: unknown[] }) => {
  const started = performance.now();
  const fn = queries[m.name] as (...a: unknown[]) => Promise<unknown>;
  fn(...m.args).then(
    (value) => parentPort?.postMessage({ id: m.id, ok: true, value, cpu: cpu(started) }),
    (err: unknown) =>
      parentPort?.postMessage({
        id: m.id,
        ok: false,
        error: err instanceof Error ? { message: err.message, code: (err as { code?: unknown }).code } : { message: String(err) },
        cpu: cpu(started),
      }),
  );
});

parentPort?.postMessage({ ready: true, thread });
