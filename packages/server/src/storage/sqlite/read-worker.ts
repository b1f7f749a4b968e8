/**
 * A read worker: its own read-only connection to the database file (WAL lets it read while the
 * main thread writes), answering ReadQueries by name. Or, with `checkpoint`, the pool's
 * checkpointer: it only copies the WAL into the database file, at normal priority.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { readQueries, type ReadQueryName } from '../read-queries';
import { SqliteConn } from './connection';
import { sqliteDialect, sqliteExec } from './exec';
import { sqliteSearch } from './search';
import { lowerThreadPriority, threadNice } from './thread-priority';

const CHECKPOINT_EVERY_MS = 250;

const { file, checkpoint, nice } = workerData as { file: string; checkpoint: boolean; nice: number };
// Long reads yield the CPU to the event loop's thread (which acks the messages) when both want it.
// The checkpointer keeps its normal priority: it must keep up with the writer (at nice 10 the bench
// at 1000 senders acked 12-26% fewer messages on a loaded machine).
const thread = nice > 0 ? lowerThreadPriority(nice) : threadNice();

if (checkpoint) {
  // The main connection does not checkpoint (that would be a stall inside some commit): copying
  // the WAL into the database file happens here, without ever blocking the writer (PASSIVE). Each
  // round reports the WAL's length; the pool may then ask for one round while no write runs, after
  // which the next write starts the WAL over (it never does while commits keep arriving).
  const writer = new SqliteDatabase(file, { fileMustExist: true });
  writer.pragma('busy_timeout = 100');
  writer.pragma('synchronous = FULL');
  const round = (): { busy: number; log: number; checkpointed: number } | null => {
    try {
      return (writer.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[])[0] ?? null;
    } catch {
      // Busy or interrupted: the next round catches up.
      return null;
    }
  };
  setInterval(() => {
    const r = round();
    if (r) parentPort?.postMessage({ wal: r.log });
  }, CHECKPOINT_EVERY_MS);
  parentPort?.on('message', (m: { id: number }) => parentPort?.postMessage({ id: m.id, ok: true, value: round() }));
} else {
  const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  // Searches touch pages all over the file: map it, and keep a good part of it cached.
  raw.pragma('mmap_size = 268435456');
  raw.pragma('cache_size = -65536');
  const queries = readQueries(sqliteExec(new SqliteConn(raw)), sqliteDialect, sqliteSearch);
  parentPort?.on('message', (m: { id: number; name: ReadQueryName; args: unknown[] }) => {
    const fn = queries[m.name] as (...a: unknown[]) => Promise<unknown>;
    fn(...m.args).then(
      (value) => parentPort?.postMessage({ id: m.id, ok: true, value }),
      (err: unknown) =>
        parentPort?.postMessage({
          id: m.id,
          ok: false,
          error: err instanceof Error ? { message: err.message, code: (err as { code?: unknown }).code } : { message: String(err) },
        }),
    );
  });
}

parentPort?.postMessage({ ready: true, thread });
