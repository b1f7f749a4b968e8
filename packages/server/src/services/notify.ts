import type { Ctx } from '../context';
import type { MessageRow } from '../storage/rows';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { dialogVisitor } from './render';

const BODY_LENGTH = 140;

function visitorTitle(v: { name: string | null; user_id: string | null } | undefined): string {
  return v?.name || v?.user_id || 'Visitor';
}

/**
 * Roistat rule: the responsible operator hears about every new visitor message in a chat
 * assigned to them; unassigned chats notify no one.
 */
export async function notifyAssignee(ctx: Ctx, dialogId: string, m: MessageRow): Promise<void> {
  if (m.author_kind !== 'visitor') return;
  const d = await ctx.db.selectFrom('dialogs').select(['project_id', 'assignee_id', 'visitor_id']).where('id', '=', dialogId).executeTakeFirst();
  if (!d?.assignee_id) return;
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirst();
  const hasFiles = await ctx.db.selectFrom('files').select('id').where('message_id', '=', m.id).limit(1).executeTakeFirst();
  const body = m.text.trim() ? m.text.slice(0, BODY_LENGTH) : hasFiles ? '📎' : '';
  ctx.bus.publish(topics.ops(d.project_id), {
    t: 'notify', operatorId: d.assignee_id, reason: 'message', dialogId, seq: m.seq, title: visitorTitle(v), body,
    visitor: dialogVisitor(v, d.visitor_id),
  } satisfies OpsTopicMsg);
}

/** An admin assigned the chat to someone else: tell that operator. */
export async function notifyAssigned(ctx: Ctx, dialogId: string, operatorId: string, seq: number): Promise<void> {
  const d = await ctx.db.selectFrom('dialogs').select(['project_id', 'visitor_id', 'last_message_text']).where('id', '=', dialogId).executeTakeFirst();
  if (!d) return;
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirst();
  ctx.bus.publish(topics.ops(d.project_id), {
    t: 'notify', operatorId, reason: 'assigned', dialogId, seq, title: visitorTitle(v),
    body: (d.last_message_text ?? '').slice(0, BODY_LENGTH), visitor: dialogVisitor(v, d.visitor_id),
  } satisfies OpsTopicMsg);
}
