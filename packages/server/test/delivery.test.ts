import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MOBILE_SAFARI,
  clientId,
  loginOperator,
  openVisitorSocket,
  projectSecret,
  sendMessage,
  sign,
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

describe('delivery guarantees', () => {
  it('the same clientId twice makes one message and the same ack, even from another connection', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    const id = clientId();
    const first = await sendMessage(v, 'Only once', id);
    const second = await sendMessage(v, 'Only once', id);
    expect(second).toEqual(first);
    const other = await openVisitorSocket(srv.url, { token: w.token });
    await other.welcome;
    const third = await sendMessage(other, 'Only once', id);
    expect(third).toEqual(first);
    const tl = await owner.get(`/api/v1/operator/dialogs/${first.dialogId}/timeline`);
    expect(tl.body.messages.filter((m: any) => m.clientId === id)).toHaveLength(1);
    // Another visitor reusing that id learns nothing: a conflict, no ack.
    const stranger = await openVisitorSocket(srv.url);
    await stranger.welcome;
    const err = await sendMessage(stranger, 'Only once', id);
    expect(err).toMatchObject({ type: 'session.error', code: 'conflict', clientId: id });
    await Promise.all([v.close(), other.close(), stranger.close()]);
  });

  it('resume returns exactly the gap, in order, and nothing else', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    const acks = [];
    for (let i = 1; i <= 6; i++) acks.push(await sendMessage(v, `m${i}`));
    const dialogId = acks[0]!.dialogId;
    const k = acks[2]!.seq; // after m3
    const rep = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: 'operator reply' });
    const opMsg = rep.body.message;
    await owner.patch(`/api/v1/operator/dialogs/${dialogId}/messages/${opMsg.id}`, { text: 'operator reply (edited)' });
    await v.waitFor((f) => f.type === 'message.edited');
    await v.close();
    const n = (await owner.get(`/api/v1/operator/dialogs/${dialogId}`)).body.dialog.lastSeq;

    const r = await openVisitorSocket(srv.url, { token: w.token, resume: { dialogId, seq: k } });
    const rw = await r.welcome;
    expect(rw).toMatchObject({ sync: 'gap', cursor: n });
    // Wait for the last event, then look at everything that came.
    await r.waitFor((f) => f.seq === n);
    const seqd = r.frames.filter((f) => typeof f.seq === 'number' && f.type !== 'message.ack');
    expect(seqd.map((f) => f.seq)).toEqual(Array.from({ length: n - k }, (_, i) => k + 1 + i));
    expect(seqd.map((f) => f.type)).toEqual(['message.new', 'message.new', 'message.new', 'dialog.assigned', 'message.new', 'message.edited']);
    expect(r.frames.some((f) => f.type === 'history.batch')).toBe(false);
    expect(r.frames[0]?.type).toBe('session.welcome');

    // Resuming at the head sends nothing; a cursor for another dialog gets a snapshot instead.
    const head = await openVisitorSocket(srv.url, { token: w.token, resume: { dialogId, seq: n } });
    expect((await head.welcome).sync).toBe('gap');
    const ping = { type: 'session.ping', t: 1 };
    head.send(ping);
    await head.next('session.pong');
    expect(head.frames.map((f) => f.type)).toEqual(['session.welcome', 'session.pong']);
    const wrong = await openVisitorSocket(srv.url, { token: w.token, resume: { dialogId: 'not-my-dialog', seq: 1 } });
    expect((await wrong.welcome).sync).toBe('snapshot');
    const batch = await wrong.next('history.batch');
    expect(batch.cursor).toBe(n);
    expect(batch.messages.map((m: any) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'operator reply (edited)']);
    await Promise.all([r.close(), head.close(), wrong.close()]);
  });

  it("an operator's edit and delete reach every device of the visitor", async () => {
    const user = `multi-${clientId()}`;
    const identity = { id: user, signature: sign(secret, user) };
    const a = await openVisitorSocket(srv.url, { identity });
    await a.welcome;
    const ack = await sendMessage(a, 'Hi, two devices here');
    const b = await openVisitorSocket(srv.url, { identity, device: MOBILE_SAFARI });
    await b.welcome;
    await b.next('history.batch');
    const sent = await owner.post(`/api/v1/operator/dialogs/${ack.dialogId}/messages`, { clientId: clientId('op'), text: 'Price is 100' });
    const mid = sent.body.message.id;
    for (const s of [a, b]) await s.waitFor((f) => f.type === 'message.new' && f.message.id === mid);

    const ed = await owner.patch(`/api/v1/operator/dialogs/${ack.dialogId}/messages/${mid}`, { text: 'Price is 90' });
    expect(ed.status).toBe(200);
    expect(ed.body.message).toMatchObject({ text: 'Price is 90' });
    for (const s of [a, b]) {
      const e = await s.next('message.edited');
      expect(e).toMatchObject({ messageId: mid, text: 'Price is 90', dialogId: ack.dialogId });
    }
    const del = await owner.delete(`/api/v1/operator/dialogs/${ack.dialogId}/messages/${mid}`);
    expect(del.status).toBe(200);
    for (const s of [a, b]) expect(await s.next('message.deleted')).toMatchObject({ messageId: mid });

    // A device that was away converges through the gap; a new one sees the current state.
    const c = await openVisitorSocket(srv.url, { identity });
    await c.welcome;
    const snap = await c.next('history.batch');
    const m = snap.messages.find((x: any) => x.id === mid);
    expect(m).toMatchObject({ text: '' });
    expect(typeof m.deletedAt).toBe('number');
    // Only the author may edit; deleting twice is a conflict.
    expect((await owner.delete(`/api/v1/operator/dialogs/${ack.dialogId}/messages/${mid}`)).status).toBe(409);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('a snapshot holds the latest page; history.fetch returns the older ones', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    for (let i = 1; i <= 60; i++) {
      v.send({ type: 'message.send', clientId: clientId(), text: `h${i}` });
    }
    await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'h60');
    await v.close();
    const r = await openVisitorSocket(srv.url, { token: w.token });
    await r.welcome;
    const latest = await r.next('history.batch');
    expect(latest.messages).toHaveLength(50);
    expect(latest.hasMore).toBe(true);
    expect(latest.messages[0].text).toBe('h11');
    r.send({ type: 'history.fetch', dialogId: latest.dialogId, before: latest.messages[0].seq });
    const older = await r.next('history.batch');
    expect(older.messages.map((m: any) => m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `h${i + 1}`));
    expect(older.hasMore).toBe(false);
    await r.close();
  });
});
