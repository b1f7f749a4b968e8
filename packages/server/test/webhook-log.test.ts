/**
 * The webhook delivery log's lifetime (issue 16): the retention job deletes events and their
 * deliveries PARLEY_WEBHOOK_LOG_DAYS after their last delivery, in short batches, never one still
 * waiting; erasing a visitor scrubs their data from stored event bodies and cancels what waits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loginOperator, openVisitorSocket, sendMessage, OWNER_EMAIL, OWNER_PASSWORD, type FrameSocket } from './harness';
import { inProcessServer, type InProcessServer } from './in-process';
import { createEndpoint } from '../src/services/webhooks/endpoints';
import { recordWebhookEvent } from '../src/services/webhooks/record';

const DAY = 86_400_000;
let srv: InProcessServer | undefined;
const sockets: FrameSocket[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await srv?.stop();
  srv = undefined;
});

describe('webhook log retention', () => {
  it('deletes events and deliveries older than the log period in batches; keeps recent, resent and waiting ones', async () => {
    srv = await inProcessServer({ webhooks: { allow: ['127.0.0.1'], logDays: 30 } });
    const ctx = srv.server.ctx;
    await ctx.integrations.stop();
    const ep = await createEndpoint(ctx, ctx.integrations.allow, 'demo', { url: 'http://127.0.0.1:9/hook', events: ['lead.created'] });
    const now = ctx.now();
    const record = (at: number) => ctx.store.write((tx) => recordWebhookEvent(tx, 'demo', 'lead.created', { n: at }, at, [ep.id]));
    const old = await ctx.store.write(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < 1100; i++) ids.push((await recordWebhookEvent(tx, 'demo', 'lead.created', { i }, now - 40 * DAY + i, [ep.id]))!.eventId);
      return ids;
    });
    const waiting = (await record(now - 35 * DAY))!.eventId;
    const resent = (await record(now - 45 * DAY))!.eventId;
    const recent = (await record(now - 29 * DAY))!.eventId;
    await ctx.db.updateTable('webhook_deliveries').set({ status: 'delivered', next_at: null }).where('event_id', '!=', waiting).execute();
    // "Resend" of an old event yesterday: a fresh delivery keeps the event.
    const first = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', resent).executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('webhook_deliveries')
      .values({ ...first, id: `${first.id}-again`, status: 'delivered', created_at: now - DAY })
      .execute();

    const before = ctx.store.stats();
    const report = await srv.server.runRetention();
    const after = ctx.store.stats();
    expect(report.webhookEvents).toBe(1100);
    // 500 rows per write: three writes for 1,100 events.
    expect(after.transactions - before.transactions).toBeGreaterThanOrEqual(3);
    const left = await ctx.db.selectFrom('webhook_events').select('id').orderBy('id').execute();
    expect(left.map((e) => e.id)).toEqual([resent, waiting, recent].sort());
    const deliveries = await ctx.db.selectFrom('webhook_deliveries').select('event_id').execute();
    expect(deliveries.filter((d) => old.includes(d.event_id))).toEqual([]);
    expect(deliveries.map((d) => d.event_id).sort()).toEqual([resent, resent, waiting, recent].sort());
  });
});

describe('erasure and webhook events', () => {
  it('scrubs the visitor from stored event bodies, cancels their waiting deliveries, refuses Resend; other visitors untouched', async () => {
    srv = await inProcessServer({ webhooks: { allow: ['127.0.0.1'] } });
    const ctx = srv.server.ctx;
    // The worker is stopped: every delivery stays waiting, as for a receiver that is down.
    await ctx.integrations.stop();
    await createEndpoint(ctx, ctx.integrations.allow, 'demo', { url: 'http://127.0.0.1:9/hook', events: ['message.created', 'dialog.opened'] });
    const write = async (text: string) => {
      const v = await openVisitorSocket(srv!.url, { params: { plan: text } });
      sockets.push(v);
      await v.welcome;
      const ack = await sendMessage(v, text);
      const dialog = await ctx.db
        .selectFrom('dialogs')
        .select('visitor_id')
        .where('id', '=', ack.dialogId as string)
        .executeTakeFirstOrThrow();
      return { visitorId: dialog.visitor_id, dialogId: ack.dialogId as string };
    };
    const erased = await write('ERASE-ME secret order 4242');
    await write('KEEP-ME other visitor');
    const bodies = async () => (await ctx.db.selectFrom('webhook_events').select(['id', 'body']).execute()).map((e) => ({ id: e.id, body: e.body }));
    const mine = (await bodies()).filter((e) => e.body.includes(erased.dialogId));
    expect(mine.length).toBe(2);
    expect(mine.some((e) => e.body.includes('ERASE-ME'))).toBe(true);

    const owner = await loginOperator(srv.url, OWNER_EMAIL, OWNER_PASSWORD);
    expect((await owner.post(`/api/v1/operator/visitors/${erased.visitorId}/erase`)).status).toBe(200);

    const all = await bodies();
    expect(all.some((e) => e.body.includes('ERASE-ME') || e.body.includes(erased.dialogId) || e.body.includes(erased.visitorId))).toBe(false);
    for (const e of mine) {
      const body = JSON.parse(all.find((x) => x.id === e.id)!.body);
      expect(body).toMatchObject({ id: e.id, data: { erased: true } });
      expect(Object.keys(body.data)).toEqual(['erased']);
    }
    // The other visitor's events are as they were.
    expect(all.filter((e) => e.body.includes('KEEP-ME'))).toHaveLength(1);
    const deliveries = await ctx.db.selectFrom('webhook_deliveries').selectAll().execute();
    const ofErased = deliveries.filter((d) => mine.some((e) => e.id === d.event_id));
    expect(ofErased.map((d) => [d.status, d.last_error])).toEqual(ofErased.map(() => ['failed', 'erased']));
    expect(deliveries.filter((d) => !mine.some((e) => e.id === d.event_id)).every((d) => d.status === 'pending')).toBe(true);
    const resend = await owner.post(`/api/v1/operator/webhook-deliveries/${ofErased[0]!.id}/resend`);
    expect(resend.status).toBe(409);
  });
});
