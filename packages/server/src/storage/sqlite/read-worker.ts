/**
 * A read worker: its own read-only connection to the database file (WAL lets it read while the
 * main thread writes), answering ReadQueries by name.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { readQueries, type ReadQueryName } from '../read-queries';
import { SqliteConn } from './connection';
import { sqliteDialect, sqliteExec } from './exec';
import { sqliteSearch } from './search';

const { file } = workerData as { file: string };
const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
raw.pragma('busy_timeout = 5000');
const queries = readQueries(sqliteExec(new SqliteConn(raw)), sqliteDialect, sqliteSearch);

parentPort?.on('message', (m: { id: number; name: ReadQueryName; args: unknown[] }) => {
  const fn = queries[m.name] as (...a: unknown[]) => Promise<unknown>;
  fn(...m.args).then(
    (value) => parentPort?.postMessage({ id: m.id, ok: true, value }),
    (err: unknown) => parentPort?.postMessage({ id: m.id, ok: false, error: err instanceof Error ? { message: err.message, code: (err as { code?: unknown }).code } : { message: String(err) } }),
  );
});
