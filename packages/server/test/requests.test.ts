import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

const requests = (token: string, query = '') =>
  fetch(`${srv.url}/api/v1/widget/requests${query}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

describe('requests (issue 19)', () => {
  it('numbers every new dialog of a project in order, with no gaps, and tells the visitor in the opened event', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await openVisitorSocket(srv.url);
      await v.welcome;
      const ack = await sendMessage(v, `question ${i}`);
      const opened = await v.waitFor((f) => f.type === 'dialog.opened');
      const d = await owner.get(`/api/v1/operator/dialogs/${ack.dialogId}`);
      expect(d.body.dialog.number).toBe(opened.number);
      expect(d.body.dialog.request).toBe('new');
      numbers.push(opened.number);
      await v.close();
    }
    expect(numbers[1]).toBe(numbers[0]! + 1);
    expect(numbers[2]).toBe(numbers[0]! + 2);
    // The console finds a request by its number: `#n` that one only; digits alone put it first.
    const found = await owner.get(`/api/v1/operator/dialogs?view=all&q=${encodeURIComponent(`#${numbers[1]}`)}`);
    expect(found.body.dialogs.map((d: any) => d.number)).toEqual([numbers[1]]);
    const digits = await owner.get(`/api/v1/operator/dialogs?view=all&q=${numbers[2]}`);
    expect(digits.body.dialogs[0].number).toBe(numbers[2]);
    expect((await owner.get(`/api/v1/operator/dialogs?view=all&q=${encodeURIComponent('#999999')}`)).body.dialogs).toEqual([]);
  });

  it('moves new → in progress → waiting → in progress → resolved, live for the visitor, and lists it in My requests', async () => {
    const user = `req-${clientId()}`;
    const identity = { id: user, signature: sign(secret, user) };
    const v = await openVisitorSocket(srv.url, { identity });
    const w = await v.welcome;
    const ack = await sendMessage(v, 'My printer does not print');
    const id = ack.dialogId;
    let list = await requests(w.token);
    expect(list.status).toBe(200);
    expect(list.body.requests).toHaveLength(1);
    expect(list.body.requests[0]).toMatchObject({ id, status: 'new', subject: 'My printer does not print', current: true, closedAt: null, rating: null });

    await owner.post(`/api/v1/operator/dialogs/${id}/messages`, { clientId: clientId(), text: 'Which model?' });
    expect((await owner.get(`/api/v1/operator/dialogs/${id}`)).body.dialog.request).toBe('in_progress');

    const marked = await owner.post(`/api/v1/operator/dialogs/${id}/waiting`, { waiting: true });
    expect(marked.status).toBe(200);
    expect(marked.body.dialog.request).toBe('waiting');
    const ev = await v.waitFor((f) => f.type === 'dialog.waiting');
    expect(ev.waiting).toBe(true);
    expect((await requests(w.token, '?status=waiting')).body.requests.map((r: any) => r.id)).toEqual([id]);
    expect((await requests(w.token, '?status=new')).body.requests).toEqual([]);

    // The client's answer takes the mark off.
    await sendMessage(v, 'LaserJet 1020');
    expect((await owner.get(`/api/v1/operator/dialogs/${id}`)).body.dialog.request).toBe('in_progress');

    await owner.post(`/api/v1/operator/dialogs/${id}/close`, { status: 'resolved' });
    await v.waitFor((f) => f.type === 'dialog.closed');
    list = await requests(w.token);
    expect(list.body.requests[0]).toMatchObject({ id, status: 'resolved' });
    expect(list.body.requests[0].closedAt).toEqual(expect.any(Number));

    // One request read with its messages; dates filter.
    const one = await fetch(`${srv.url}/api/v1/widget/requests/${id}`, { headers: { authorization: `Bearer ${w.token}` } }).then((r) => r.json());
    expect(one.request.number).toBe(list.body.requests[0].number);
    expect(one.messages.map((m: any) => m.text)).toEqual(['My printer does not print', 'Which model?', 'LaserJet 1020']);
    expect((await requests(w.token, `?to=${list.body.requests[0].createdAt}`)).body.requests).toEqual([]);
    expect((await requests(w.token, `?from=${list.body.requests[0].createdAt}`)).body.requests).toHaveLength(1);
    // A bad filter is refused, not ignored.
    expect((await requests(w.token, '?status=lost')).status).toBe(400);
    await v.close();
  });

  it('refuses waiting on a closed dialog and shows an anonymous visitor only the current request', async () => {
    const v = await openVisitorSocket(srv.url);
    const w = await v.welcome;
    const ack = await sendMessage(v, 'first contact');
    await owner.post(`/api/v1/operator/dialogs/${ack.dialogId}/close`, { status: 'resolved' });
    expect((await owner.post(`/api/v1/operator/dialogs/${ack.dialogId}/waiting`, { waiting: true })).status).toBe(409);
    await v.waitFor((f) => f.type === 'dialog.closed');
    const second = await sendMessage(v, 'second contact');
    expect(second.dialogId).not.toBe(ack.dialogId);
    const token = (await v.waitFor((f) => f.type === 'session.token')).token;
    const list = await requests(token);
    expect(list.body.requests.map((r: any) => r.id)).toEqual([second.dialogId]);
    // The old token still names the old (closed) visitor row: its request only.
    expect((await fetch(`${srv.url}/api/v1/widget/requests/${second.dialogId}`, { headers: { authorization: `Bearer ${w.token}` } })).status).toBe(404);
    await v.close();
  });

  it('starts a new request with a subject, lists it by that subject, and continues an older one (reopened, on every device)', async () => {
    const user = `req-${clientId()}`;
    const identity = { id: user, signature: sign(secret, user) };
    const v = await openVisitorSocket(srv.url, { identity });
    const w = await v.welcome;
    const first = await sendMessage(v, 'The invoice is wrong');
    const a = first.dialogId;
    await owner.post(`/api/v1/operator/dialogs/${a}/messages`, { clientId: clientId(), text: 'Fixed, a new one is on its way' });
    await owner.post(`/api/v1/operator/dialogs/${a}/close`, { status: 'resolved' });
    await v.waitFor((f) => f.type === 'dialog.closed');

    // A second device of the same visitor, to see it follow.
    const phone = await openVisitorSocket(srv.url, { identity });
    await phone.welcome;

    // A subject starts a new request, even though the resolved one would otherwise reopen.
    const id = clientId();
    v.send({ type: 'message.send', clientId: id, text: 'Where is my parcel?', subject: '  Delivery  ' });
    const ack = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
    const b = ack.dialogId;
    expect(b).not.toBe(a);
    let list = (await requests(w.token)).body.requests;
    expect(list.map((r: any) => [r.id, r.subject, r.status, r.current])).toEqual([
      [b, 'Delivery', 'new', true],
      [a, 'The invoice is wrong', 'resolved', false],
    ]);
    const detail = await owner.get(`/api/v1/operator/dialogs/${b}`);
    expect(detail.body.dialog.subject).toBe('Delivery');
    // An empty subject: a new request whose subject is its first message.
    const id2 = clientId();
    v.send({ type: 'message.send', clientId: id2, text: 'And a third thing', subject: '' });
    const c = (await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id2)).dialogId;
    expect(c).not.toBe(b);
    expect((await requests(w.token)).body.requests[0]).toMatchObject({ id: c, subject: 'And a third thing', current: true });
    // Too long a subject is refused.
    const id3 = clientId();
    v.send({ type: 'message.send', clientId: id3, text: 'x', subject: 's'.repeat(121) });
    expect((await v.waitFor((f) => f.type === 'session.error')).code).toBe('bad_frame');

    // Continue the older, resolved request: it reopens (in progress: an operator had replied) and becomes current.
    const cont = await fetch(`${srv.url}/api/v1/widget/requests/${a}/continue`, { method: 'POST', headers: { authorization: `Bearer ${w.token}` } });
    expect(cont.status).toBe(200);
    expect((await cont.json()).request).toMatchObject({ id: a, status: 'in_progress', current: true, closedAt: null });
    // Both devices follow it from its start (the reopening is its newest event).
    await phone.waitFor((f) => f.type === 'dialog.opened' && f.dialogId === a && f.reopened === true);
    await v.waitFor((f) => f.type === 'dialog.opened' && f.dialogId === a && f.reopened === true);
    expect((await owner.get(`/api/v1/operator/dialogs/${a}`)).body.dialog).toMatchObject({ status: 'open', request: 'in_progress' });
    // The next message goes to it.
    expect((await sendMessage(phone, 'Still wrong on the new one')).dialogId).toBe(a);
    list = (await requests(w.token)).body.requests;
    expect(list.find((r: any) => r.current).id).toBe(a);
    // Continuing the current open one changes nothing; a request of someone else is missing.
    expect((await fetch(`${srv.url}/api/v1/widget/requests/${a}/continue`, { method: 'POST', headers: { authorization: `Bearer ${w.token}` } })).status).toBe(
      200,
    );
    const other = await openVisitorSocket(srv.url);
    const ow = await other.welcome;
    await sendMessage(other, 'anonymous one');
    const tok = ow.token;
    expect((await fetch(`${srv.url}/api/v1/widget/requests/${b}/continue`, { method: 'POST', headers: { authorization: `Bearer ${tok}` } })).status).toBe(404);
    await other.close();
    await phone.close();
    await v.close();
  });
});
