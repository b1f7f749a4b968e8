import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, loginOperator, openVisitorSocket, sendMessage, startServer, type OperatorClient, type RunningServer } from './harness';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

describe('anonymous visitors', () => {
  it('are described from the connection: the server names browser and OS from its User-Agent and the Client Hints', async () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36';
    const hints = { fullVersionList: [{ brand: 'Google Chrome', version: '127.0.6533.120' }], platform: 'Windows', platformVersion: '15.0.0' };
    const v = await openVisitorSocket(srv.url, { device: { type: 'desktop' }, hints }, { headers: { 'user-agent': ua } });
    await v.welcome;
    const ack = await sendMessage(v, 'Which browser am I?');
    const detail = await owner.get(`/api/v1/operator/dialogs/${ack.dialogId}`);
    expect(detail.body.devices.map((d: { label: string }) => d.label)).toEqual(['Chrome 127.0.6533.120']);
    expect(detail.body.devices[0].info).toMatchObject({ type: 'desktop', os: { name: 'Windows', version: '11' } });
    await v.close();
  });

  it('get a token on hello and no dialog until they write', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    expect(w.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    // At least 128 bits: 22 base64url characters carry 132.
    expect(w.visitor).toEqual({ kind: 'anonymous' });
    expect(w).toMatchObject({ dialog: null, sync: 'none', cursor: 0 });
    await v.close();
  });

  it('a closed dialog is over: the next message starts a new dialog operators see unlinked; the old token follows the visitor there', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    const firstAck = await sendMessage(v, 'My order #1 is late');
    expect(firstAck.type).toBe('message.ack');
    const d1 = firstAck.dialogId as string;
    expect(firstAck.seq).toBe(2); // 1 = dialog.opened
    await v.next('dialog.opened');
    await v.next('message.new');

    // The operator answers and closes.
    const reply = await owner.post(`/api/v1/operator/dialogs/${d1}/messages`, { clientId: clientId('op'), text: 'Sent today' });
    expect(reply.status).toBe(201);
    await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'Sent today');
    expect((await owner.post(`/api/v1/operator/dialogs/${d1}/close`, { status: 'resolved' })).status).toBe(200);
    const closedEv = await v.next('dialog.closed');
    expect(closedEv.dialogId).toBe(d1);

    // Writing again: a new token first, then a new dialog.
    const id2 = clientId();
    v.send({ type: 'message.send', clientId: id2, text: 'One more question' });
    const tokenFrame = await v.next('session.token');
    expect(tokenFrame.token).not.toBe(w.token);
    const ack2 = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id2);
    expect(ack2.dialogId).not.toBe(d1);
    expect(ack2.seq).toBe(2);
    const typesAfterClose = v.frames.slice(v.frames.indexOf(closedEv) + 1).map((f) => f.type);
    expect(typesAfterClose.indexOf('session.token')).toBeLessThan(typesAfterClose.indexOf('message.ack'));
    await v.waitFor((f) => f.type === 'dialog.opened' && f.dialogId === ack2.dialogId);

    // The operator sees the new dialog with no history and no previous dialogs.
    const detail = await owner.get(`/api/v1/operator/dialogs/${ack2.dialogId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.previousDialogs).toEqual([]);
    expect(detail.body.visitor.kind).toBe('anonymous');
    const tl = await owner.get(`/api/v1/operator/dialogs/${ack2.dialogId}/timeline`);
    expect(tl.body.messages.map((m: any) => m.text)).toEqual(['One more question']);

    // The old token is this visitor's too (another tab, or a page that kept it): it leads to the
    // dialog they continued in (issue 9), with a token of its own, and may still rate the closed one.
    const old = await openVisitorSocket(srv.url, { token: w.token });
    const ow = await old.welcome;
    expect(ow.dialog).toMatchObject({ id: ack2.dialogId, status: 'open' });
    expect(ow.token).not.toBe(w.token);
    expect(ow.token).not.toBe(tokenFrame.token);
    expect((await old.next('history.batch')).messages.map((m: any) => m.text)).toEqual(['One more question']);
    old.send({ type: 'history.fetch', dialogId: d1, before: 100 });
    expect((await old.next('session.error')).code).toBe('not_found');
    const rid = clientId();
    old.send({ type: 'rating.submit', clientId: rid, dialogId: d1, score: 5, comment: 'Thanks' });
    expect(await old.next('request.ack')).toMatchObject({ clientId: rid, kind: 'rating', id: d1 });
    await old.close();

    // The new token resumes the new dialog.
    const again = await openVisitorSocket(srv.url, { token: tokenFrame.token });
    const aw = await again.welcome;
    expect(aw.dialog.id).toBe(ack2.dialogId);
    const batch = await again.next('history.batch');
    expect(batch.messages.map((m: any) => m.text)).toEqual(['One more question']);
    await again.close();
    await v.close();
  });
});
