import { S, isAdminRole, type CloseStatus, type Message, type Role, type WorkspaceRole } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation, searchText } from '../storage/open';
import { memberOfProject } from '../storage/memberships';
import type { DialogRow, EventRow, MessageRow } from '../storage/rows';
import { getDialog, insertMessageWithEvents, reopenInPlace } from './dialogs';
import { appendEvents, publishDialogChange, type NewEvent } from './events';
import { messagesView, operatorPublic } from './render';
import { notifyAssigned } from './notify';
import { advanceRead } from './reads';
import { topics, type DialogTopicMsg } from '../realtime/topics';

/** An operator acting in one project, with their role there. */
export interface Actor {
  id: string;
  projectId: string;
  role: Role;
  name: string;
  workspaceRole?: WorkspaceRole | null;
}

/** Operators see new (unassigned) dialogs and their own; admins see all. */
export function canSee(actor: Actor, d: Pick<DialogRow, 'assignee_id'>): boolean {
  return isAdminRole(actor.role) || d.assignee_id === null || d.assignee_id === actor.id;
}

export async function visibleDialog(ctx: Ctx, actor: Actor, dialogId: string): Promise<DialogRow> {
  const d = await getDialog(ctx.db, dialogId);
  // A dialog the actor may not see answers exactly like a missing one, so ids reveal nothing.
  if (!d || d.project_id !== actor.projectId || !canSee(actor, d)) throw new DomainError('not_found');
  return d;
}

async function assignEvent(ctx: Ctx, trx: Ctx['db'], dialogId: string, operatorId: string, by: string, now: number): Promise<NewEvent> {
  const op = await trx.selectFrom('operators').selectAll().where('id', '=', operatorId).executeTakeFirstOrThrow();
  await trx.updateTable('dialogs').set({ assignee_id: operatorId }).where('id', '=', dialogId).execute();
  return { type: S.DialogAssigned, payload: { at: now, operator: operatorPublic(op), by } };
}

export interface OperatorSendResult {
  message: Message;
  duplicate: boolean;
}

export async function sendOperatorMessage(
  ctx: Ctx,
  actor: Actor,
  dialogId: string,
  f: { clientId: string; text: string; attachments: string[] },
): Promise<OperatorSendResult> {
  const existing = await ctx.db.selectFrom('messages').selectAll()
    .where('project_id', '=', actor.projectId).where('client_id', '=', f.clientId).executeTakeFirst();
  if (existing) {
    if (existing.author_kind !== 'operator' || existing.operator_id !== actor.id || existing.dialog_id !== dialogId) {
      throw new DomainError('conflict');
    }
    const [m] = await messagesView(ctx.db, [existing]);
    return { message: m as Message, duplicate: true };
  }
  const d = await visibleDialog(ctx, actor, dialogId);
  if (d.status !== 'open') throw new DomainError('dialog_closed');
  if (f.text.trim() === '' && f.attachments.length === 0) throw new DomainError('message_empty');
  const attachmentIds = [...new Set(f.attachments)];
  const now = ctx.now();
  let out: { rows: EventRow[]; message: MessageRow; prev: string | null };
  try {
    out = await ctx.db.transaction().execute(async (trx) => {
      const cur = await trx.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();
      if (cur.status !== 'open') throw new DomainError('dialog_closed');
      if (attachmentIds.length > 0) {
        const files = await trx.selectFrom('files').select('id')
          .where('id', 'in', attachmentIds).where('uploader_operator_id', '=', actor.id).where('message_id', 'is', null)
          .execute();
        if (files.length !== attachmentIds.length) throw new DomainError('not_found', { detail: 'unknown attachment' });
      }
      const before: NewEvent[] = [];
      // Answering a new chat takes it.
      if (cur.assignee_id === null) before.push(await assignEvent(ctx, trx, dialogId, actor.id, actor.id, now));
      const r = await insertMessageWithEvents(trx, {
        dialog: cur, before, attachmentIds, now,
        message: {
          id: randomId(), client_id: f.clientId, author_kind: 'operator', operator_id: actor.id, visitor_id: null,
          device_id: null, text: f.text, search: searchText(f.text), created_at: now, edited_at: null, deleted_at: null,
        },
      });
      // Answering means having read everything before the answer.
      await advanceRead(trx, dialogId, actor.id, r.message.seq);
      return { ...r, prev: cur.assignee_id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return sendOperatorMessage(ctx, actor, dialogId, f);
    throw err;
  }
  await publishDialogChange(ctx, dialogId, out.rows, { prevAssigneeId: out.prev });
  const [m] = await messagesView(ctx.db, [out.message]);
  return { message: m as Message, duplicate: false };
}

async function ownMessage(ctx: Ctx, actor: Actor, dialogId: string, messageId: string): Promise<MessageRow> {
  await visibleDialog(ctx, actor, dialogId);
  const m = await ctx.db.selectFrom('messages').selectAll().where('id', '=', messageId).where('dialog_id', '=', dialogId).executeTakeFirst();
  if (!m) throw new DomainError('not_found');
  if (m.author_kind !== 'operator' || m.operator_id !== actor.id) throw new DomainError('forbidden');
  if (m.deleted_at !== null) throw new DomainError('conflict', { detail: 'message deleted' });
  return m;
}

export async function editMessage(ctx: Ctx, actor: Actor, dialogId: string, messageId: string, text: string): Promise<Message> {
  await ownMessage(ctx, actor, dialogId, messageId);
  const now = ctx.now();
  const rows = await ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('messages').select('deleted_at').where('id', '=', messageId).executeTakeFirstOrThrow();
    if (cur.deleted_at !== null) throw new DomainError('conflict', { detail: 'message deleted' });
    await trx.updateTable('messages').set({ text, search: searchText(text), edited_at: now }).where('id', '=', messageId).execute();
    const r = await appendEvents(trx, dialogId, [{ type: S.MessageEdited, payload: { messageId, text, editedAt: now }, messageId }], now);
    await refreshPreview(trx, dialogId);
    return r;
  });
  await publishDialogChange(ctx, dialogId, rows);
  return messageById(ctx, messageId);
}

export async function deleteMessage(ctx: Ctx, actor: Actor, dialogId: string, messageId: string): Promise<{ message: Message; fileIds: string[] }> {
  await ownMessage(ctx, actor, dialogId, messageId);
  const now = ctx.now();
  const { rows, fileIds } = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('messages').set({ text: '', search: '', deleted_at: now }).where('id', '=', messageId).execute();
    // The files of a deleted message go too (rows now, bytes after commit).
    const files = await trx.selectFrom('files').select('id').where('message_id', '=', messageId).execute();
    if (files.length > 0) await trx.deleteFrom('files').where('message_id', '=', messageId).execute();
    const r = await appendEvents(trx, dialogId, [{ type: S.MessageDeleted, payload: { messageId, deletedAt: now }, messageId }], now);
    await refreshPreview(trx, dialogId);
    return { rows: r, fileIds: files.map((f) => f.id) };
  });
  await publishDialogChange(ctx, dialogId, rows);
  return { message: await messageById(ctx, messageId), fileIds };
}

async function messageById(ctx: Ctx, id: string): Promise<Message> {
  const row = await ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const [m] = await messagesView(ctx.db, [row]);
  return m as Message;
}

/** The list preview follows edits and deletes of the latest message. */
async function refreshPreview(trx: Ctx['db'], dialogId: string): Promise<void> {
  const last = await trx.selectFrom('messages').selectAll().where('dialog_id', '=', dialogId).where('deleted_at', 'is', null)
    .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const hasFiles = last
    ? await trx.selectFrom('files').select('id').where('message_id', '=', last.id).limit(1).executeTakeFirst()
    : undefined;
  await trx.updateTable('dialogs').set({
    last_message_text: last ? last.text.slice(0, 200) : null,
    last_message_author: last ? last.author_kind : null,
    last_message_at: last ? last.created_at : null,
    last_message_has_attachments: hasFiles ? 1 : 0,
  }).where('id', '=', dialogId).execute();
}

export async function closeDialog(ctx: Ctx, actor: Actor, dialogId: string, status: CloseStatus): Promise<void> {
  await visibleDialog(ctx, actor, dialogId);
  const now = ctx.now();
  const rows = await ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('dialogs').select('status').where('id', '=', dialogId).executeTakeFirstOrThrow();
    if (cur.status === 'closed') throw new DomainError('dialog_closed');
    await trx.updateTable('dialogs').set({ status: 'closed', close_status: status, closed_at: now, last_activity_at: now })
      .where('id', '=', dialogId).execute();
    return appendEvents(trx, dialogId, [{ type: S.DialogClosed, payload: { at: now, closeStatus: status, operatorId: actor.id } }], now);
  });
  await publishDialogChange(ctx, dialogId, rows);
}

export async function reopenDialog(ctx: Ctx, actor: Actor, dialogId: string): Promise<void> {
  await visibleDialog(ctx, actor, dialogId);
  const now = ctx.now();
  const rows = await ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('dialogs').select('status').where('id', '=', dialogId).executeTakeFirstOrThrow();
    if (cur.status === 'open') throw new DomainError('conflict', { detail: 'dialog is open' });
    const e = await reopenInPlace(trx, dialogId, now, actor.id);
    return appendEvents(trx, dialogId, [e], now);
  });
  await publishDialogChange(ctx, dialogId, rows);
}

/** take: to oneself (operators only from the new queue); assign: admins, to anyone of the project. */
export async function assignDialog(ctx: Ctx, actor: Actor, dialogId: string, operatorId: string, mode: 'take' | 'assign'): Promise<void> {
  const d = await visibleDialog(ctx, actor, dialogId);
  if (mode === 'assign' && !isAdminRole(actor.role)) throw new DomainError('forbidden');
  if (mode === 'take' && d.assignee_id !== null && d.assignee_id !== actor.id && !isAdminRole(actor.role)) {
    throw new DomainError('conflict', { detail: 'already taken' });
  }
  const target = await memberOfProject(ctx.db, actor.projectId, operatorId);
  if (!target) {
    throw new DomainError('bad_request', { fields: ['operatorId'] });
  }
  if (d.assignee_id === operatorId) return;
  const now = ctx.now();
  const rows = await ctx.db.transaction().execute(async (trx) => {
    const e = await assignEvent(ctx, trx, dialogId, operatorId, actor.id, now);
    return appendEvents(trx, dialogId, [e], now);
  });
  await publishDialogChange(ctx, dialogId, rows, { prevAssigneeId: d.assignee_id });
  // The new assignee may have read the chat already (looking at it before taking it): now that
  // counts as "Read" for the visitor.
  await publishVisitorRead(ctx, dialogId, operatorId);
  const seq = rows[rows.length - 1]?.seq ?? d.last_seq;
  if (operatorId !== actor.id) await notifyAssigned(ctx, dialogId, operatorId, seq);
}

/** Moves the visitor's "Read" to this operator's own mark, if it is further. */
async function publishVisitorRead(ctx: Ctx, dialogId: string, operatorId: string): Promise<void> {
  const mark = await ctx.db.selectFrom('dialog_reads').select('read_seq').where('dialog_id', '=', dialogId).where('operator_id', '=', operatorId).executeTakeFirst();
  if (!mark) return;
  const seq = Number(mark.read_seq);
  const r = await ctx.db.updateTable('dialogs').set({ operator_read_seq: seq }).where('id', '=', dialogId).where('operator_read_seq', '<', seq).executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) ctx.bus.publish(topics.dialog(dialogId), { t: 'read', seq } satisfies DialogTopicMsg);
}

/**
 * The operator's own read mark moves. The visitor's "Read" moves only when the dialog's assignee
 * read it, or an operator who has answered in it: an admin looking in is not "read" to the visitor.
 */
export async function markRead(ctx: Ctx, actor: Actor, dialogId: string, seq: number): Promise<void> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const upto = Math.min(seq, d.last_seq);
  await advanceRead(ctx.db, dialogId, actor.id, upto);
  const answered = d.assignee_id === actor.id || (await ctx.db.selectFrom('messages').select('id').where('dialog_id', '=', dialogId)
    .where('operator_id', '=', actor.id).limit(1).executeTakeFirst()) !== undefined;
  if (answered) await publishVisitorRead(ctx, dialogId, actor.id);
  await publishDialogChange(ctx, dialogId, []);
}
