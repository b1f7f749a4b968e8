/**
 * Two nodes (separate processes on different ports) on one PostgreSQL database and one Redis:
 * a visitor on node A, an operator on node B, and every kind of event both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, loginOperator, openOperatorSocket, openVisitorSocket, sendMessage, type FrameSocket, type RunningServer } from './harness';
import { startTwoNodes, type TwoNodes } from './two-nodes';

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

describe('two nodes, PostgreSQL + Redis', () => {
  it('visitor on A and operator on B see every event of each other', async () => {
    const owner = await loginOperator(b.url, b.ownerEmail, b.ownerPassword);
    await owner.patch('/api/v1/operator/me', { status: 'offline' });
    const v = await openVisitorSocket(a.url);
    sockets.push(v);
    const welcome = await v.welcome;
    expect(welcome.presence.operatorsOnline).toBe(false);

    // Presence: a console opens on B and the operator goes online; the widget on A hears it.
    const ops = await openOperatorSocket(b.url, owner);
    sockets.push(ops);
    await ops.next('session.welcome');
    await owner.patch('/api/v1/operator/me', { status: 'online' });
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === true);

    // Visitor message (A) reaches the console (B), then the visitor's typing with its draft.
    const ack = await sendMessage(v, 'hello from A');
    expect(ack.type).toBe('message.ack');
    const dialogId = ack.dialogId as string;
    const seen = await ops.waitFor(
      (f) => f.type === 'dialog.event' && f.dialogId === dialogId && f.event.type === 'message.new' && f.event.message.text === 'hello from A',
    );
    v.send({ type: 'typing.update', typing: true, draft: 'more from A' });
    await ops.waitFor((f) => f.type === 'typing.update' && f.dialogId === dialogId && f.by === 'visitor' && f.draft === 'more from A');

    // Operator (B) takes the chat, types, replies, reads; the visitor (A) sees each.
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/take`, {})).status).toBe(200);
    await v.waitFor((f) => f.type === 'dialog.assigned');
    ops.send({ type: 'typing.update', dialogId, typing: true });
    expect((await v.waitFor((f) => f.type === 'typing.update' && f.typing === true)).operator).toBeTruthy();
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/read`, { seq: seen.event.seq })).status).toBeLessThan(300);
    expect(await v.waitFor((f) => f.type === 'read.update')).toMatchObject({ dialogId, seq: seen.event.seq });
    const sent = await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId('op'), text: 'hello from B' });
    expect(sent.status).toBe(201);
    const reply = await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'hello from B');

    // Visitor read mark (A) reaches the console (B).
    v.send({ type: 'read.mark', dialogId, seq: reply.seq });
    await ops.waitFor((f) => f.type === 'visitor.read' && f.dialogId === dialogId && f.seq === reply.seq);

    // Edit and delete (B) reach the visitor (A).
    const mid = sent.body.message.id as string;
    expect((await owner.patch(`/api/v1/operator/dialogs/${dialogId}/messages/${mid}`, { text: 'edited on B' })).status).toBe(200);
    expect(await v.next('message.edited')).toMatchObject({ messageId: mid, text: 'edited on B' });
    expect((await owner.delete(`/api/v1/operator/dialogs/${dialogId}/messages/${mid}`)).status).toBe(200);
    expect(await v.next('message.deleted')).toMatchObject({ messageId: mid });

    // Settings change (B) reaches the widget (A).
    const cfg = await owner.get('/api/v1/operator/project');
    expect((await owner.patch('/api/v1/operator/project', { settings: { appearance: { ...cfg.body.settings.appearance, color: '#00aa00' } } })).status).toBe(
      200,
    );
    expect((await v.next('config.updated')).configVersion).not.toBe(welcome.configVersion);

    // Close (B) reaches the visitor (A); the rating (A) reaches the console (B).
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' })).status).toBe(200);
    await v.next('dialog.closed');
    v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: 4, comment: 'quick' });
    await v.next('request.ack');
    await ops.waitFor((f) => f.type === 'dialog.updated' && f.dialog.id === dialogId && f.dialog.rating?.score === 4);

    // The console closes on B: after the grace period the widget on A hears nobody is online.
    await ops.close();
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === false);
  });
});
