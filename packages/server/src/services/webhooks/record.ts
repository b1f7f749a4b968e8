import {
  S, WEBHOOK_VERSION, type CloseStatus, type Channel, type WebhookDialog, type WebhookEventType,
} from '@parley/protocol';
import type { Db } from '../../storage/open';
import { parseJsonObject, type EventRow, type MessageRow } from '../../storage/rows';
import { randomId } from '../../util/crypto';
import { dialogVisitor, messagesView } from '../render';

/**
 * The outbox side of webhooks: an event and one delivery row per subscribed endpoint are written
 * in the caller's transaction, so an event is sent exactly when what caused it was committed. The
 * body is built once, here, and every attempt sends (and signs) the same bytes.
 */

let counter = 0;
/** Ids that sort by creation (the delivery log's order), unique within a millisecond. */
export function sortableId(now: number): string {
  counter = (counter + 1) % 1_000_000;
  return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomId(6)}`;
}

export function envelope(id: string, type: string, projectId: string, now: number, data: object): string {
  return JSON.stringify({ id, type, version: WEBHOOK_VERSION, projectId, createdAt: now, data });
}

/** Endpoints of the project that take this event type (enabled ones only). */
async function subscribers(db: Db, projectId: string, type: string): Promise<string[]> {
  const rows = await db.selectFrom('webhook_endpoints').select(['id', 'events']).where('project_id', '=', projectId).where('enabled', '=', 1).execute();
  return rows.filter((r) => (JSON.parse(r.events) as string[]).includes(type)).map((r) => r.id);
}

/**
 * Records one event for every subscribed endpoint; returns its id (null when nobody subscribes,
 * then nothing is stored). `data` may be a function, so payloads are only built when needed.
 */
export async function recordWebhookEvent(
  db: Db, projectId: string, type: WebhookEventType | 'webhook.test', data: object | (() => Promise<object>), now: number, only?: string[],
): Promise<{ eventId: string; endpoints: number } | null> {
  const endpoints = only ?? (await subscribers(db, projectId, type));
  if (endpoints.length === 0) return null;
  const id = `evt_${sortableId(now)}`;
  const payload = typeof data === 'function' ? await data() : data;
  await db.insertInto('webhook_events').values({ id, project_id: projectId, type, body: envelope(id, type, projectId, now, payload), created_at: now }).execute();
  await db.insertInto('webhook_deliveries').values(endpoints.map((endpointId) => ({
    id: sortableId(now), project_id: projectId, endpoint_id: endpointId, event_id: id, event_type: type, status: 'pending',
    attempts: 0, next_at: now, response_code: null, last_error: null, duration_ms: null, last_at: null, created_at: now,
  }))).execute();
  return { eventId: id, endpoints: endpoints.length };
}

/** The dialog as webhooks carry it. */
export async function webhookDialog(db: Db, dialogId: string): Promise<WebhookDialog | null> {
  const d = await db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirst();
  if (!d) return null;
  const vis = await db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirst();
  const op = d.assignee_id ? await db.selectFrom('operators').select(['id', 'name', 'email']).where('id', '=', d.assignee_id).executeTakeFirst() : undefined;
  return {
    id: d.id, status: d.status === 'closed' ? 'closed' : 'open', closeStatus: (d.close_status as CloseStatus | null) ?? null,
    channel: d.channel as Channel, createdAt: d.created_at, visitor: dialogVisitor(vis, d.visitor_id),
    assignee: op ? { id: op.id, name: op.name, email: op.email } : null,
  };
}

/** message.new is recorded by recordMessageCreated, once the message row exists. */
const DIALOG_EVENTS: Partial<Record<string, WebhookEventType>> = {
  [S.DialogOpened]: 'dialog.opened', [S.DialogClosed]: 'dialog.closed',
  [S.DialogAssigned]: 'dialog.assigned', [S.DialogRated]: 'rating.submitted',
};

export interface DialogHookResult {
  /** Rated below 4: a problem alert to raise (services/alerts). */
  lowRating?: { dialogId: string; projectId: string; score: number; comment: string | null };
}

/**
 * Called by appendEvents inside its transaction: dialog events become webhook events for the
 * endpoints that take them. One query when the project has no endpoints.
 */
export async function recordDialogEvents(trx: Db, dialogId: string, rows: EventRow[], now: number): Promise<DialogHookResult> {
  const out: DialogHookResult = {};
  const relevant = rows.filter((r) => DIALOG_EVENTS[r.type]);
  if (relevant.length === 0) return out;
  const endpoints = await trx.selectFrom('webhook_endpoints').innerJoin('dialogs', 'dialogs.project_id', 'webhook_endpoints.project_id')
    .select(['webhook_endpoints.id', 'webhook_endpoints.events', 'dialogs.project_id'])
    .where('dialogs.id', '=', dialogId).where('webhook_endpoints.enabled', '=', 1).execute();
  const rated = relevant.find((r) => r.type === S.DialogRated);
  let projectId = endpoints[0]?.project_id;
  if (rated) {
    const p = parseJsonObject(rated.payload);
    const score = typeof p.score === 'number' ? p.score : 5;
    if (score < 4) {
      projectId ??= (await trx.selectFrom('dialogs').select('project_id').where('id', '=', dialogId).executeTakeFirstOrThrow()).project_id;
      out.lowRating = { dialogId, projectId, score, comment: typeof p.comment === 'string' ? p.comment : null };
    }
  }
  if (endpoints.length === 0 || !projectId) return out;
  const pid = projectId;
  let dialog: WebhookDialog | null | undefined;
  const dialogOf = async () => (dialog ??= await webhookDialog(trx, dialogId));
  for (const r of relevant) {
    const type = DIALOG_EVENTS[r.type] as WebhookEventType;
    const targets = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(type)).map((e) => e.id);
    if (targets.length === 0) continue;
    const p = parseJsonObject(r.payload);
    await recordWebhookEvent(trx, pid, type, async () => {
      const d = await dialogOf();
      switch (type) {
        case 'dialog.opened':
          return { dialog: d, reopened: p.reopened === true };
        case 'dialog.closed': {
          const row = await trx.selectFrom('dialogs').select(['rating_score', 'rating_comment']).where('id', '=', dialogId).executeTakeFirst();
          const rating = row?.rating_score != null ? { score: row.rating_score, comment: row.rating_comment } : null;
          return { dialog: d, closeStatus: (p.closeStatus as CloseStatus | undefined) ?? null, rating };
        }
        case 'dialog.assigned':
          return { dialog: d, operator: d?.assignee ?? null };
        default:
          return { dialog: d, score: p.score, comment: typeof p.comment === 'string' ? p.comment : null };
      }
    }, now, targets);
  }
  return out;
}

/** `message.created`, called by insertMessageWithEvents right after the message row (same transaction). */
export async function recordMessageCreated(trx: Db, dialogId: string, projectId: string, message: MessageRow, now: number): Promise<void> {
  await recordWebhookEvent(trx, projectId, 'message.created', async () => {
    const [m] = await messagesView(trx, [message]);
    return { dialog: await webhookDialog(trx, dialogId), message: m };
  }, now);
}
