/**
 * Deploy files, checked as far as this machine can: the Dockerfile's build steps run as plain
 * commands in a copy of the repository (`npm ci`, `npm run build`, `npm ci --omit=dev`, then the
 * image's CMD with only production dependencies), the compose file parses and uses real
 * settings, the systemd unit passes `systemd-analyze verify`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../packages/server/src/config';
import { REPO_ROOT, freePort } from '../../packages/server/test/harness';
import { buildContext, execForm, parseDockerfile, readText, runStages } from './dockerfile';

const SETTINGS = new Set<string>(OPTIONS.map((o) => o.env));

/** The image builds everything, whatever this shell's PARLEY_ONLY says. */
function withoutParleyOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PARLEY_ONLY: _drop, ...rest } = env;
  return rest;
}
const scratch = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Dockerfile', () => {
  const stages = parseDockerfile(readText(join(REPO_ROOT, 'Dockerfile')));

  it('is multi-stage, runs as a non-root user with only production dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const last = stages[stages.length - 1]!;
    const ops = last.steps.map((s) => s.op);
    expect(last.steps.find((s) => s.op === 'USER')?.args).toBe('node');
    expect(ops.indexOf('USER')).toBeLessThan(ops.indexOf('CMD'));
    expect(execForm(last.steps.find((s) => s.op === 'CMD')!.args)).toEqual(['node', 'packages/server/dist/main.js']);
    const runs = stages.flatMap((s) => s.steps.filter((x) => x.op === 'RUN').map((x) => x.args));
    expect(runs).toContain('npm ci --omit=dev');
    expect(last.steps.some((s) => s.op === 'VOLUME' && s.args.includes('/data'))).toBe(true);
    const env = last.steps.filter((s) => s.op === 'ENV').map((s) => s.args).join(' ');
    for (const k of env.matchAll(/(\w+)=/g)) if (k[1] !== 'NODE_ENV') expect(SETTINGS, k[1]).toContain(k[1]);
  });

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
    for (const dev of ['rollup', 'vitest', 'tsx', 'playwright-core', 'dependency-cruiser', '@rollup/plugin-typescript']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    for (const dep of ['fastify', 'better-sqlite3', 'kysely', 'prom-client']) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);
    expect(existsSync(join(app, 'dist/widget.js'))).toBe(true);
    expect(existsSync(join(app, 'dist/console/index.html'))).toBe(true);

    const port = await freePort();
    const dataDir = join(final.root, 'data');
    const env = { ...process.env, ...final.env, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_DEMO: '0' };
    const [cmd, ...args] = final.cmd!;
    const child = spawn(cmd === 'node' ? process.execPath : cmd!, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
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

describe('docker-compose.yml', () => {
  it('parses, and runs the image with a data volume, loopback port, real settings and a readiness check', () => {
    const doc = parseYaml(readText(join(REPO_ROOT, 'docker-compose.yml'))) as {
      services: Record<string, { build: string; ports: string[]; environment: Record<string, string>; volumes: string[]; healthcheck: { test: string[] }; stop_signal: string }>;
      volumes: Record<string, unknown>;
    };
    const p = doc.services.parley!;
    expect(p.build).toBe('.');
    expect(p.volumes.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(Object.keys(doc.volumes)).toContain(p.volumes[0]!.split(':')[0]);
    expect(p.ports).toEqual(['127.0.0.1:8080:8080']);
    for (const k of Object.keys(p.environment)) expect(SETTINGS, k).toContain(k);
    expect(p.healthcheck.test.join(' ')).toContain('/readyz');
    expect(p.stop_signal).toBe('SIGTERM');
  });
});

describe('systemd unit', () => {
  const unit = readText(join(REPO_ROOT, 'deploy/parley.service'));
  it('starts the compiled server as an unprivileged user, with known settings', () => {
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/parley\/packages\/server\/dist\/main\.js$/m);
    expect(unit).toMatch(/^User=parley$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    for (const m of unit.matchAll(/^Environment=(\w+)=/gm)) if (m[1] !== 'NODE_ENV') expect(SETTINGS, m[1]).toContain(m[1]);
  });
  it('passes systemd-analyze verify', () => {
    const which = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' });
    if (which.status !== 0) {
      expect(process.env.CI, 'systemd-analyze is missing').not.toBe('true');
      console.warn('systemd-analyze not installed: the unit is not verified');
      return;
    }
    const file = join(scratch, 'parley.service');
    writeFileSync(file, unit);
    const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toBe('');
  });
});
