import type { DialogEvent, Message } from '@parley/protocol';
import type { Ctx } from '../context';
import type { DialogCard } from '../storage/dialogs';
import type { EventRow } from '../storage/rows';
import { topics, type DialogTopicMsg, type OpsTopicMsg, type VisitorTopicMsg } from '../realtime/topics';
import { cardParts, dialogVisitor, renderEventRows, summaryOf, unreadMapOf } from './render';

export const BODY_LENGTH = 140;

/** What a committed write changed in one dialog, with everything the fan-out needs. */
export interface DialogChange {
  card: DialogCard;
  rows: readonly EventRow[];
  /** The messages the rows refer to (operator views), in hand. */
  messages?: ReadonlyMap<string, Message>;
  /** Set when the assignee changed (null: it was unassigned), so those who lose sight of the dialog hear of it. */
  prevAssigneeId?: string | null;
  /** A new visitor message: its assignee is notified (Roistat rule). */
  visitorMessage?: Message;
  /** The visitor's other sockets follow this (new or reopened) dialog. */
  followVisitorId?: string;
  /** `rows` already rendered (renderEventRows), when the writer needed them before the fan-out. */
  events?: DialogEvent[];
}

/**
 * Publishes one committed change from memory, nothing read again: the events to the dialog's
 * visitor sockets and the project's consoles, the new summary, and the assignee's notification.
 */
export function publishChange(ctx: Ctx, c: DialogChange): DialogEvent[] {
  const d = c.card;
  // The webhook deliveries this write recorded (if any) are committed now: send them.
  ctx.integrations?.afterCommit(d.project_id);
  const heard = (topic: string) => ctx.bus.heard?.(topic) ?? true;
  const events = c.events ?? renderEventRows(c.rows, c.messages ?? new Map());
  if (c.followVisitorId) {
    ctx.bus.publish(topics.visitors(d.project_id), { t: 'dialog', visitorId: c.followVisitorId, dialogId: d.id } satisfies VisitorTopicMsg);
  }
  const ops = topics.ops(d.project_id);
  if (events.length > 0) {
    ctx.bus.publish(topics.dialog(d.id), { t: 'events', events } satisfies DialogTopicMsg);
    ctx.bus.publish(ops, { t: 'events', dialogId: d.id, assigneeId: d.assignee_id, events } satisfies OpsTopicMsg);
  }
  // No console open on this project (anywhere): no summary, no notification to build.
  if (!heard(ops)) return events;
  // The summary with the count of an operator without a mark; each console swaps in its own.
  const msg: OpsTopicMsg = { t: 'dialog', summary: summaryOf(d), unread: unreadMapOf(d) };
  if (c.prevAssigneeId !== undefined && c.prevAssigneeId !== d.assignee_id) msg.prevAssigneeId = c.prevAssigneeId;
  ctx.bus.publish(topics.ops(d.project_id), msg);
  const m = c.visitorMessage;
  if (m && d.assignee_id) {
    ctx.bus.publish(topics.ops(d.project_id), {
      t: 'notify',
      operatorId: d.assignee_id,
      reason: 'message',
      dialogId: d.id,
      seq: m.seq,
      title: visitorTitle(d),
      body: m.text.trim() ? m.text.slice(0, BODY_LENGTH) : m.attachments.length > 0 ? '📎' : '',
      visitor: dialogVisitor(cardParts(d).visitor, d.visitor_id),
    } satisfies OpsTopicMsg);
  }
  return events;
}

/** Roistat rule, second half: an admin assigned the chat to someone else; tell that operator. */
export function notifyAssigned(ctx: Ctx, d: DialogCard, operatorId: string): void {
  ctx.bus.publish(topics.ops(d.project_id), {
    t: 'notify',
    operatorId,
    reason: 'assigned',
    dialogId: d.id,
    seq: d.last_seq,
    title: visitorTitle(d),
    body: (d.last_message_text ?? '').slice(0, BODY_LENGTH),
    visitor: dialogVisitor(cardParts(d).visitor, d.visitor_id),
  } satisfies OpsTopicMsg);
}

function visitorTitle(d: DialogCard): string {
  const v = cardParts(d).visitor;
  return v.name || v.user_id || 'Visitor';
}
