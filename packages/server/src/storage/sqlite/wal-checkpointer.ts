/**
 * The WAL checkpointer (a thread of the read pool, read-pool.ts): copies the WAL into the database
 * file at normal priority, so it keeps up with the writer (at the read workers' nice 10 the bench at
 * 1000 senders acked 12-26% fewer messages on a loaded machine). A module of its own with nothing
 * but the driver: every server start spawns it, and the read worker's queries take a while to load.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { threadNice } from './thread-priority';
import type { WalCheckpoint } from './read-pool';

const CHECKPOINT_EVERY_MS = 250;

const { file } = workerData as { file: string };

// The main connection does not checkpoint (that would be a stall inside some commit): copying
// the WAL into the database file happens here, without ever blocking the writer (PASSIVE). Each
// round reports the WAL's length; the pool may then ask for one round while no write runs, after
// which the next write starts the WAL over (it never does while commits keep arriving).
const writer = new SqliteDatabase(file, { fileMustExist: true });
writer.pragma('busy_timeout = 100');
writer.pragma('synchronous = FULL');
const round = (): WalCheckpoint | null => {
  try {
    return (writer.pragma('wal_checkpoint(PASSIVE)') as WalCheckpoint[])[0] ?? null;
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
parentPort?.postMessage({ ready: true, thread: threadNice() });
