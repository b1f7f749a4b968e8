import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP_CHROME,
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  sendMessage,
  sign,
  signJwt,
  startServer,
  type IdentityKeys,
  type OperatorClient,
  type RunningServer,
} from './harness';

let srv: RunningServer;
let owner: OperatorClient;
beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

async function hello(user: string, secret: IdentityKeys) {
  const v = await openVisitorSocket(srv.url, false);
  v.send({ type: 'session.hello', v: 1, project: 'demo', device: DESKTOP_CHROME, identity: { id: user, signature: sign(secret, user) } });
  const first = await v.waitFor((f) => f.type === 'session.welcome' || f.type === 'session.error');
  await v.close();
  return first;
}

describe('identity secrets without outages', () => {
  it('after a rotation the old secret still verifies (the visitor keeps the dialog) until it is revoked', async () => {
    const s1 = (await owner.get('/api/v1/operator/project')).body.identityKeys as IdentityKeys;
    const user = `u-${clientId()}`;
    const v = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(s1, user) } });
    await v.welcome;
    const ack = await sendMessage(v, 'before the rotation');
    await v.close();

    const rotated = await owner.post('/api/v1/operator/project/secret', {});
    expect(rotated.status).toBe(200);
    const s2 = rotated.body.identityKeys as IdentityKeys;
    expect(s2.hmac).not.toBe(s1.hmac);
    expect(s2.jwt).not.toBe(s1.jwt);
    expect(rotated.body.secrets.map((s: { keys: IdentityKeys; current: boolean; expiresAt: number | null }) => [s.keys, s.current, s.expiresAt])).toEqual([
      [s2, true, null],
      [s1, false, null],
    ]);

    // Signed with the old secret (the site's back end has not switched yet): same visitor, same dialog.
    const old = await hello(user, s1);
    expect(old).toMatchObject({ type: 'session.welcome', visitor: { kind: 'verified', userId: user } });
    expect(old.dialog.id).toBe(ack.dialogId);
    const fresh = await hello(user, s2);
    expect(fresh.dialog.id).toBe(ack.dialogId);
    // JWTs too.
    const jwtV = await openVisitorSocket(srv.url, { identity: { jwt: signJwt(s1, { sub: user, exp: Math.floor(Date.now() / 1000) + 600 }) } });
    expect((await jwtV.welcome).dialog.id).toBe(ack.dialogId);
    await jwtV.close();

    // The current secret cannot be revoked; the previous one can, and then it is refused.
    const [current, previous] = rotated.body.secrets as { id: string }[];
    expect((await owner.delete(`/api/v1/operator/project/secrets/${current!.id}`)).status).toBe(409);
    const revoked = await owner.delete(`/api/v1/operator/project/secrets/${previous!.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.secrets.map((s: { keys: IdentityKeys }) => s.keys)).toEqual([s2]);
    expect(await hello(user, s1)).toMatchObject({ type: 'session.error', code: 'identity_invalid', fatal: true });
    expect((await hello(user, s2)).dialog.id).toBe(ack.dialogId);
    expect((await owner.delete(`/api/v1/operator/project/secrets/${previous!.id}`)).status).toBe(404);
  });

  it('two secrets at most: a second rotation retires the oldest; only admins see secrets', async () => {
    const s1 = (await owner.get('/api/v1/operator/project')).body.identityKeys as IdentityKeys;
    const s2 = (await owner.post('/api/v1/operator/project/secret', {})).body.identityKeys as IdentityKeys;
    const third = await owner.post('/api/v1/operator/project/secret', {});
    const s3 = third.body.identityKeys as IdentityKeys;
    expect(third.body.secrets.map((s: { keys: IdentityKeys }) => s.keys)).toEqual([s3, s2]);
    const user = `u-${clientId()}`;
    expect(await hello(user, s1)).toMatchObject({ code: 'identity_invalid' });
    expect(await hello(user, s2)).toMatchObject({ type: 'session.welcome' });

    const op = await createOperator(owner, { email: `op-${clientId()}@x.test` });
    const seen = (await op.client.get('/api/v1/operator/project')).body;
    expect(seen.identityKeys).toBeUndefined();
    expect(seen.secret).toBeUndefined();
    expect(seen.secrets).toBeUndefined();
    expect((await op.client.post('/api/v1/operator/project/secret', {})).status).toBe(403);
  });

  it('a previous secret given an expiry stops verifying then', async () => {
    const before = (await owner.get('/api/v1/operator/project')).body.identityKeys as IdentityKeys;
    const past = await owner.post('/api/v1/operator/project/secret', { previousExpiresAt: Date.now() - 1000 });
    expect(past.body.error).toMatchObject({ code: 'bad_request', fields: ['previousExpiresAt'] });
    const hour = Date.now() + 3_600_000;
    const r = await owner.post('/api/v1/operator/project/secret', { previousExpiresAt: hour });
    expect(r.body.secrets[1]).toMatchObject({ keys: before, expiresAt: hour, current: false });
    const now = r.body.identityKeys as IdentityKeys;
    const user = `u-${clientId()}`;
    expect(await hello(user, before)).toMatchObject({ type: 'session.welcome' });
    // Two hours later (the server clock, moved forward): the previous secret has expired.
    await srv.restart({ PARLEY_CLOCK_OFFSET_MS: String(2 * 3_600_000) });
    expect(await hello(user, before)).toMatchObject({ code: 'identity_invalid' });
    expect(await hello(user, now)).toMatchObject({ type: 'session.welcome' });
  });
});
