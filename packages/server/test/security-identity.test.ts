/**
 * Issue 9, findings 1 and 2: the open demo signer and the HMAC/JWT key confusion, each attack
 * performed against a real server and asserted to fail.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  execSql,
  loginOperator,
  openVisitorSocket,
  projectKeys,
  sendMessage,
  sign,
  signJwt,
  startServer,
  type IdentityKeys,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { DEMO_USERS } from '../src/seed';

let srv: RunningServer;
let owner: OperatorClient;
let keys: IdentityKeys;
beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  keys = await projectKeys(owner);
});
afterAll(async () => {
  await srv?.stop();
});

const demoSign = (url: string, userId: string) =>
  fetch(`${url}/demo/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });

/** A real user of the site: signed in properly, with a conversation. */
async function realUser(userId: string): Promise<string> {
  const v = await openVisitorSocket(srv.url, { identity: { id: userId, signature: sign(keys, userId) } });
  await v.welcome;
  const ack = await sendMessage(v, `private note of ${userId}`);
  await v.close();
  return ack.dialogId as string;
}

describe('the demo signer', () => {
  it('refuses any id but its sample users: the attacker is never welcomed as a real user', async () => {
    await realUser('alice');
    const r = await demoSign(srv.url, 'alice');
    expect(r.status).toBe(403);
    const body = await r.json();
    expect(body.error.code).toBe('forbidden');
    expect(JSON.stringify(body)).not.toMatch(/[0-9a-f]{64}/);
    // Without a signature, a hello as alice is refused and reads nothing of hers.
    const v = await openVisitorSocket(srv.url, { identity: { id: 'alice', signature: '0'.repeat(64) } });
    const e = await v.next('session.error');
    expect(e).toMatchObject({ code: 'identity_invalid', fatal: true });
    expect(v.frames.some((f) => f.type === 'session.welcome' || f.type === 'history.batch')).toBe(false);
  });

  it('signs exactly the sample users the example page lists', async () => {
    const page = readFileSync(join(REPO_ROOT, 'examples/signed-in.html'), 'utf8');
    const listed = [...page.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(DEMO_USERS.map((u) => u.id));
    for (const u of DEMO_USERS) {
      const r = await demoSign(srv.url, u.id);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ id: u.id, signature: sign(keys, u.id), name: u.name });
    }
    expect(await (await fetch(`${srv.url}/demo/users`)).json()).toEqual({ users: DEMO_USERS });
  });

  it('does not exist outside demo mode, and never signs for a project the demo seed did not create', async () => {
    const other = await startServer();
    try {
      expect((await demoSign(other.url, 'demo-alice')).status).toBe(200);
      // Not in demo mode: there is no signer at all.
      await other.restart({ PARLEY_DEMO: '0' });
      expect((await demoSign(other.url, 'demo-alice')).status).toBe(404);
      // A "demo" project the seed did not make (no mark, no credentials file): demo mode signs nothing for it.
      await other.kill('SIGTERM');
      await execSql(other, "delete from server_meta where key = 'demo_project'");
      rmSync(join(other.dataDir, 'demo-credentials.txt'), { force: true });
      await other.restart({ PARLEY_DEMO: '1' });
      expect((await demoSign(other.url, 'demo-alice')).status).toBe(403);
    } finally {
      await other.stop();
    }
  });
});

describe('HMAC and JWT keys', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('an HMAC signature of a user-chosen "header.payload" id does not log in as alice through the JWT form', async () => {
    const dialogId = await realUser('alice-2');
    // The site signs ids its users choose (user names) with the HMAC form, so it signs this one:
    const signingInput = `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice-2', exp: Math.floor(Date.now() / 1000) + 600 })}`;
    const hex = sign(keys, signingInput);
    const v0 = await openVisitorSocket(srv.url, { identity: { id: signingInput, signature: hex } });
    expect((await v0.welcome).visitor.userId).toBe(signingInput);
    await v0.close();
    // The attacker turns it into a JWT for alice-2.
    const forged = `${signingInput}.${Buffer.from(hex, 'hex').toString('base64url')}`;
    const v = await openVisitorSocket(srv.url, { identity: { jwt: forged } });
    expect(await v.next('session.error')).toMatchObject({ code: 'identity_invalid', fatal: true });
    expect(await v.closed).toBe(1008);
    expect(v.frames.map((f) => f.type)).toEqual(['session.error']);
    // alice-2's dialog got nothing from the attacker.
    const tl = await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`);
    expect(tl.body.messages.map((m: { text: string }) => m.text)).toEqual(['private note of alice-2']);
  });

  it('a JWT signature is no HMAC signature either; each form works with its own key only', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const jwt = signJwt(keys, { sub: 'bob', exp });
    const ok = await openVisitorSocket(srv.url, { identity: { jwt } });
    expect((await ok.welcome).visitor).toMatchObject({ kind: 'verified', userId: 'bob' });
    await ok.close();
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const asHmac = await openVisitorSocket(srv.url, { identity: { id: `${h}.${p}`, signature: Buffer.from(s, 'base64url').toString('hex') } });
    expect(await asHmac.next('session.error')).toMatchObject({ code: 'identity_invalid' });
    // The wrong form's key is refused too, with the id and the JWT alike.
    const crossed = await openVisitorSocket(srv.url, { identity: { id: 'bob', signature: sign(keys.jwt, 'bob') } });
    expect(await crossed.next('session.error')).toMatchObject({ code: 'identity_invalid' });
    const crossedJwt = await openVisitorSocket(srv.url, { identity: { jwt: signJwt(keys.hmac, { sub: 'bob', exp }) } });
    expect(await crossedJwt.next('session.error')).toMatchObject({ code: 'identity_invalid' });
  });
});
