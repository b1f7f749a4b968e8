/**
 * Issue 9, findings 4 and 7: one anonymous visitor in two tabs after a close, and sessions bound to
 * a JWT that outlive its exp. Each performed against a real server and asserted to hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  loginOperator,
  openVisitorSocket,
  projectKeys,
  sendMessage,
  sign,
  signJwt,
  startServer,
  uploadAsVisitor,
  type IdentityKeys,
  type OperatorClient,
  type RunningServer,
  type VisitorSocket,
} from './harness';
import { png } from './fixtures';

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

async function dialogsOf(text: string): Promise<string[]> {
  const r = await owner.get(`/api/v1/operator/dialogs?view=new&q=${encodeURIComponent(text)}`);
  return r.body.dialogs.map((d: { id: string }) => d.id);
}

/** Two tabs of one anonymous visitor (one token), a dialog, closed by the operator. */
async function twoTabsAfterClose(tag: string): Promise<{ tab1: VisitorSocket; tab2: VisitorSocket; token: string; closed: string }> {
  const tab1 = await openVisitorSocket(srv.url);
  const token = (await tab1.welcome).token as string;
  const tab2 = await openVisitorSocket(srv.url, { token });
  expect((await tab2.welcome).token).toBe(token);
  const first = await sendMessage(tab1, `${tag} first question`);
  await tab2.waitFor((f) => f.type === 'message.new' && f.message.clientId === first.clientId);
  expect((await owner.post(`/api/v1/operator/dialogs/${first.dialogId}/close`, { status: 'resolved' })).status).toBe(200);
  await tab1.next('dialog.closed');
  await tab2.next('dialog.closed');
  return { tab1, tab2, token, closed: first.dialogId as string };
}

describe('one anonymous visitor, two tabs, after the operator closed the dialog', () => {
  it('tab 1 writes, tab 2 writes 2 s later: one new visitor, one dialog; both tabs see both messages and the reply', async () => {
    const tag = `tabs-${clientId()}`;
    const { tab1, tab2, token, closed } = await twoTabsAfterClose(tag);
    const a1 = await sendMessage(tab1, `${tag} from tab one`);
    expect(a1.type).toBe('message.ack');
    // Tab 2 is moved to the new visitor at once: a token of its own, and the new dialog's events.
    const t2 = await tab2.next('session.token');
    expect(t2.token).not.toBe(token);
    await tab2.waitFor((f) => f.type === 'message.new' && f.dialogId === a1.dialogId && f.message.clientId === a1.clientId);
    await new Promise((r) => setTimeout(r, 2000));
    const a2 = await sendMessage(tab2, `${tag} from tab two`);
    expect(a2.type).toBe('message.ack');
    expect(a2.dialogId).toBe(a1.dialogId);
    expect(await dialogsOf(tag)).toEqual([a1.dialogId]);
    const detail = await owner.get(`/api/v1/operator/dialogs/${a1.dialogId}`);
    // Operators still see a fresh visitor: nothing links the new dialog to the closed one.
    expect(detail.body.previousDialogs).toEqual([]);
    const reply = await owner.post(`/api/v1/operator/dialogs/${a1.dialogId}/messages`, { clientId: clientId('op'), text: `${tag} reply` });
    expect(reply.status).toBe(201);
    for (const tab of [tab1, tab2]) await tab.waitFor((f) => f.type === 'message.new' && f.message.text === `${tag} reply`);
    // After a reload, either tab's stored token (even the oldest) leads to this conversation.
    for (const t of [token, t2.token as string]) {
      const again = await openVisitorSocket(srv.url, { token: t });
      expect((await again.welcome).dialog).toMatchObject({ id: a1.dialogId, status: 'open' });
      await again.close();
    }
    expect(a1.dialogId).not.toBe(closed);
    await tab1.close();
    await tab2.close();
  });

  it('the same message id from both tabs at once (a shared outbox) is one message, acked in both, never a conflict', async () => {
    const tag = `same-${clientId()}`;
    const { tab1, tab2 } = await twoTabsAfterClose(tag);
    const id = clientId('late');
    tab1.send({ type: 'message.send', clientId: id, text: `${tag} late` });
    tab2.send({ type: 'message.send', clientId: id, text: `${tag} late` });
    const [r1, r2] = await Promise.all(
      [tab1, tab2].map((t) => t.waitFor((f) => (f.type === 'message.ack' || f.type === 'session.error') && f.clientId === id)),
    );
    expect(r1).toMatchObject({ type: 'message.ack' });
    expect(r2).toMatchObject({ type: 'message.ack', messageId: r1?.messageId, dialogId: r1?.dialogId });
    expect(await dialogsOf(tag)).toEqual([r1?.dialogId]);
    const tl = await owner.get(`/api/v1/operator/dialogs/${r1?.dialogId}/timeline`);
    expect(tl.body.messages.map((m: { text: string }) => m.text)).toEqual([`${tag} late`]);
    await owner.post(`/api/v1/operator/dialogs/${r1?.dialogId}/messages`, { clientId: clientId('op'), text: `${tag} answer` });
    for (const tab of [tab1, tab2]) await tab.waitFor((f) => f.type === 'message.new' && f.message.text === `${tag} answer`);
    await tab1.close();
    await tab2.close();
  });

  it('two tabs offline while the dialog closes: both reconnect with the old token and flush the same message', async () => {
    const tag = `offline-${clientId()}`;
    const { tab1, tab2, token } = await twoTabsAfterClose(tag);
    await tab1.close();
    await tab2.close();
    const id = clientId('late');
    const [b1, b2] = await Promise.all([openVisitorSocket(srv.url, { token }), openVisitorSocket(srv.url, { token })]);
    await Promise.all([b1.welcome, b2.welcome]);
    b1.send({ type: 'message.send', clientId: id, text: `${tag} late` });
    b2.send({ type: 'message.send', clientId: id, text: `${tag} late` });
    const acks = await Promise.all([b1, b2].map((t) => t.waitFor((f) => (f.type === 'message.ack' || f.type === 'session.error') && f.clientId === id)));
    expect(acks.map((a) => a.type)).toEqual(['message.ack', 'message.ack']);
    const dialogId = acks[0]?.dialogId as string;
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: `${tag} answer` });
    for (const tab of [b1, b2]) await tab.waitFor((f) => f.type === 'message.new' && f.message.text === `${tag} answer`);
    await b1.close();
    await b2.close();
  });
});

describe('a session opened with a JWT', () => {
  it('ends at the exp: the socket is told identity_expired and closed, nothing more is accepted, and its token no longer uploads', async () => {
    const user = `jwt-${clientId()}`;
    const exp = Math.floor(Date.now() / 1000) + 2;
    const v = await openVisitorSocket(srv.url, { identity: { jwt: signJwt(keys, { sub: user, exp }) } });
    const w = await v.welcome;
    expect((await sendMessage(v, 'before exp')).type).toBe('message.ack');
    expect((await uploadAsVisitor(srv.url, w.token, png(3, 3), { type: 'image/png', name: 'a.png' })).status).toBe(201);
    const e = await v.next('session.error', 5000);
    expect(e).toMatchObject({ code: 'identity_expired', fatal: true });
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
    expect(await v.closed).toBe(1008);
    const up = await uploadAsVisitor(srv.url, w.token, png(3, 3), { type: 'image/png', name: 'b.png' });
    expect(up.status).toBe(401);
    expect(up.body.error.code).toBe('token_invalid');
    // A fresh JWT for the same user continues the same dialog, and its token works again.
    const fresh = signJwt(keys, { sub: user, exp: Math.floor(Date.now() / 1000) + 600 });
    const again = await openVisitorSocket(srv.url, { identity: { jwt: fresh }, token: w.token });
    const w2 = await again.welcome;
    expect(w2.dialog).toBeTruthy();
    expect((await uploadAsVisitor(srv.url, w2.token, png(3, 3), { type: 'image/png', name: 'c.png' })).status).toBe(201);
    await again.close();
  });

  it('an HMAC identity has no end', async () => {
    const user = `hmac-${clientId()}`;
    const v = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(keys, user) } });
    const w = await v.welcome;
    expect((await uploadAsVisitor(srv.url, w.token, png(3, 3), { type: 'image/png', name: 'a.png' })).status).toBe(201);
    await v.close();
  });
});
