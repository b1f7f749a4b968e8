/**
 * A Parley server inside the test process (createServer), for tests that look inside: statement
 * counters, the group commit, the fan-out queue. Real SQLite file, real sockets on loopback; no
 * read workers unless asked (tests then see every query on the one connection).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ParleyServer, type ServerDeps } from '../src/app';
import type { ServerOptions } from '../src/options';
import { seedDemo } from '../src/seed';
import { OWNER_PASSWORD, RELAXED_LIMITS, testStore } from './harness';

export interface InProcessServer {
  server: ParleyServer;
  url: string;
  dataDir: string;
  /** Closes the server and opens a new one on the same data dir (a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function inProcessServer(opts: Partial<ServerOptions> = {}, deps: ServerDeps = {}): Promise<InProcessServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-inproc-'));
  // The PostgreSQL project: a database of its own, kept across restart().
  let database: { url: string; drop(): Promise<void> } | null = null;
  if (testStore() === 'postgres' && opts.databaseUrl === undefined) {
    const { testDatabase } = await import('./pg-cluster');
    database = await testDatabase();
  }
  const start = async () => {
    const server = await createServer(
      {
        port: 0,
        host: '127.0.0.1',
        logLevel: 'silent',
        retentionJob: false,
        readWorkers: 0,
        rateLimits: RELAXED_LIMITS,
        ...(database ? { databaseUrl: database.url } : {}),
        ...opts,
        dataDir,
      },
      deps,
    );
    const creds = await seedDemo(server.ctx.db, dataDir, server.ctx.now(), OWNER_PASSWORD);
    if (creds.created) server.ctx.projects.changed(creds.project);
    return { server, url: await server.listen() };
  };
  let cur = await start();
  const out: InProcessServer = {
    server: cur.server,
    url: cur.url,
    dataDir,
    async restart() {
      await cur.server.close();
      cur = await start();
      out.server = cur.server;
      out.url = cur.url;
    },
    async stop() {
      await cur.server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
  return out;
}
