/**
 * The Dockerfile's build steps run as plain commands in a copy of the repository (`npm ci`,
 * `npm run build`, `npm ci --omit=dev`), then the image's CMD starts with only production
 * dependencies. Minutes of CPU and the npm registry (or its cache): `npm run test:deploy`, not
 * `npm test`, so it does not compete with the timing-sensitive browser tests on 2 cores.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, freePort } from '../../packages/server/test/harness';
import { buildContext, parseDockerfile, readText, runStages } from './dockerfile';

/** The image builds everything, whatever this shell's PARLEY_ONLY says. */
function withoutParleyOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PARLEY_ONLY: _drop, ...rest } = env;
  return rest;
}
const scratch = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Dockerfile build', () => {
  const stages = parseDockerfile(readText(join(REPO_ROOT, 'Dockerfile')));

  it('its build steps, run as plain commands, make a server that starts with production dependencies only', async () => {
    const context = join(scratch, 'context');
    buildContext(REPO_ROOT, context);
    const results = runStages(stages, {
      context,
      scratch,
      // System packages (present here) and the volume's owner (no `node` user here): not run.
      systemSteps: [/^apt-get /, /^mkdir -p \/data && chown /],
      env: { ...withoutParleyOnly(process.env), CI: 'true', npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
      log: (l) => console.log(`Dockerfile: ${l}`),
    });
    const final = results.get(String(stages.length - 1))!;
    const app = final.workdir;
    // Production dependencies only.
    // (TypeScript itself may stay: valibot names it as a peer.)
    for (const dev of ['rollup', 'vitest', 'tsx', 'playwright-core', 'dependency-cruiser', '@rollup/plugin-typescript'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    for (const dep of ['fastify', 'better-sqlite3', 'kysely', 'prom-client']) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);
    expect(existsSync(join(app, 'dist/widget.js'))).toBe(true);
    expect(existsSync(join(app, 'dist/console/index.html'))).toBe(true);

    const port = await freePort();
    const dataDir = join(final.root, 'data');
    const env = { ...process.env, ...final.env, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_DEMO: '0' };
    const [cmd, ...args] = final.cmd!;
    const child = spawn(cmd === 'node' ? process.execPath : cmd!, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      await expect.poll(() => out.includes('Parley is running at'), { timeout: 60_000, interval: 200 }).toBe(true);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect(await (await fetch(`${base}/api/v1/setup`)).json()).toEqual({ needed: true });
      expect(out).toMatch(/\/console\/#\/setup\//);
      expect((await fetch(`${base}/widget.js`)).status).toBe(200);
      expect((await fetch(`${base}/console/`)).status).toBe(200);
      expect((await fetch(`${base}/`)).status).toBe(404);
      // The image's HEALTHCHECK command, as Docker would run it.
      const [hc, ...hcArgs] = final.healthcheck!;
      const probe = spawnSync(hc === 'node' ? process.execPath : hc!, hcArgs, { env, encoding: 'utf8', timeout: 10_000 });
      expect(probe.status).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode).toBe(0);
  }, 3_600_000);
});
