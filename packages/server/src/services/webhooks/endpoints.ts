import {
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_EVENTS,
  WEBHOOK_TEST_EVENT,
  type CreateWebhookBody,
  type DeliveryStatus,
  type UpdateWebhookBody,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '@parley/protocol';
import type { Ctx } from '../../context';
import type { Db } from '../../storage/open';
import { DomainError } from '../../util/errors';
import { randomId } from '../../util/crypto';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../../storage/integrations/schema';
import { newWebhookSecret } from './sign';
import { hostAllowed, type AllowList } from './ssrf';
import { recordWebhookEvent } from './record';
import { sortableId } from '../../util/sortable-id';
import { isErasedBody } from './erase';
import { kyselyExec } from '../../storage/kysely-exec';

/** Endpoints, the delivery log, "Resend" and "Send test event" (admins of the project). */

function endpointOf(r: WebhookEndpointsTable, stats: { pending: number; last: string | null }): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: (JSON.parse(r.events) as WebhookEventType[]).filter((e) => WEBHOOK_EVENTS.includes(e)),
    enabled: r.enabled === 1,
    secret: r.secret,
    createdAt: r.created_at,
    pending: stats.pending,
    lastStatus: (stats.last as WebhookEndpoint['lastStatus']) ?? null,
  };
}

export function deliveryOf(r: WebhookDeliveriesTable): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    responseCode: r.response_code,
    error: r.last_error,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    lastAttemptAt: r.last_at,
    nextAttemptAt: r.status === 'pending' ? r.next_at : null,
  };
}

function checkTarget(url: string, allow: AllowList): void {
  if (!hostAllowed(new URL(url).hostname, allow)) {
    throw new DomainError('bad_request', { fields: ['url'], detail: 'private, loopback and reserved addresses are not allowed (PARLEY_WEBHOOK_ALLOW)' });
  }
}

async function one(db: Db, projectId: string, id: string): Promise<WebhookEndpointsTable> {
  const r = await db.selectFrom('webhook_endpoints').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  if (!r) throw new DomainError('not_found');
  return r;
}

async function withStats(db: Db, rows: WebhookEndpointsTable[]): Promise<WebhookEndpoint[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const pending = await db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('endpoint_id', 'in', ids)
    .where('status', '=', 'pending')
    .groupBy('endpoint_id')
    .execute();
  const out: WebhookEndpoint[] = [];
  for (const r of rows) {
    const last = await db.selectFrom('webhook_deliveries').select('status').where('endpoint_id', '=', r.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    out.push(endpointOf(r, { pending: Number(pending.find((p) => p.endpoint_id === r.id)?.n ?? 0), last: last?.status ?? null }));
  }
  return out;
}

export async function listEndpoints(ctx: Ctx, projectId: string): Promise<WebhookEndpoint[]> {
  const rows = await ctx.db.selectFrom('webhook_endpoints').selectAll().where('project_id', '=', projectId).orderBy('created_at').orderBy('id').execute();
  return withStats(ctx.db, rows);
}

export async function createEndpoint(ctx: Ctx, allow: AllowList, projectId: string, b: CreateWebhookBody): Promise<WebhookEndpoint> {
  checkTarget(b.url, allow);
  const n = await ctx.db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  if (Number(n.n) >= MAX_WEBHOOK_ENDPOINTS) throw new DomainError('bad_request', { detail: `at most ${MAX_WEBHOOK_ENDPOINTS} endpoints per project` });
  const now = ctx.now();
  const row: WebhookEndpointsTable = {
    id: randomId(),
    project_id: projectId,
    url: b.url,
    description: b.description ?? '',
    events: JSON.stringify([...new Set(b.events)]),
    secret: newWebhookSecret(),
    enabled: b.enabled === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('webhook_endpoints').values(row).execute();
  await ctx.integrations.endpointsChanged(projectId);
  return endpointOf(row, { pending: 0, last: null });
}

export async function updateEndpoint(ctx: Ctx, allow: AllowList, projectId: string, id: string, b: UpdateWebhookBody): Promise<WebhookEndpoint> {
  const cur = await one(ctx.db, projectId, id);
  if (b.url !== undefined) checkTarget(b.url, allow);
  const set: Partial<WebhookEndpointsTable> = { updated_at: ctx.now() };
  if (b.url !== undefined) set.url = b.url;
  if (b.description !== undefined) set.description = b.description;
  if (b.events !== undefined) set.events = JSON.stringify([...new Set(b.events)]);
  if (b.enabled !== undefined) set.enabled = b.enabled ? 1 : 0;
  if (b.rotateSecret) set.secret = newWebhookSecret();
  await ctx.db.updateTable('webhook_endpoints').set(set).where('id', '=', cur.id).execute();
  await ctx.integrations.endpointsChanged(projectId);
  return (await withStats(ctx.db, [{ ...cur, ...set }]))[0] as WebhookEndpoint;
}

export async function deleteEndpoint(ctx: Ctx, projectId: string, id: string): Promise<void> {
  const cur = await one(ctx.db, projectId, id);
  // Deliveries go with it (cascade); events nobody else is sent are dropped too.
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', cur.id).execute();
    await trx.deleteFrom('webhook_endpoints').where('id', '=', cur.id).execute();
    await trx
      .deleteFrom('webhook_events')
      .where('project_id', '=', projectId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_deliveries').select('id').whereRef('webhook_deliveries.event_id', '=', 'webhook_events.id'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('crm_leads').select('id').whereRef('crm_leads.event_id', '=', 'webhook_events.id'))))
      .execute();
  });
  await ctx.integrations.endpointsChanged(projectId);
}

export async function listDeliveries(
  ctx: Ctx,
  projectId: string,
  endpointId: string,
  q: { status?: DeliveryStatus | undefined; limit?: string | undefined },
): Promise<WebhookDelivery[]> {
  await one(ctx.db, projectId, endpointId);
  let query = ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (q.status) query = query.where('status', '=', q.status);
  const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50)));
  return (await query.orderBy('id', 'desc').limit(limit).execute()).map(deliveryOf);
}

/** "Resend": the same event (same id and body) as a new delivery, sent now. */
export async function resendDelivery(ctx: Ctx, projectId: string, deliveryId: string): Promise<WebhookDelivery> {
  const d = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('project_id', '=', projectId).where('id', '=', deliveryId).executeTakeFirst();
  if (!d) throw new DomainError('not_found');
  const ev = await ctx.db.selectFrom('webhook_events').select('body').where('id', '=', d.event_id).executeTakeFirst();
  if (!ev || isErasedBody(ev.body)) throw new DomainError('conflict', { detail: 'The visitor of this event was erased; it cannot be sent again.' });
  const now = ctx.now();
  const row: WebhookDeliveriesTable = {
    id: sortableId(now),
    project_id: projectId,
    endpoint_id: d.endpoint_id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: 'pending',
    attempts: 0,
    next_at: now,
    response_code: null,
    last_error: null,
    duration_ms: null,
    last_at: null,
    created_at: now,
    claimed_by: null,
    claimed_until: null,
  };
  await ctx.db.insertInto('webhook_deliveries').values(row).execute();
  return deliveryOf(row);
}

/** "Send test event": a `webhook.test` to this endpoint only. */
export async function sendTestEvent(ctx: Ctx, projectId: string, endpointId: string): Promise<WebhookDelivery> {
  const ep = await one(ctx.db, projectId, endpointId);
  const now = ctx.now();
  const r = await recordWebhookEvent(
    kyselyExec(ctx.db),
    projectId,
    WEBHOOK_TEST_EVENT,
    { endpoint: { id: ep.id, url: ep.url }, message: 'A test event from Parley.' },
    now,
    [ep.id],
  );
  const row = await ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('event_id', '=', r?.eventId ?? '')
    .executeTakeFirstOrThrow();
  return deliveryOf(row);
}
