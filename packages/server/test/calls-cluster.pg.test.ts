/**
 * Calls on two nodes (separate processes) on one PostgreSQL database and one Redis (issue 19):
 * two operators on different nodes answering the same visitor's call at the same instant, exactly
 * one wins; a recording consented through one node is uploaded through the other, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, createOperator, loginOperator, openOperatorSocket, openVisitorSocket, sendMessage, type FrameSocket, type RunningServer } from './harness';
import { webm } from './fixtures';
import { startTwoNodes, type TwoNodes } from './two-nodes';

// One database, one Redis and one files directory, as a cluster runs (the recording is uploaded through the other node).
let nodes: TwoNodes | undefined;
let a: RunningServer;
let b: RunningServer;
const sockets: FrameSocket[] = [];

beforeAll(async () => {
  nodes = await startTwoNodes();
  ({ a, b } = nodes);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await nodes?.stop();
});

describe('calls on two nodes, PostgreSQL + Redis', () => {
  it('two operators on two nodes accept one call at once: exactly one wins, every time', async () => {
    const ownerA = await loginOperator(a.url, a.ownerEmail, a.ownerPassword);
    expect((await ownerA.patch('/api/v1/operator/project', { settings: { calls: { enabled: true, iceServers: [] } } })).status).toBe(200);
    const email = `calls-${clientId()}@example.test`;
    await createOperator(ownerA, { email, role: 'admin', password: 'calls-admin-password-1' });
    const adminB = await loginOperator(b.url, email, 'calls-admin-password-1');
    const opA = await openOperatorSocket(a.url, ownerA);
    const opB = await openOperatorSocket(b.url, adminB);
    sockets.push(opA, opB);
    await Promise.all([opA.next('session.welcome'), opB.next('session.welcome')]);
    const v = await openVisitorSocket(a.url);
    sockets.push(v);
    await v.welcome;
    await sendMessage(v, 'Call me please');
    const winners: string[] = [];
    for (let round = 0; round < 5; round++) {
      const callId = clientId('call');
      v.send({ type: 'call.ring', callId, video: false });
      await Promise.all([opA.waitFor((f) => f.type === 'call.ring' && f.callId === callId), opB.waitFor((f) => f.type === 'call.ring' && f.callId === callId)]);
      // Both answer in the same instant, on different nodes.
      opA.send({ type: 'call.accept', callId });
      opB.send({ type: 'call.accept', callId });
      const outcome = (s: FrameSocket) =>
        s.waitFor((f) => (f.type === 'call.started' || f.type === 'call.ended' || f.type === 'session.error') && f.callId === callId).then((f) => f.type);
      const [ra, rb] = await Promise.all([outcome(opA), outcome(opB)]);
      expect(
        [ra, rb].filter((t) => t === 'call.started'),
        `round ${round}: ${ra} / ${rb}`,
      ).toHaveLength(1);
      const winner = ra === 'call.started' ? opA : opB;
      winners.push(ra === 'call.started' ? 'A' : 'B');
      // The visitor is connected to exactly one operator.
      await v.waitFor((f) => f.type === 'call.started' && f.callId === callId);
      winner.send({ type: 'call.hangup', callId });
      await v.waitFor((f) => f.type === 'call.ended' && f.callId === callId);
      await winner.waitFor((f) => f.type === 'call.ended' && f.callId === callId);
      expect(v.frames.filter((f) => f.type === 'call.started' && f.callId === callId)).toHaveLength(1);
    }
    expect(winners).toHaveLength(5);
  });

  it('a recording consented through node A is uploaded through node B once; the consent is not taken twice on two nodes', async () => {
    const ownerA = await loginOperator(a.url, a.ownerEmail, a.ownerPassword);
    const ownerB = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
    const op = await openOperatorSocket(a.url, ownerA);
    sockets.push(op);
    await op.next('session.welcome');
    const v = await openVisitorSocket(a.url);
    sockets.push(v);
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Record it')).dialogId as string;
    const callId = clientId('call');
    op.send({ type: 'call.ring', callId, dialogId, video: false });
    await v.waitFor((f) => f.type === 'call.ring' && f.callId === callId);
    v.send({ type: 'call.accept', callId });
    await op.waitFor((f) => f.type === 'call.started' && f.callId === callId);
    op.send({ type: 'call.record', callId });
    await v.waitFor((f) => f.type === 'call.recording' && f.state === 'asked');
    v.send({ type: 'call.consent', callId, accept: true });
    await op.waitFor((f) => f.type === 'call.recording' && f.state === 'on');
    v.send({ type: 'call.hangup', callId });
    await op.waitFor((f) => f.type === 'call.ended' && f.callId === callId);
    const up = (client: typeof ownerA) =>
      client.upload('/api/v1/operator/uploads', webm(), { type: 'audio/webm', name: 'call.webm', headers: { 'x-parley-call-recording': callId } });
    const [first, second] = await Promise.all([up(ownerB), up(ownerA)]);
    expect([first.status, second.status].sort()).toEqual([201, 403]);
    expect((await up(ownerB)).status).toBe(403);
  });
});
