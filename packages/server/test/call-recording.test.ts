import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  createOperator,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { webm } from './fixtures';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  expect((await owner.patch('/api/v1/operator/project', { settings: { calls: { enabled: true, iceServers: [] } } })).status).toBe(200);
});
afterAll(async () => {
  await srv?.stop();
});

/** A connected call rung by the owner's console. */
async function connectedCall() {
  const v = await openVisitorSocket(srv.url);
  await v.welcome;
  const ack = await sendMessage(v, 'Please call me');
  const dialogId = ack.dialogId as string;
  const op = await openOperatorSocket(srv.url, owner);
  await op.next('session.welcome');
  const callId = clientId('call');
  op.send({ type: 'call.ring', callId, dialogId, video: false });
  await v.next('call.ring');
  v.send({ type: 'call.accept', callId });
  await Promise.all([v.next('call.started'), op.next('call.started')]);
  return { v, op, callId, dialogId };
}

const uploadRecording = (callId: string, client = owner) =>
  client.upload('/api/v1/operator/uploads', webm(), { type: 'audio/webm', name: 'call.webm', headers: { 'x-parley-call-recording': callId } });

describe('call recording needs both parties’ consent (issue 19)', () => {
  it('refuses a recording nobody agreed to, a declined one, and one the visitor was never asked about', async () => {
    const { v, op, callId } = await connectedCall();
    // Nobody asked: refused before a byte is stored.
    expect((await uploadRecording(callId)).status).toBe(403);
    // The visitor cannot consent to what was not asked.
    v.send({ type: 'call.consent', callId, accept: true });
    expect(await v.next('session.error')).toMatchObject({ code: 'conflict' });
    // Asked (the operator's consent) but declined by the visitor: still refused.
    op.send({ type: 'call.record', callId });
    expect(await v.next('call.recording')).toMatchObject({ callId, state: 'asked' });
    expect(await op.next('call.recording')).toMatchObject({ callId, state: 'asked' });
    expect((await uploadRecording(callId)).status).toBe(403);
    v.send({ type: 'call.consent', callId, accept: false });
    expect(await op.next('call.recording')).toMatchObject({ callId, state: 'declined' });
    expect((await uploadRecording(callId)).status).toBe(403);
    // A made-up call id is refused the same way.
    expect((await uploadRecording(clientId('call'))).status).toBe(403);
    // The operator cannot record on the visitor's behalf: the consent frame is the widget's only.
    op.send({ type: 'call.consent', callId, accept: true });
    expect(await op.next('session.error')).toMatchObject({ code: 'bad_frame' });
    v.send({ type: 'call.hangup', callId });
    await op.next('call.ended');
    await v.close();
    await op.close();
  });

  it('takes one recording per consent, from the operator who asked, after both agreed; either side stops it', async () => {
    const { v, op, callId, dialogId } = await connectedCall();
    op.send({ type: 'call.record', callId });
    await Promise.all([v.next('call.recording'), op.next('call.recording')]);
    v.send({ type: 'call.consent', callId, accept: true });
    const [vr, or] = await Promise.all([v.next('call.recording'), op.next('call.recording')]);
    expect(vr).toMatchObject({ callId, state: 'on' });
    expect(or).toMatchObject({ callId, dialogId, state: 'on' });
    // The visitor stops it: both sides hear.
    v.send({ type: 'call.record.stop', callId });
    expect(await op.next('call.recording')).toMatchObject({ state: 'off' });
    expect(await v.next('call.recording')).toMatchObject({ state: 'off' });
    // Another operator of the project (not the one who asked) cannot use the consent.
    const other = await createOperator(owner, { email: `rec-${clientId()}@example.com`, name: 'Rec', role: 'admin' });
    expect((await uploadRecording(callId, other.client)).status).toBe(403);
    // The operator who asked uploads it, after the call ended, and posts it into the dialog.
    v.send({ type: 'call.hangup', callId });
    await op.next('call.ended');
    const up = await uploadRecording(callId);
    expect(up.status).toBe(201);
    expect(up.body.upload).toMatchObject({ kind: 'audio', size: webm().length });
    // One consent, one recording.
    expect((await uploadRecording(callId)).status).toBe(403);
    const sent = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: '', attachments: [up.body.upload.id] });
    expect(sent.status).toBe(201);
    const ev = await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'operator' && f.message.attachments?.length === 1);
    const file = await fetch(srv.url + ev.message.attachments[0].url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^(audio|video)\/webm/);
    await v.close();
    await op.close();
  });

  it('keeps the consent across a restart of the server (it is stored with the call, not in memory)', async () => {
    const { v, op, callId } = await connectedCall();
    op.send({ type: 'call.record', callId });
    await Promise.all([v.next('call.recording'), op.next('call.recording')]);
    v.send({ type: 'call.consent', callId, accept: true });
    await Promise.all([v.next('call.recording'), op.next('call.recording')]);
    v.send({ type: 'call.hangup', callId });
    await op.next('call.ended');
    await v.close();
    await op.close();
    await srv.restart();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    expect((await uploadRecording(callId)).status).toBe(201);
    expect((await uploadRecording(callId)).status).toBe(403);
  });
});
