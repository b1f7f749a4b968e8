import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, OPTIONS, helpText, loadConfig, unknownEnv } from './config';
import { resolveOptions } from './options';
import { DEFAULT_RATE_LIMITS } from './options';

const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(argv, env, '/repo');
const error = (argv: string[], env: Record<string, string> = {}) => {
  try {
    load(argv, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('configuration', () => {
  it('defaults describe a local demo-less server', () => {
    const { config, args } = load([]);
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/repo/data', demo: false, trustProxy: false, metricsToken: null, drainMs: 0 });
    expect(config.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(args).toEqual([]);
  });

  it('flags win over the environment, which wins over the config file', () => {
    const file = join(dir, 'parley.json');
    writeFileSync(
      file,
      JSON.stringify({ PORT: 7000, HOST: '0.0.0.0', PARLEY_LOG_LEVEL: 'info', PARLEY_RATE_LIMITS: { loginPerIp: { capacity: 3, perSecond: 1 } } }),
    );
    const { config, args } = load(['--config', file, '--port', '9000', 'serve'], { PORT: '8000', HOST: '::' });
    expect(config.port).toBe(9000);
    expect(config.host).toBe('::');
    expect(config.logLevel).toBe('info');
    expect(config.rateLimits.loginPerIp).toEqual({ capacity: 3, perSecond: 1 });
    expect(config.rateLimits.messagesPerVisitor).toEqual(DEFAULT_RATE_LIMITS.messagesPerVisitor);
    expect(args).toEqual(['serve']);
    expect(load(['--demo', '--trust-proxy=2'], { PARLEY_CONFIG: file }).config).toMatchObject({ demo: true, trustProxy: 2, port: 7000 });
  });

  it('a bad value is one line naming the setting and the value', () => {
    expect(error([], { PORT: '80a' })).toBe('PORT must be a whole number from 0 to 65535 (got "80a")');
    expect(error(['--port', '70000'])).toBe('--port must be a whole number from 0 to 65535 (got "70000")');
    expect(error([], { PARLEY_DEMO: 'sure' })).toMatch(/^PARLEY_DEMO must be 1 or 0/);
    expect(error([], { PARLEY_LOG_LEVEL: 'loud' })).toMatch(/^PARLEY_LOG_LEVEL must be one of fatal, error/);
    expect(error([], { PARLEY_PUBLIC_URL: 'chat.example.com' })).toMatch(/^PARLEY_PUBLIC_URL must be a URL \(http or https\)/);
    expect(error([], { PARLEY_RATE_LIMITS: '{"nope":{"capacity":1,"perSecond":1}}' })).toMatch(/^PARLEY_RATE_LIMITS has a bad value at nope/);
    expect(error([], { PARLEY_RATE_LIMITS: '{oops' })).toMatch(/^PARLEY_RATE_LIMITS must be JSON/);
    expect(error([], { PARLEY_TRUST_PROXY: 'everyone' })).toMatch(/^PARLEY_TRUST_PROXY must be 1 or 0/);
    expect(error(['--port'])).toBe('--port needs a value (N)');
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ PROT: 1 }));
    expect(error(['--config', file])).toMatch(/has an unknown setting PROT/);
    writeFileSync(file, JSON.stringify({ PORT: 'x' }));
    expect(error(['--config', file])).toBe(`PORT (in ${file}) must be a whole number from 0 to 65535 (got "x")`);
    for (const m of [error([], { PORT: '-1' }), error([], { PARLEY_DRAIN_MS: '1.5' })]) expect(m.split('\n')).toHaveLength(1);
  });

  it('trusts proxies by flag, hop count or address list', () => {
    expect(load([], { PARLEY_TRUST_PROXY: '1' }).config.trustProxy).toBe(true);
    expect(load([], { PARLEY_TRUST_PROXY: '3' }).config.trustProxy).toBe(3);
    expect(load([], { PARLEY_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).config.trustProxy).toBe('127.0.0.1,10.0.0.0/8');
  });

  it("caps the read threads' CPU by a percent, off, or the machine's default", () => {
    expect(load([], {}).config.readCpuPercent).toBe('auto');
    expect(load([], { PARLEY_READ_CPU_PERCENT: '40' }).config.readCpuPercent).toBe(40);
    expect(load([], { PARLEY_READ_CPU_PERCENT: 'off' }).config.readCpuPercent).toBeNull();
    expect(error([], { PARLEY_READ_CPU_PERCENT: '2' })).toContain('PARLEY_READ_CPU_PERCENT');
    // Off stays off once resolved (null is not "unset").
    expect(resolveOptions({ dataDir: '/d', readCpuPercent: null }).readCpuPercent).toBeNull();
    expect(resolveOptions({ dataDir: '/d' }).readCpuPercent).toBe('auto');
  });

  it('--help lists every setting; unknown PARLEY_ variables are named', () => {
    const help = helpText();
    for (const o of OPTIONS) {
      if ('hidden' in o && o.hidden) expect(help).not.toContain(o.env);
      else expect(help).toContain(o.flag);
    }
    expect(unknownEnv({ PARLEY_TRUST_PROXI: '1', PARLEY_DEMO: '1', PATH: '/bin' })).toEqual(['PARLEY_TRUST_PROXI']);
  });
});
