import type { DialogEvent } from '@parley/protocol';
import type { Ctx } from '../context';
import type { Db } from '../storage/open';
import type { EventRow } from '../storage/rows';
import { topics, type DialogTopicMsg, type OpsTopicMsg } from '../realtime/topics';
import { renderEvents, summaryOf } from './render';
import { unreadMap } from './reads';
import { onDialogEvents } from './webhooks/hooks';

export interface NewEvent {
  type: string;
  payload: object;
  messageId?: string;
}

/**
 * Appends events to a dialog's sequence inside the caller's transaction: one atomic
 * `last_seq = last_seq + n ... RETURNING` reserves the numbers, so seqs are contiguous and unique
 * (the (dialog_id, seq) primary key backs that up).
 */
export async function appendEvents(trx: Db, dialogId: string, list: NewEvent[], at: number): Promise<EventRow[]> {
  if (list.length === 0) return [];
  const n = list.length;
  const r = await trx
    .updateTable('dialogs')
    .set((eb) => ({ last_seq: eb('last_seq', '+', n), updated_at: at }))
    .where('id', '=', dialogId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const first = Number(r.last_seq) - n + 1;
  const rows: EventRow[] = list.map((e, i) => ({
    dialog_id: dialogId, seq: first + i, type: e.type, payload: JSON.stringify(e.payload),
    message_id: e.messageId ?? null, created_at: at,
  }));
  await trx.insertInto('events').values(rows).execute();
  await onDialogEvents(trx, dialogId, rows, at);
  return rows;
}

/** Events with seq in (after, upto], ascending. */
export async function eventRowsAfter(db: Db, dialogId: string, after: number, limit = 500, upto?: number): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll().where('dialog_id', '=', dialogId).where('seq', '>', after);
  if (upto !== undefined) q = q.where('seq', '<=', upto);
  return q.orderBy('seq').limit(limit).execute();
}

/**
 * After commit: fan the events out to the dialog's visitor sockets and the project's consoles,
 * then the dialog's new summary. Returns the rendered events.
 */
export async function publishDialogChange(
  ctx: Ctx,
  dialogId: string,
  rows: EventRow[],
  opts: { prevAssigneeId?: string | null } = {},
): Promise<DialogEvent[]> {
  const events = await renderEvents(ctx.db, rows);
  const d = await ctx.db.selectFrom('dialogs').select(['project_id', 'assignee_id']).where('id', '=', dialogId).executeTakeFirst();
  if (!d) return events;
  if (events.length > 0) {
    ctx.bus.publish(topics.dialog(dialogId), { t: 'events', events } satisfies DialogTopicMsg);
    ctx.bus.publish(topics.ops(d.project_id), { t: 'events', dialogId, assigneeId: d.assignee_id, events } satisfies OpsTopicMsg);
  }
  await publishSummary(ctx, dialogId, opts.prevAssigneeId);
  ctx.integrations.kick();
  return events;
}

/** `prevAssigneeId`: pass it (null = was unassigned) when the assignee changed, so those who lose sight of the dialog hear of it. */
export async function publishSummary(ctx: Ctx, dialogId: string, prevAssigneeId?: string | null): Promise<void> {
  const summary = await summaryOf(ctx.db, dialogId);
  if (!summary) return;
  const d = await ctx.db.selectFrom('dialogs').select('project_id').where('id', '=', dialogId).executeTakeFirst();
  if (!d) return;
  const msg: OpsTopicMsg = { t: 'dialog', summary, unread: await unreadMap(ctx.db, dialogId) };
  if (prevAssigneeId !== undefined && prevAssigneeId !== (summary.assignee?.id ?? null)) msg.prevAssigneeId = prevAssigneeId;
  ctx.bus.publish(topics.ops(d.project_id), msg);
}
