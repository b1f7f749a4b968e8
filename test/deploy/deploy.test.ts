/**
 * Deploy files, the quick checks (part of `npm test`): the Dockerfile's shape, the compose file
 * parses and uses real settings, the systemd unit passes `systemd-analyze verify`. Its build steps
 * run as plain commands in `build.test.ts` (`npm run test:deploy`: minutes of npm ci and build).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../packages/server/src/config';
import { REPO_ROOT } from '../../packages/server/test/harness';
import { execForm, parseDockerfile, readText } from './dockerfile';

const SETTINGS = new Set<string>(OPTIONS.map((o) => o.env));

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
    const env = last.steps
      .filter((s) => s.op === 'ENV')
      .map((s) => s.args)
      .join(' ');
    for (const k of env.matchAll(/(\w+)=/g)) if (k[1] !== 'NODE_ENV') expect(SETTINGS, k[1]).toContain(k[1]);
  });
});

describe('docker-compose.yml', () => {
  it('parses, and runs the image with a data volume, loopback port, real settings and a readiness check', () => {
    const doc = parseYaml(readText(join(REPO_ROOT, 'docker-compose.yml'))) as {
      services: Record<
        string,
        { build: string; ports: string[]; environment: Record<string, string>; volumes: string[]; healthcheck: { test: string[] }; stop_signal: string }
      >;
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
