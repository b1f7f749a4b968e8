/**
 * parley setup and parley user reset-password (run in this process against the data dir a real
 * server uses), and password reset by email through an SMTP stand-in on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import type { Io } from '../src/commands/common';
import { freePort, loginOperator, startServer, testStore, type RunningServer } from './harness';

let dataDir: string;
let srv: RunningServer | null = null;
/** The commands and the server share the store: the data dir's file, or (PostgreSQL project) one database. */
let database: { url: string; drop(): Promise<void> } | null = null;
const storeEnv = (): Record<string, string> => (database ? { DATABASE_URL: database.url } : {});
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  if (testStore() === 'postgres') database = await (await import('./pg-cluster')).testDatabase();
});
afterAll(async () => {
  await srv?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => stdin };
  const code = await runCli(args, { PARLEY_DATA_DIR: dataDir, PARLEY_PUBLIC_URL: 'https://chat.example.test', ...storeEnv() }, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function linkToken(text: string, kind: 'reset' | 'setup'): string {
  const m = new RegExp(`https://chat\\.example\\.test/console/#/${kind}/([A-Za-z0-9_-]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${kind} link in: ${text}`);
  return m[1];
}

async function reset(token: string, password: string): Promise<number> {
  const r = await fetch(`${srv!.url}/api/v1/operator/auth/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password }),
  });
  return r.status;
}

describe('parley setup and parley user reset-password', () => {
  it('setup on the machine creates the owner and the first project, once', async () => {
    const bad = await cli(['setup', '--email', 'not-an-email', '--name', 'X', '--project', 'Y']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^parley: --email/);
    const missing = await cli(['setup', '--email', 'boss@example.com']);
    expect(missing.err).toMatch(/--name is required/);

    const r = await cli(['setup', '--email', 'boss@example.com', '--name', 'Boss', '--project', 'Web shop', '--password-stdin'], 'boss-password-123\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/project "Web shop" \(id web-shop-[a-z0-9]{12}\)/);
    const again = await cli(['setup', '--email', 'other@example.com', '--name', 'O', '--project', 'P', '--password-stdin'], 'other-password-1');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already set up/);

    srv = await startServer({ production: true, dataDir, env: storeEnv() });
    expect(srv.logs()).not.toContain('/console/#/setup/');
    const owner = await loginOperator(srv.url, 'boss@example.com', 'boss-password-123');
    const projects = (await owner.get('/api/v1/operator/projects')).body.projects;
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ name: 'Web shop', role: 'owner' });
  });

  it('reset-password prints a one-time link; using it sets the password and ends every session', async () => {
    const before = await loginOperator(srv!.url, 'boss@example.com', 'boss-password-123');
    const r = await cli(['user', 'reset-password', 'boss@example.com']);
    expect(r.code, r.err).toBe(0);
    const token = linkToken(r.out, 'reset');
    expect(await reset(token, 'short')).toBe(400);
    expect(await reset(token, 'a-brand-new-password')).toBe(204);
    expect(await reset(token, 'yet-another-password')).toBe(403);
    expect((await before.get('/api/v1/operator/me')).status).toBe(401);
    await expect(loginOperator(srv!.url, 'boss@example.com', 'boss-password-123')).rejects.toThrow(/401/);
    await loginOperator(srv!.url, 'boss@example.com', 'a-brand-new-password');

    const unknown = await cli(['user', 'reset-password', 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no account with the email nobody@example.com/);
  });
});

describe('password reset by email', () => {
  it('without mail settings the console is told to ask the administrator; with them, a link arrives, for known addresses only', async () => {
    const ask = (email: string) =>
      fetch(`${srv!.url}/api/v1/operator/auth/reset-request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await ask('boss@example.com')).toEqual({ status: 202, body: { mail: false } });

    const mails: { to: string; body: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let body = '';
        stream.on('data', (d: Buffer) => {
          body += d.toString();
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
          done();
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((res) => smtp.listen(port, '127.0.0.1', () => res()));
    try {
      await srv!.restart({
        ...storeEnv(),
        PARLEY_SMTP_URL: `smtp://127.0.0.1:${port}`,
        PARLEY_MAIL_FROM: 'Parley <chat@example.test>',
        PARLEY_PUBLIC_URL: 'https://chat.example.test',
      });
      expect(await ask('nobody@example.com')).toEqual({ status: 202, body: { mail: true } });
      expect(await ask('boss@example.com')).toEqual({ status: 202, body: { mail: true } });
      await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(1);
      const mail = mails[0]!;
      expect(mail.to).toBe('boss@example.com');
      expect(mail.body).toContain('From: Parley <chat@example.test>');
      const token = linkToken(mail.body.replace(/=\r?\n/g, ''), 'reset');
      expect(await reset(token, 'password-from-mail')).toBe(204);
      await loginOperator(srv!.url, 'boss@example.com', 'password-from-mail');
    } finally {
      await new Promise<void>((res) => smtp.close(() => res()));
    }
  });
});
