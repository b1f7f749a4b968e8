import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperatorRoutes } from '@parley/protocol';
import { clientId, loginOperator, openOperatorSocket, openVisitorSocket, sendMessage, startServer, type OperatorClient, type RunningServer } from './harness';

let srv: RunningServer;
let owner: OperatorClient;
beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

describe("developer events (parley('event', name, props))", () => {
  it('are recorded once per client id, shown on the dialog timeline, and live to operators', async () => {
    const ops = await openOperatorSocket(srv.url, owner);
    const v = await openVisitorSocket(srv.url);
    await v.welcome;

    // Before the visitor writes: stored on the visitor (no dialog yet), acked by client id.
    const before = clientId('e');
    v.send({ type: 'event.track', clientId: before, name: 'viewed_pricing', props: { plan: 'pro' }, ago: 60_000 });
    const ack = await v.next('request.ack');
    expect(ack).toMatchObject({ clientId: before, kind: 'event' });
    // A resend (after a reconnect, say) records nothing new and answers with the same id.
    v.send({ type: 'event.track', clientId: before, name: 'viewed_pricing', props: { plan: 'pro' } });
    expect(await v.next('request.ack')).toMatchObject({ clientId: before, kind: 'event', id: ack.id });

    const sent = await sendMessage(v, 'Which plan do I need?');
    const dialogId = sent.dialogId as string;
    const during = clientId('e');
    v.send({ type: 'event.track', clientId: during, name: 'checkout_started', props: { amount: 49, trial: false, coupon: null } });
    expect(await v.next('request.ack')).toMatchObject({ clientId: during, kind: 'event' });
    const live = await ops.waitFor((f) => f.type === 'visitor.event' && f.dialogId === dialogId);
    expect(live.event).toMatchObject({ name: 'checkout_started', props: { amount: 49, trial: false, coupon: null } });

    const tl = await owner.get(OperatorRoutes.timeline(dialogId));
    expect(tl.status).toBe(200);
    const events = tl.body.visitorEvents as { name: string; props: object; at: number }[];
    expect(events.map((e) => e.name)).toEqual(['viewed_pricing', 'checkout_started']);
    expect(events[0]!.props).toEqual({ plan: 'pro' });
    // `ago` is a duration: the event is placed a minute before it reached the server, before the message.
    const message = (tl.body.messages as { createdAt: number }[])[0]!;
    expect(events[0]!.at).toBeLessThan(message.createdAt - 50_000);
    expect(events[1]!.at).toBeGreaterThanOrEqual(message.createdAt);
    await v.close();
    await ops.close();
  });

  it('refuses bad names and props with an error naming the request; the connection keeps working', async () => {
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const bad: Record<string, unknown>[] = [
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 'tab\there' },
      { name: 'ok', props: { nested: { a: 1 } } },
      { name: 'ok', props: { list: [1, 2] } },
      { name: 'ok', props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) },
      { name: 'ok', props: { long: 'x'.repeat(256) } },
      { name: 'ok', ago: -1 },
      { name: 'ok', extra: true },
    ];
    for (const fields of bad) {
      const id = clientId('e');
      v.send({ type: 'event.track', clientId: id, ...fields });
      expect(await v.next('session.error'), JSON.stringify(fields)).toMatchObject({ code: 'bad_frame', clientId: id });
    }
    const id = clientId('e');
    v.send({ type: 'event.track', clientId: id, name: '  signed_up  ' });
    expect(await v.next('request.ack')).toMatchObject({ clientId: id, kind: 'event' });
    await v.close();
  });
});
