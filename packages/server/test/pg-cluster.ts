/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` and `pg_ctl` from the Debian
 * packages in a temporary directory, on a free port, listening on loopback only. PostgreSQL
 * refuses to run as root, so as root (CI) it runs as the `postgres` user through `runuser`.
 *
 * Each test gets its own database, copied from a migrated template (`CREATE DATABASE ...
 * TEMPLATE`: milliseconds, not a migration run). The integration project's global setup starts
 * one cluster for the whole run (test/pg-global-setup.ts) and passes its address in
 * TEST_PG_CLUSTER; a file run alone starts its own (`testDatabase()`).
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { migratePg } from '../src/storage/postgres/open';
import type { Database } from '../src/storage/schema';
import { freePort } from './free-port';

export const TEMPLATE_DB = 'parley_template';

export interface PgCluster {
  /** postgres://parley@127.0.0.1:PORT (append a database name). */
  base: string;
  port: number;
  dir: string;
  /** `pg_ctl stop -m fast` (sockets see the server go away) and start again on the same port. */
  stop(): void;
  start(): void;
  /** Stops the server and removes its files. */
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  return join(root, versions[0] as string, 'bin');
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(cmd: string, args: string[]): string {
  const full = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Starts a cluster; `destroy()` it when done (also done at process exit as a last resort).
 * `durable`: keep fsync and synchronous commits on (benchmarks: an ack means on disk, as SQLite's
 * synchronous=FULL); tests leave them off.
 */
export async function startPgCluster(opts: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  if (isRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, 'data');
  // C.UTF-8: lower() and the text search's case folding need a UTF-8 locale (the C locale folds ASCII only).
  run(join(bin, 'initdb'), ['-D', data, '-U', 'parley', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    // Throwaway data: no fsync (the tests are about behaviour, not the disk).
    ...(opts.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=500',
    '-c shared_buffers=32MB',
  ].join(' ');
  const ctl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), ...args]);
  let running = false;
  const cluster: PgCluster = {
    base: `postgres://parley@127.0.0.1:${port}`,
    port,
    dir,
    start() {
      ctl('-o', settings, '-w', '-t', '60', 'start');
      running = true;
    },
    stop() {
      if (!running) return;
      ctl('-m', 'fast', '-w', 'stop');
      running = false;
    },
    destroy() {
      try {
        if (running) ctl('-m', 'immediate', '-w', 'stop');
      } catch {
        // already gone
      }
      running = false;
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const onExit = () => cluster.destroy();
  process.on('exit', onExit);
  cluster.start();
  return cluster;
}

/** Creates the migrated template database in a cluster (once). */
export async function createTemplate(base: string): Promise<void> {
  await admin(base, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await c.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: `${base}/${TEMPLATE_DB}`, max: 1 }) }) });
  try {
    await migratePg(db);
  } finally {
    await db.destroy();
  }
}

async function admin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${base}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new database copied from the template (`empty`: with no tables at all): its URL, and a function that drops it. */
export async function createTestDatabase(base: string, opts: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE DATABASE ${name}${opts.empty ? '' : ` TEMPLATE ${TEMPLATE_DB}`}`));
  return {
    url: `${base}/${name}`,
    drop: () => admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

let own: Promise<PgCluster> | null = null;

/**
 * The run's cluster (TEST_PG_CLUSTER, set by the global setup) or, for a file run on its own, one
 * started for this process (with its template) and destroyed at exit.
 */
export async function testCluster(): Promise<string> {
  const shared = process.env.TEST_PG_CLUSTER;
  if (shared) return shared;
  own ??= (async () => {
    const c = await startPgCluster();
    await createTemplate(c.base);
    return c;
  })();
  return (await own).base;
}

/** A fresh migrated database for one test (or one file); `empty`: not even migrated. */
export async function testDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  return createTestDatabase(await testCluster(), opts);
}
