import { S, WEBHOOK_VERSION, type CloseStatus, type Channel, type Message, type WebhookDialog, type WebhookEventType } from '@parley/protocol';
import { inList, type SqlExec } from '../../storage/sql';
import { dialogs } from '../../storage/dialogs';
import { visitors } from '../../storage/visitors';
import { parseJsonObject, type EventRow } from '../../storage/rows';
import { sortableId, sortableIdBound } from '../../util/sortable-id';
import { dialogVisitor } from '../render';

/**
 * The outbox side of webhooks: an event and one delivery row per subscribed endpoint are written
 * in the caller's transaction, so an event is sent exactly when what caused it was committed. The
 * body is built once, here, and every attempt sends (and signs) the same bytes. Plain `?`-SQL
 * through `SqlExec`, so it runs inside a group-commit job (storage/kysely-exec.ts adapts a Kysely
 * transaction off the hot path).
 */

const EVENT_PREFIX = 'evt_';

/** Every webhook event made at or after `at` has an id at or above this (the retention job's bound). */
export function webhookEventIdBound(at: number): string {
  return `${EVENT_PREFIX}${sortableIdBound(at)}`;
}

export function envelope(id: string, type: string, projectId: string, now: number, data: object): string {
  return JSON.stringify({ id, type, version: WEBHOOK_VERSION, projectId, createdAt: now, data });
}

/** Endpoints of the project that take this event type (enabled ones only). */
async function subscribers(x: SqlExec, projectId: string, type: string): Promise<string[]> {
  const rows = await x.all<{ id: string; events: string }>('SELECT id, events FROM webhook_endpoints WHERE project_id = ? AND enabled = 1', [projectId]);
  return rows.filter((r) => (JSON.parse(r.events) as string[]).includes(type)).map((r) => r.id);
}

const DELIVERY_ROW = `(${inList(13)})`;

/**
 * Records one event for every subscribed endpoint; returns its id (null when nobody subscribes,
 * then nothing is stored). `data` may be a function, so payloads are only built when needed.
 * `only`: the endpoints (the caller knows them: no query); two statements then.
 */
export async function recordWebhookEvent(
  x: SqlExec,
  projectId: string,
  type: WebhookEventType | 'webhook.test',
  data: object | (() => Promise<object>),
  now: number,
  only?: string[],
): Promise<{ eventId: string; endpoints: number } | null> {
  const endpoints = only ?? (await subscribers(x, projectId, type));
  if (endpoints.length === 0) return null;
  const id = `${EVENT_PREFIX}${sortableId(now)}`;
  const payload: object = data instanceof Function ? await data() : data;
  await x.run('INSERT INTO webhook_events (id, project_id, type, body, created_at) VALUES (?, ?, ?, ?, ?)', [
    id,
    projectId,
    type,
    envelope(id, type, projectId, now, payload),
    now,
  ]);
  await x.run(
    'INSERT INTO webhook_deliveries (id, project_id, endpoint_id, event_id, event_type, status, attempts, next_at, response_code, last_error, duration_ms, last_at, created_at) ' +
      `VALUES ${endpoints.map(() => DELIVERY_ROW).join(', ')}`,
    endpoints.flatMap((endpointId) => [sortableId(now), projectId, endpointId, id, type, 'pending', 0, now, null, null, null, null, now]),
  );
  return { eventId: id, endpoints: endpoints.length };
}

/** The dialog as webhooks carry it. */
export async function webhookDialog(x: SqlExec, dialogId: string): Promise<WebhookDialog | null> {
  const d = await dialogs.byId(x, dialogId);
  if (!d) return null;
  const vis = await visitors.byId(x, d.visitor_id);
  const op = d.assignee_id
    ? await x.get<{ id: string; name: string; email: string }>('SELECT id, name, email FROM operators WHERE id = ?', [d.assignee_id])
    : undefined;
  return {
    id: d.id,
    status: d.status === 'closed' ? 'closed' : 'open',
    closeStatus: (d.close_status as CloseStatus | null) ?? null,
    channel: d.channel as Channel,
    createdAt: d.created_at,
    visitor: dialogVisitor(vis, d.visitor_id),
    assignee: op ? { id: op.id, name: op.name, email: op.email } : null,
  };
}

/** message.new is recorded as `message.created` (with the message as operators see it). */
const DIALOG_EVENTS: Partial<Record<string, WebhookEventType>> = {
  [S.DialogOpened]: 'dialog.opened',
  [S.DialogClosed]: 'dialog.closed',
  [S.DialogAssigned]: 'dialog.assigned',
  [S.DialogRated]: 'rating.submitted',
  [S.MessageNew]: 'message.created',
};

/** The endpoints of a project as the integrations hub keeps them in memory. */
export interface EndpointSubscription {
  id: string;
  events: readonly string[];
}

/** The rating of these rows, when one is below `below` (a problem alert to raise). */
export function lowRatingOf(rows: readonly EventRow[], below: number): { score: number; comment: string | null } | null {
  const rated = rows.find((r) => r.type === S.DialogRated);
  if (!rated) return null;
  const p = parseJsonObject(rated.payload);
  const score = typeof p.score === 'number' ? p.score : 5;
  return score < below ? { score, comment: typeof p.comment === 'string' ? p.comment : null } : null;
}

/**
 * Called in the transaction that appended the events: dialog events become webhook events for the
 * endpoints that take them. `endpoints` come from memory, so a project without endpoints costs no
 * statement; with them, two per event type (the event, its deliveries) plus the dialog's reads.
 * Returns how many events were recorded.
 */
export async function recordDialogEvents(
  x: SqlExec,
  projectId: string,
  dialogId: string,
  rows: readonly EventRow[],
  now: number,
  endpoints: readonly EndpointSubscription[],
  messages: ReadonlyMap<string, Message> = new Map(),
): Promise<number> {
  if (endpoints.length === 0) return 0;
  let recorded = 0;
  let dialog: WebhookDialog | null | undefined;
  const dialogOf = async () => (dialog ??= await webhookDialog(x, dialogId));
  for (const r of rows) {
    const type = DIALOG_EVENTS[r.type];
    if (!type) continue;
    const targets = endpoints.filter((e) => e.events.includes(type)).map((e) => e.id);
    if (targets.length === 0) continue;
    const p = parseJsonObject(r.payload);
    const done = await recordWebhookEvent(
      x,
      projectId,
      type,
      async () => {
        const d = await dialogOf();
        switch (type) {
          case 'message.created':
            return { dialog: d, message: r.message_id ? (messages.get(r.message_id) ?? null) : null };
          case 'dialog.opened':
            return { dialog: d, reopened: p.reopened === true };
          case 'dialog.closed': {
            const row = await dialogs.byId(x, dialogId);
            const rating = row?.rating_score != null ? { score: row.rating_score, comment: row.rating_comment } : null;
            return { dialog: d, closeStatus: (p.closeStatus as CloseStatus | undefined) ?? null, rating };
          }
          case 'dialog.assigned':
            return { dialog: d, operator: d?.assignee ?? null };
          default:
            return { dialog: d, score: p.score, comment: typeof p.comment === 'string' ? p.comment : null };
        }
      },
      now,
      targets,
    );
    if (done) recorded++;
  }
  return recorded;
}
