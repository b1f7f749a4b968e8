/**
 * `npm run dev:cluster`: Parley as several nodes on one machine, to try by hand. Starts a
 * throwaway PostgreSQL cluster and redis-server (Debian's packages, in a temporary directory,
 * removed on exit), two server nodes in demo mode on PostgreSQL + Redis, and a small balancer in
 * front of them at http://127.0.0.1:8080 (PORT to change it). Stop a node with
 * `kill <pid>` (printed) and watch the widget and console move to the other one. Ctrl+C stops all.
 *
 * The nodes have their own data dirs but share `files/` and `avatars/` (several nodes need one
 * shared directory for uploads, e.g. a network volume).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../packages/server/test/free-port';
import { TEMPLATE_DB, createTemplate, startPgCluster } from '../packages/server/test/pg-cluster';
import { startRedis } from '../packages/server/test/redis-server';
import { startBalancer } from './balancer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);

const pgc = await startPgCluster();
const redis = await startRedis();
const dir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
const children: ChildProcess[] = [];
let stopping = false;
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())))));
  await redis.destroy();
  pgc.destroy();
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
};
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await createTemplate(pgc.base);
  const admin = new pg.Client({ connectionString: `${pgc.base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE parley TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const databaseUrl = `${pgc.base}/parley`;
  // Uploads and avatars: one directory for both nodes, as an NFS mount or a shared volume would be.
  const filesDir = join(dir, 'shared-files');
  mkdirSync(filesDir, { recursive: true });

  const nodes: { port: number; child: ChildProcess }[] = [];
  for (const name of ['a', 'b']) {
    const data = join(dir, `node-${name}`);
    mkdirSync(data, { recursive: true });
    const nodePort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/server/src/main.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        PARLEY_DEMO: '1',
        ...process.env,
        PORT: String(nodePort),
        PARLEY_DATA_DIR: data,
        PARLEY_FILES_DIR: filesDir,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
      },
    });
    children.push(child);
    // One node at a time: the first seeds the demo project, the second finds it.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        const s = d.toString();
        out += s;
        process.stdout.write(s.replace(/^/gm, `[node ${name}] `));
        if (out.includes('Parley is running at')) resolve();
      });
      child.once('exit', (code) => (stopping ? undefined : reject(new Error(`node ${name} exited with ${code}`))));
    });
    nodes.push({ port: nodePort, child });
  }
  await startBalancer(
    port,
    nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
  );
  console.log(
    [
      '',
      `Parley cluster at http://127.0.0.1:${port} (balancer)`,
      ...nodes.map((n, i) => `  node ${'ab'[i]}: http://127.0.0.1:${n.port}  (pid ${n.child.pid}; kill it to see failover)`),
      `  PostgreSQL: ${databaseUrl}`,
      `  Redis:      ${redis.url}`,
      '  Ctrl+C stops everything and removes the temporary data.',
    ].join('\n'),
  );
} catch (err) {
  console.error(err);
  await stopAll(1);
}
