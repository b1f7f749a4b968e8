import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP_CHROME,
  MOBILE_SAFARI,
  clientId,
  loginOperator,
  openVisitorSocket,
  projectSecret,
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
let secret: IdentityKeys;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  secret = await projectSecret(owner);
});
afterAll(async () => {
  await srv?.stop();
});

const ERR_INVALID = 'Your sign-in could not be verified. Please sign in again.';

describe('verified visitors', () => {
  it('keep one continuous dialog across devices; each message keeps its device', async () => {
    const user = `user-${clientId()}`;
    const identity = { id: user, signature: sign(secret, user), name: 'Ivan Petrov', email: 'ivan@example.com' };
    const desk = await openVisitorSocket(srv.url, { identity, device: DESKTOP_CHROME });
    const dw = await desk.welcome;
    expect(dw.visitor).toMatchObject({ kind: 'verified', userId: user, name: 'Ivan Petrov' });
    const a1 = await sendMessage(desk, 'Hello from my desktop');
    expect(a1.type).toBe('message.ack');

    const phone = await openVisitorSocket(srv.url, { identity, device: MOBILE_SAFARI });
    const pw = await phone.welcome;
    expect(pw.dialog.id).toBe(a1.dialogId);
    expect(pw.sync).toBe('snapshot');
    const batch = await phone.next('history.batch');
    expect(batch.messages.map((m: any) => m.text)).toEqual(['Hello from my desktop']);

    // Both devices receive each other's messages.
    const a2 = await sendMessage(phone, 'And now from my phone');
    expect(a2.dialogId).toBe(a1.dialogId);
    await desk.waitFor((f) => f.type === 'message.new' && f.message.text === 'And now from my phone');
    await phone.waitFor((f) => f.type === 'message.new' && f.message.text === 'And now from my phone');

    // The operator sees two devices and the device of every message.
    const detail = await owner.get(`/api/v1/operator/dialogs/${a1.dialogId}`);
    expect(detail.body.visitor).toMatchObject({ kind: 'verified', userId: user, name: 'Ivan Petrov', email: 'ivan@example.com' });
    const labels = detail.body.devices.map((d: any) => d.label).sort();
    expect(labels).toEqual(['Chrome 127.0.6533.103', 'Mobile Safari 17.6.1']);
    const byLabel = new Map(detail.body.devices.map((d: any) => [d.label, d.id]));
    const tl = await owner.get(`/api/v1/operator/dialogs/${a1.dialogId}/timeline`);
    const devOf = new Map(tl.body.messages.map((m: any) => [m.text, m.deviceId]));
    expect(devOf.get('Hello from my desktop')).toBe(byLabel.get('Chrome 127.0.6533.103'));
    expect(devOf.get('And now from my phone')).toBe(byLabel.get('Mobile Safari 17.6.1'));

    // Closed, then the visitor writes again: the same dialog reopens, history intact.
    await owner.post(`/api/v1/operator/dialogs/${a1.dialogId}/close`, { status: 'resolved' });
    await desk.next('dialog.closed');
    const a3 = await sendMessage(desk, 'A new question');
    expect(a3.dialogId).toBe(a1.dialogId);
    const reopened = await phone.waitFor((f) => f.type === 'dialog.opened');
    expect(reopened.reopened).toBe(true);
    expect(desk.frames.some((f) => f.type === 'session.token')).toBe(false);
    const later = await openVisitorSocket(srv.url, { identity: { jwt: signJwt(secret, { sub: user, exp: Math.floor(Date.now() / 1000) + 600 }) } });
    await later.welcome;
    const all = await later.next('history.batch');
    expect(all.messages.map((m: any) => m.text)).toEqual(['Hello from my desktop', 'And now from my phone', 'A new question']);
    await Promise.all([desk.close(), phone.close(), later.close()]);
  });

  it('refuse a forged signature, a missing one, an expired JWT and a JWT with another alg, and send nothing else', async () => {
    const user = `victim-${clientId()}`;
    const v0 = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(secret, user) } });
    await v0.welcome;
    await sendMessage(v0, 'private text');
    await v0.close();

    const now = Math.floor(Date.now() / 1000);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: user, exp: now + 600 })).toString('base64url')}.x`;
    const cases: [string, Record<string, unknown>, string][] = [
      ['forged', { id: user, signature: sign('not-the-secret', user) }, 'identity_invalid'],
      ['missing', { id: user }, 'identity_invalid'],
      ['malformed', { id: user, signature: 'zz' }, 'identity_invalid'],
      ["someone else's", { id: user, signature: sign(secret, `${user}x`) }, 'identity_invalid'],
      ['expired jwt', { jwt: signJwt(secret, { sub: user, exp: now - 10 }) }, 'identity_expired'],
      ['jwt with alg none', { jwt: none }, 'identity_invalid'],
      ['jwt HS512', { jwt: signJwt(secret, { sub: user, exp: now + 600 }, { alg: 'HS512', typ: 'JWT' }) }, 'identity_invalid'],
      ['jwt wrong key', { jwt: signJwt('wrong', { sub: user, exp: now + 600 }) }, 'identity_invalid'],
    ];
    for (const [name, identity, code] of cases) {
      const v = await openVisitorSocket(srv.url, { identity });
      const err = await v.next('session.error');
      expect(err, name).toMatchObject({ code, fatal: true, retryable: false });
      if (code === 'identity_invalid') expect(err.message).toBe(ERR_INVALID);
      const closeCode = await v.closed;
      expect(closeCode).toBe(1008);
      expect(
        v.frames.map((f) => f.type),
        name,
      ).toEqual(['session.error']);
    }
  });

  it("a token issued to a signed-in user gives nothing without that user's proof; logout revokes it", async () => {
    const user = `bound-${clientId()}`;
    const identity = { id: user, signature: sign(secret, user) };
    const v = await openVisitorSocket(srv.url, { identity });
    const w = await v.welcome;
    const ack = await sendMessage(v, 'secret plans');

    const thief = await openVisitorSocket(srv.url, { token: w.token, resume: { dialogId: ack.dialogId, seq: 0 } });
    const tw = await thief.welcome;
    expect(tw.visitor.kind).toBe('anonymous');
    expect(tw.dialog).toBeNull();
    expect(tw.token).not.toBe(w.token);
    thief.send({ type: 'history.fetch', dialogId: ack.dialogId, before: 100 });
    expect((await thief.next('session.error')).code).toBe('not_found');
    await thief.close();

    // Same device, same proof: the token is kept.
    const back = await openVisitorSocket(srv.url, { identity, token: w.token, resume: { dialogId: ack.dialogId, seq: ack.seq } });
    const bw = await back.welcome;
    expect(bw.token).toBe(w.token);
    expect(bw.sync).toBe('gap');

    back.send({ type: 'session.logout' });
    expect(await back.next('session.ended')).toMatchObject({ reason: 'logout' });
    expect(await v.next('session.ended')).toMatchObject({ reason: 'logout' });
    const upload = await fetch(`${srv.url}/api/v1/widget/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'text/plain', 'x-parley-file-name': 'a.txt' },
      body: 'hello',
    });
    expect(upload.status).toBe(401);
    await back.closed;
  });

  it('demo mode signs its sample users on the server, for the example pages', async () => {
    const r = await fetch(`${srv.url}/demo/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'demo-alice' }),
    });
    const body = await r.json();
    expect(body).toEqual({ id: 'demo-alice', signature: sign(secret, 'demo-alice'), name: 'Alice (demo)' });
    const v = await openVisitorSocket(srv.url, { identity: { id: body.id, signature: body.signature } });
    expect((await v.welcome).visitor).toMatchObject({ kind: 'verified', userId: 'demo-alice' });
    await v.close();
    expect((await fetch(`${srv.url}/demo/credentials`)).status).toBe(404);
  });
});
