import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  createOperator,
  loginOperator,
  openOperatorSocket,
  openVisitorSocket,
  sendMessage,
  startServer,
  type FrameSocket,
  type OperatorClient,
  type RunningServer,
  type VisitorSocket,
} from './harness';

let srv: RunningServer;
let owner: OperatorClient;

const TURN = { urls: ['turn:turn.example.com:3478?transport=udp'], username: 'parley', credential: 'turn-secret-1' };

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  const r = await owner.patch('/api/v1/operator/project', {
    settings: { calls: { enabled: true, iceServers: [{ urls: ['stun:stun.example.com:3478'] }, TURN] } },
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await srv?.stop();
});

/** A visitor with an open dialog. */
async function visitorWithDialog(): Promise<{ v: VisitorSocket; dialogId: string }> {
  const v = await openVisitorSocket(srv.url);
  await v.welcome;
  const ack = await sendMessage(v, 'Can you call me?');
  await v.next('message.new');
  return { v, dialogId: ack.dialogId as string };
}

const settle = () => new Promise((r) => setTimeout(r, 150));
const callFrames = (s: FrameSocket) => s.frames.filter((f) => f.type.startsWith('call.'));

describe('calls (issue 19)', () => {
  it('keeps TURN credentials out of the public config, and refuses a bad STUN/TURN URL', async () => {
    const cfg = await fetch(`${srv.url}/api/v1/widget/projects/demo/config`).then((r) => r.text());
    expect(cfg).not.toContain('turn-secret-1');
    expect(cfg).not.toContain('turn.example.com');
    const bad = await owner.patch('/api/v1/operator/project', { settings: { calls: { enabled: true, iceServers: [{ urls: ['http://evil.example.com'] }] } } });
    expect(bad.status).toBe(400);
    const welcome = await (await openVisitorSocket(srv.url)).welcome;
    expect(welcome.calls).toBe(true);
  });

  it('an operator calls: ring, accept, offer/answer/ICE both ways, hang up with the duration in the dialog', async () => {
    const { v, dialogId } = await visitorWithDialog();
    const op = await openOperatorSocket(srv.url, owner);
    await op.next('session.welcome');
    const callId = clientId('call');
    op.send({ type: 'call.ring', callId, dialogId, video: true });
    const ring = await v.next('call.ring');
    expect(ring).toMatchObject({ callId, video: true, operator: { name: expect.any(String) } });
    expect(ring).not.toHaveProperty('iceServers');

    v.send({ type: 'call.accept', callId });
    const [vs, os] = await Promise.all([v.next('call.started'), op.next('call.started')]);
    expect(vs.iceServers).toEqual([{ urls: ['stun:stun.example.com:3478'] }, TURN]);
    expect(os).toMatchObject({ callId, dialogId, video: true });

    op.send({ type: 'call.offer', callId, sdp: 'v=0 offer' });
    expect((await v.next('call.offer')).sdp).toBe('v=0 offer');
    v.send({ type: 'call.answer', callId, sdp: 'v=0 answer' });
    expect((await op.next('call.answer')).sdp).toBe('v=0 answer');
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    v.send({ type: 'call.ice', callId, candidate });
    expect((await op.next('call.ice')).candidate).toEqual(candidate);
    op.send({ type: 'call.ice', callId, candidate });
    expect((await v.next('call.ice')).candidate).toEqual(candidate);

    v.send({ type: 'call.hangup', callId });
    const [ve, oe] = await Promise.all([v.next('call.ended'), op.next('call.ended')]);
    expect(ve).toMatchObject({ callId, reason: 'hangup', durationMs: expect.any(Number) });
    expect(oe).toMatchObject({ callId, dialogId, reason: 'hangup' });
    // Both lines reach the visitor as system messages, and the operators as dialog events.
    const started = await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'system');
    expect(started.message.text).toMatch(/^(Видеозвонок начался|Video call started)$/);
    const ended = await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'system');
    expect(ended.message.text).toMatch(/(завершён, длительность|ended, duration) \d\d:\d\d$/);
    await op.waitFor((f) => f.type === 'dialog.event' && f.dialogId === dialogId && f.event.message?.text === ended.message.text);
    // The call is over: its frames are refused.
    op.send({ type: 'call.offer', callId, sdp: 'late' });
    expect(await op.next('session.error')).toMatchObject({ code: 'not_found', callId });
    await v.close();
    await op.close();
  });

  it('a visitor asks for a call: only operators who may see the dialog ring; one answers, the others stop ringing', async () => {
    const { v, dialogId } = await visitorWithDialog();
    const anna = await createOperator(owner, { email: `anna-${clientId()}@example.com`, name: 'Anna' });
    const boris = await createOperator(owner, { email: `boris-${clientId()}@example.com`, name: 'Boris' });
    // Assigned to Boris: Anna (an operator) may not see it; the owner (admin) may.
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/assign`, { operatorId: boris.id })).status).toBe(200);
    const other = (await owner.post('/api/v1/operator/projects', { name: `Other ${clientId()}`, locale: 'en' })).body.project.id as string;
    const [annaWs, borisWs, ownerWs, otherWs] = await Promise.all([
      openOperatorSocket(srv.url, anna.client),
      openOperatorSocket(srv.url, boris.client),
      openOperatorSocket(srv.url, owner),
      openOperatorSocket(srv.url, owner.in(other)),
    ]);
    await Promise.all([annaWs, borisWs, ownerWs, otherWs].map((s) => s.next('session.welcome')));

    const callId = clientId('vcall');
    v.send({ type: 'call.ring', callId, video: false });
    expect(await borisWs.next('call.ring')).toMatchObject({ callId, dialogId, video: false });
    expect(await ownerWs.next('call.ring')).toMatchObject({ callId, dialogId });
    await settle();
    expect(callFrames(annaWs)).toEqual([]);
    expect(callFrames(otherWs)).toEqual([]);

    // Someone who may not see the dialog cannot answer it, nor ring into it, nor speak in it.
    annaWs.send({ type: 'call.accept', callId });
    expect(await annaWs.next('session.error')).toMatchObject({ code: 'not_found', callId });
    otherWs.send({ type: 'call.accept', callId });
    expect(await otherWs.next('session.error')).toMatchObject({ code: 'not_found', callId });
    otherWs.send({ type: 'call.ring', callId: clientId('x'), dialogId, video: false });
    expect((await otherWs.next('session.error')).code).toBe('not_found');
    annaWs.send({ type: 'call.ring', callId: clientId('y'), dialogId, video: false });
    expect((await annaWs.next('session.error')).code).toBe('not_found');

    borisWs.send({ type: 'call.accept', callId });
    const [vs, bs] = await Promise.all([v.next('call.started'), borisWs.next('call.started')]);
    expect(vs.video).toBe(false);
    expect(bs.callId).toBe(callId);
    expect(await ownerWs.next('call.ended')).toMatchObject({ callId, reason: 'taken' });
    // The owner could see the ring but is not in the call: the media frames are not theirs.
    ownerWs.send({ type: 'call.offer', callId, sdp: 'v=0' });
    expect(await ownerWs.next('session.error')).toMatchObject({ code: 'not_found', callId });
    borisWs.send({ type: 'call.offer', callId, sdp: 'v=0 from boris' });
    expect((await v.next('call.offer')).sdp).toBe('v=0 from boris');

    // The visitor's tab goes away: the call ends for Boris.
    await v.close();
    expect(await borisWs.next('call.ended')).toMatchObject({ callId, reason: 'gone', durationMs: expect.any(Number) });
    await settle();
    expect(callFrames(annaWs)).toEqual([]);
    expect(callFrames(otherWs)).toEqual([]);
    await Promise.all([annaWs, borisWs, ownerWs, otherWs].map((s) => s.close()));
  });

  it('a call the visitor declines ends for the operator, with a line in the dialog', async () => {
    const { v, dialogId } = await visitorWithDialog();
    const op = await openOperatorSocket(srv.url, owner);
    await op.next('session.welcome');
    const callId = clientId('decl');
    op.send({ type: 'call.ring', callId, dialogId, video: false });
    await v.next('call.ring');
    v.send({ type: 'call.decline', callId });
    expect(await op.next('call.ended')).toMatchObject({ callId, reason: 'declined' });
    expect(await v.next('call.ended')).toMatchObject({ callId, reason: 'declined' });
    const line = await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'system');
    expect(line.message.text).toMatch(/^(Звонок отклонён|Call declined)$/);
    // Another visitor cannot touch this dialog's calls, nor ring without a dialog of their own.
    const stranger = await openVisitorSocket(srv.url);
    await stranger.welcome;
    stranger.send({ type: 'call.ring', callId: clientId('s'), video: true });
    expect(await stranger.next('call.ended')).toMatchObject({ reason: 'unavailable' });
    await settle();
    expect(callFrames(op).filter((f) => f.type === 'call.ring')).toEqual([]);
    await Promise.all([v.close(), stranger.close(), op.close()]);
  });

  it('refuses bad call frames with a clear error, and relays nothing of them', async () => {
    const { v, dialogId } = await visitorWithDialog();
    const op = await openOperatorSocket(srv.url, owner);
    await op.next('session.welcome');
    const callId = clientId('bad');
    v.send({ type: 'call.ring', callId, video: true, dialogId: 'someone-elses' });
    const e1 = await v.next('session.error');
    expect(e1).toMatchObject({ code: 'bad_frame', clientId: callId });
    expect(e1.detail).toContain('dialogId');
    v.send({ type: 'call.ice', callId, candidate: { candidate: 'x', extra: 1 } });
    expect((await v.next('session.error')).detail).toContain('candidate.extra');
    op.send({ type: 'call.offer', callId });
    const e2 = await op.next('session.error');
    expect(e2).toMatchObject({ code: 'bad_frame', callId });
    expect(e2.detail).toContain('sdp');
    op.send({ type: 'call.ring', callId: 'short', dialogId, video: true });
    expect((await op.next('session.error')).code).toBe('bad_frame');
    await settle();
    expect(callFrames(v)).toEqual([]);
    expect(callFrames(op)).toEqual([]);
    // The sockets still work.
    await sendMessage(v, 'still here');
    await Promise.all([v.close(), op.close()]);
  });

  it('calls switched off: the widget is not offered a call and the console is refused', async () => {
    const off = await owner.patch('/api/v1/operator/project', { settings: { calls: { enabled: false, iceServers: [] } } });
    expect(off.status).toBe(200);
    try {
      const { v, dialogId } = await visitorWithDialog();
      expect((await v.welcome).calls).toBeUndefined();
      const op = await openOperatorSocket(srv.url, owner);
      await op.next('session.welcome');
      op.send({ type: 'call.ring', callId: clientId('off'), dialogId, video: false });
      expect((await op.next('session.error')).code).toBe('forbidden');
      v.send({ type: 'call.ring', callId: clientId('off'), video: false });
      expect(await v.next('call.ended')).toMatchObject({ reason: 'unavailable' });
      await Promise.all([v.close(), op.close()]);
    } finally {
      await owner.patch('/api/v1/operator/project', { settings: { calls: { enabled: true, iceServers: [] } } });
    }
  });
});
