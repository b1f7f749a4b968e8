/**
 * `tsx packages/server/src/main.ts`: the reference server on an embedded SQLite file.
 *
 * Environment:
 *   PORT (8080), HOST (127.0.0.1), PARLEY_DATA_DIR (<repo>/data), PARLEY_DEMO=1 (demo endpoints),
 *   PARLEY_LOG_LEVEL (warn), PARLEY_OWNER_PASSWORD (demo owner's password on first run),
 *   PARLEY_PRESENCE_GRACE_MS (30000), PARLEY_TRUST_PROXY=1, PARLEY_STATIC=0 (no examples/bundles),
 *   PARLEY_EXAMPLES_DIR (<repo>/examples), PARLEY_DIST_DIR (<repo>/dist),
 *   PARLEY_RATE_LIMITS (JSON, e.g. {"messagesPerVisitor":{"capacity":100,"perSecond":10}}),
 *   PARLEY_READ_WORKERS (1: threads for long reads such as search; 0 runs them on the main thread),
 *   PARLEY_CLOCK_OFFSET_MS (testing only: shifts the server clock, e.g. to exercise retention).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RateLimitOptions } from './options';
import { createServer } from './app';
import { seedDemo } from './seed';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;

function intEnv(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number`);
  return n;
}

function rateLimits(): Partial<RateLimitOptions> {
  const raw = env.PARLEY_RATE_LIMITS;
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('PARLEY_RATE_LIMITS must be a JSON object');
  return parsed as Partial<RateLimitOptions>;
}

async function main(): Promise<void> {
  const dataDir = resolve(env.PARLEY_DATA_DIR || join(repo, 'data'));
  const offset = intEnv('PARLEY_CLOCK_OFFSET_MS', 0);
  const examples = resolve(env.PARLEY_EXAMPLES_DIR || join(repo, 'examples'));
  const dist = resolve(env.PARLEY_DIST_DIR || join(repo, 'dist'));
  const staticOn = env.PARLEY_STATIC !== '0';
  const server = await createServer({
    dataDir,
    port: intEnv('PORT', 8080),
    host: env.HOST || '127.0.0.1',
    logLevel: env.PARLEY_LOG_LEVEL || 'warn',
    demo: env.PARLEY_DEMO === '1',
    trustProxy: env.PARLEY_TRUST_PROXY === '1',
    presenceGraceMs: intEnv('PARLEY_PRESENCE_GRACE_MS', 30_000),
    rateLimits: rateLimits(),
    clock: offset ? () => Date.now() + offset : Date.now,
    staticDirs: staticOn ? { examples: existsSync(examples) ? examples : undefined, dist } : {},
    readWorkers: intEnv('PARLEY_READ_WORKERS', 1),
  });
  const creds = await seedDemo(server.ctx.db, dataDir, server.ctx.now(), env.PARLEY_OWNER_PASSWORD);
  if (creds.created) server.ctx.projects.changed(creds.project);
  const url = await server.listen();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down`);
    server.close().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  console.log(
    [
      '',
      `Parley is running at ${url}`,
      `  Examples:  ${url}/`,
      `  Console:   ${url}/console`,
      `  Widget:    ${url}/widget.js   Multiwidget: ${url}/multiwidget.js`,
      `  API docs:  ${url}/api/v1/openapi.json`,
      `  Login:     ${creds.email}`,
      `  Password:  ${creds.password}`,
      `  Data:      ${dataDir}`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
