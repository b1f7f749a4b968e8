/**
 * The compiled server (packages/server/dist/main.js) in production mode, from an empty data dir:
 * nothing exists until setup; then two projects whose widgets, operators and dialogs never see
 * each other.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../src/config';
import {
  REPO_ROOT,
  ensureServerBuild,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  operatorClient,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from './harness';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ production: true });
});
afterAll(async () => {
  await srv?.stop();
});

function setupToken(logs: string): string {
  const m = /\/console\/#\/setup\/([A-Za-z0-9_-]+)/.exec(logs);
  if (!m?.[1]) throw new Error(`no setup link in:\n${logs}`);
  return m[1];
}

async function json(path: string, init: RequestInit = {}) {
  const r = await fetch(srv.url + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  return { status: r.status, body: r.status === 204 ? null : await r.json(), headers: r.headers };
}

describe('production start', () => {
  it('creates nothing until setup: no demo, no password, no example pages; the setup link is printed once', async () => {
    const logs = srv.logs();
    expect(logs).toContain('Parley is running at');
    expect(logs).not.toMatch(/Password:/);
    expect(logs).not.toContain('owner@parley.local');
    const token = setupToken(logs);
    expect((await json('/api/v1/setup')).body).toEqual({ needed: true });
    expect((await fetch(`${srv.url}/api/v1/widget/projects/demo/config`)).status).toBe(404);
    expect((await fetch(`${srv.url}/`)).status).toBe(404);
    expect((await fetch(`${srv.url}/demo/sign`, { method: 'POST' })).status).toBe(404);
    // Metrics are off unless a token is configured.
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect((await json('/api/v1/operator/auth/login', { method: 'POST', body: JSON.stringify({ email: 'owner@parley.local', password: 'x' }) })).status).toBe(
      401,
    );

    await srv.restart();
    expect(srv.logs()).not.toContain(token);
    expect(srv.logs()).toContain(join(srv.dataDir, 'setup-token'));
    expect(existsSync(join(srv.dataDir, 'setup-token'))).toBe(true);
  });

  it('setup with the link: once, with the right token; then the owner is signed in with a first project', async () => {
    const token = JSON.parse(await import('node:fs/promises').then((f) => f.readFile(join(srv.dataDir, 'setup-token'), 'utf8'))).token as string;
    const body = { email: 'owner@example.com', name: 'Olga Owner', password: 'a-long-owner-password', projectName: 'Main site', locale: 'en' };
    const wrong = await json('/api/v1/setup', { method: 'POST', body: JSON.stringify({ ...body, token: 'x'.repeat(32) }) });
    expect(wrong.status).toBe(403);
    const ok = await json('/api/v1/setup', { method: 'POST', body: JSON.stringify({ ...body, token }) });
    expect(ok.status).toBe(201);
    expect(ok.body.operator).toMatchObject({ email: 'owner@example.com', role: 'owner', workspaceRole: 'owner' });
    expect(ok.body.project.id).toMatch(/^main-site-[a-z0-9]{12}$/);
    const cookie = ok.headers
      .getSetCookie()
      .find((c) => c.startsWith('parley_session='))
      ?.split(';')[0];
    expect(cookie).toBeTruthy();
    const owner = operatorClient(srv.url, cookie as string);
    expect((await owner.get('/api/v1/operator/me')).body.operator.email).toBe('owner@example.com');
    expect(existsSync(join(srv.dataDir, 'setup-token'))).toBe(false);
    expect((await json('/api/v1/setup')).body).toEqual({ needed: false });
    const again = await json('/api/v1/setup', { method: 'POST', body: JSON.stringify({ ...body, token }) });
    expect(again.status).toBe(409);
  });

  it('then serves two projects whose widgets, operators and dialogs never see each other', async () => {
    const owner = await loginOperator(srv.url, 'owner@example.com', 'a-long-owner-password');
    const [first] = (await owner.get('/api/v1/operator/projects')).body.projects as { id: string }[];
    const second = (await owner.post('/api/v1/operator/projects', { name: 'Second site', locale: 'fr' })).body.project.id as string;
    const ids = [first!.id, second];
    const ops: OperatorClient[] = [];
    for (const [i, p] of ids.entries()) {
      const r = await owner
        .in(p)
        .post('/api/v1/operator/operators', { email: `op${i}@example.com`, name: `Op ${i}`, password: 'operator-password-1', role: 'admin' });
      expect(r.status).toBe(201);
      ops.push(await loginOperator(srv.url, `op${i}@example.com`, 'operator-password-1'));
    }
    const consoles = await Promise.all(
      ops.map(async (c) => {
        const s = await openOperatorSocket(srv.url, c);
        await s.next('session.welcome');
        return s;
      }),
    );
    const visitors = await Promise.all(
      ids.map(async (p) => {
        const v = await openVisitorSocket(srv.url, { project: p });
        await v.welcome;
        return v;
      }),
    );
    const acks = [await sendMessage(visitors[0]!, 'question on site one'), await sendMessage(visitors[1]!, 'question on site two')];
    for (const [i, c] of consoles.entries()) {
      await c.waitFor((f) => f.type === 'dialog.updated' && f.dialog.id === acks[i]!.dialogId);
    }
    for (const [i, op] of ops.entries()) {
      const list = (await op.get('/api/v1/operator/dialogs?view=all')).body.dialogs.map((d: { id: string }) => d.id);
      expect(list).toEqual([acks[i]!.dialogId]);
      expect((await op.get(`/api/v1/operator/dialogs/${acks[1 - i]!.dialogId}`)).status).toBe(404);
      // A reply reaches its own visitor only.
      await op.post(`/api/v1/operator/dialogs/${acks[i]!.dialogId}/messages`, { clientId: `reply-${i}-abcdefgh`, text: `answer ${i}` });
      await visitors[i]!.waitFor((f) => f.type === 'message.new' && f.message.text === `answer ${i}`);
    }
    const seen = (i: number) => JSON.stringify([...consoles[i]!.frames, ...visitors[i]!.frames]);
    expect(seen(0)).not.toContain(acks[1]!.dialogId);
    expect(seen(1)).not.toContain(acks[0]!.dialogId);
    expect(seen(0)).not.toContain('answer 1');
    expect(seen(1)).not.toContain('answer 0');
    await Promise.all([...consoles, ...visitors].map((s) => s.close()));
  });
});

describe('the parley command', () => {
  const main = () => ensureServerBuild();
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [main(), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PARLEY_DEMO: '0', ...env } });

  it('--help lists every setting', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const o of OPTIONS) if (!('hidden' in o && o.hidden)) expect(r.stdout, o.env).toContain(o.env);
    for (const cmd of ['setup', 'reset-password', 'backup', 'restore']) expect(r.stdout).toContain(cmd);
  });

  it('a bad value stops it with one line naming the setting', () => {
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{ PORT: 'eighty' }, [], /^parley: PORT must be a whole number/],
      [{ PARLEY_TRUST_PROXY: 'maybe' }, [], /^parley: PARLEY_TRUST_PROXY must be/],
      [{ PARLEY_RATE_LIMITS: '{"loginPerIp":{"capacity":0,"perSecond":1}}' }, [], /^parley: PARLEY_RATE_LIMITS has a bad value at loginPerIp\.capacity/],
      [{}, ['--smtp-url', 'mail.example.com'], /^parley: --smtp-url must be a URL/],
      [{}, ['--no-such-flag'], /^parley: unknown command or option --no-such-flag/],
    ];
    for (const [env, args, line] of cases) {
      const r = run(args, env);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(line);
    }
  });
});
