import { S, isAdminRole, type CloseStatus, type DialogSummary, type Message, type RequestStatus } from '@parley/protocol';
import { mailRequestStatus } from './email/request-status';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import type { SqlExec, Tx } from '../storage/sql';
import { dialogs, type DialogCard, type DialogSet } from '../storage/dialogs';
import { events as eventRepo } from '../storage/events';
import { files as fileRepo, messages as messageRepo } from '../storage/messages';
import { memberOfProject } from '../storage/memberships';
import { readMarks } from '../storage/read-marks';
import type { DialogRow } from '../storage/rows';
import { eventRows, type NewEvent } from './events';
import { notifyAssigned, publishChange, type DialogChange } from './fanout';
import { onDialogEvents } from './webhooks/hooks';
import { PREVIEW_LENGTH, REOPEN_SET } from './messages';
import { messageView, operatorPublic, summaryOf } from './render';
import { topics, type DialogTopicMsg } from '../realtime/topics';
import { canSee, type Actor } from './visibility';

export type { Actor } from './visibility';
export { canSee } from './visibility';

/** The dialog, if it is in the actor's project and they may see it. */
async function visibleIn(x: SqlExec, actor: Actor, dialogId: string): Promise<DialogRow> {
  const d = await dialogs.byId(x, dialogId);
  // A dialog the actor may not see answers exactly like a missing one, so ids reveal nothing.
  if (!d || d.project_id !== actor.projectId || !canSee(actor, d)) throw new DomainError('not_found');
  return d;
}

export function visibleDialog(ctx: Ctx, actor: Actor, dialogId: string): Promise<DialogRow> {
  return ctx.store.read((x) => visibleIn(x, actor, dialogId));
}

/**
 * The dialog as this operator sees it, published again to every console: for changes made
 * outside these actions (a messenger client verified by hand moves the dialog to another visitor).
 */
export async function republish(ctx: Ctx, actor: Actor, dialogId: string): Promise<DialogSummary> {
  const card = await ctx.store.read(async (x) => dialogs.cardById(x, ctx.store.dialect, (await visibleIn(x, actor, dialogId)).id));
  if (!card) throw new DomainError('not_found');
  ctx.fanout.schedule(() => publishChange(ctx, { card, rows: [] }));
  return summaryOf(card, actor.id);
}

interface Step {
  list: NewEvent[];
  set: DialogSet;
  change?: Partial<DialogChange>;
}

/**
 * One operator action on a visible dialog: its events take the next seqs, its fields are set, and
 * the change is published from what the write returned once it is committed.
 */
async function act<T extends object>(
  ctx: Ctx,
  actor: Actor,
  dialogId: string,
  build: (tx: Tx, d: DialogRow, now: number) => Promise<Step & T>,
): Promise<{ card: DialogCard } & T> {
  const r = await ctx.store.write(async (tx) => {
    const d = await visibleIn(tx, actor, dialogId);
    const now = ctx.now();
    const step = await build(tx, d, now);
    const changed = step.list.length > 0 || Object.keys(step.set).length > 0;
    const card = changed
      ? await dialogs.advance(tx, ctx.store.dialect, d.id, step.list.length, now, step.set)
      : await dialogs.cardById(tx, ctx.store.dialect, d.id);
    if (!card) throw new DomainError('not_found');
    const rows = eventRows(card.id, card.last_seq, step.list, now);
    await eventRepo.insert(tx, rows);
    await onDialogEvents(ctx.integrations, tx, card.project_id, card.id, rows, now);
    return { ...step, card, rows, changed };
  });
  if (r.changed) ctx.fanout.schedule(() => publishChange(ctx, { ...r.change, card: r.card, rows: r.rows }));
  return r;
}

/** The list preview follows edits and deletes of the latest message. */
async function previewOf(tx: Tx, dialogId: string): Promise<DialogSet> {
  const last = await messageRepo.latestShown(tx, dialogId);
  return {
    last_message_text: last ? last.text.slice(0, PREVIEW_LENGTH) : null,
    last_message_author: last ? last.author_kind : null,
    last_message_at: last ? last.created_at : null,
    last_message_has_attachments: last?.has_files ? 1 : 0,
  };
}

/** Operators edit and delete their own messages only, never a deleted one. */
async function ownMessage(tx: Tx, actor: Actor, dialogId: string, messageId: string) {
  const m = await messageRepo.byId(tx, messageId);
  if (!m || m.dialog_id !== dialogId) throw new DomainError('not_found');
  if (m.author_kind !== 'operator' || m.operator_id !== actor.id) throw new DomainError('forbidden');
  if (m.deleted_at !== null) throw new DomainError('conflict', { detail: 'message deleted' });
  return m;
}

export async function editMessage(
  ctx: Ctx,
  actor: Actor,
  dialogId: string,
  messageId: string,
  text: string,
  op: Parameters<typeof messageView>[2],
): Promise<Message> {
  const r = await act(ctx, actor, dialogId, async (tx, _d, now) => {
    const m = await ownMessage(tx, actor, dialogId, messageId);
    await messageRepo.setText(tx, messageId, text, now);
    const message = messageView({ ...m, text, edited_at: now }, await fileRepo.ofMessages(tx, [messageId]), op);
    return { list: [{ type: S.MessageEdited, payload: { messageId, text, editedAt: now }, messageId }], set: await previewOf(tx, dialogId), message };
  });
  return r.message;
}

export async function deleteMessage(
  ctx: Ctx,
  actor: Actor,
  dialogId: string,
  messageId: string,
  op: Parameters<typeof messageView>[2],
): Promise<{ message: Message; fileIds: string[] }> {
  return act(ctx, actor, dialogId, async (tx, _d, now) => {
    const m = await ownMessage(tx, actor, dialogId, messageId);
    await messageRepo.markDeleted(tx, messageId, now);
    // The files of a deleted message go too (rows now, bytes after commit).
    const fileIds = await fileRepo.deleteOfMessage(tx, messageId);
    const message = messageView({ ...m, text: '', deleted_at: now }, [], op);
    return { list: [{ type: S.MessageDeleted, payload: { messageId, deletedAt: now }, messageId }], set: await previewOf(tx, dialogId), message, fileIds };
  });
}

export async function closeDialog(ctx: Ctx, actor: Actor, dialogId: string, status: CloseStatus): Promise<DialogSummary> {
  const r = await act(ctx, actor, dialogId, async (_tx, d, now) => {
    if (d.status === 'closed') throw new DomainError('dialog_closed');
    return {
      list: [{ type: S.DialogClosed, payload: { at: now, closeStatus: status, operatorId: actor.id } }],
      set: { status: 'closed', close_status: status, closed_at: now, last_activity_at: now, waiting_at: null },
    };
  });
  statusMail(ctx, r.card, 'resolved');
  return summaryOf(r.card, actor.id);
}

/** The visitor hears of a new request status by mail (when the project mails them), after the commit. */
function statusMail(ctx: Ctx, card: DialogCard, status: RequestStatus): void {
  if (!card.number) return;
  const number = Number(card.number);
  ctx.fanout.schedule(() => {
    mailRequestStatus(ctx, card.id, number, status).catch((err: unknown) => ctx.log.error({ err }, 'mailing a request status failed'));
  });
}

export async function reopenDialog(ctx: Ctx, actor: Actor, dialogId: string): Promise<DialogSummary> {
  const r = await act(ctx, actor, dialogId, async (_tx, d, now) => {
    if (d.status === 'open') throw new DomainError('conflict', { detail: 'dialog is open' });
    return { list: [{ type: S.DialogOpened, payload: { at: now, reopened: true, operatorId: actor.id } }], set: REOPEN_SET(now) };
  });
  return summaryOf(r.card, actor.id);
}

/**
 * Marks the request "waiting for the client" (or takes the mark off): a dialog.waiting event the
 * visitor sees live, and the status in every list. The visitor's next message takes it off.
 */
export async function setWaiting(ctx: Ctx, actor: Actor, dialogId: string, waiting: boolean): Promise<DialogSummary> {
  const r = await act(ctx, actor, dialogId, async (_tx, d, now) => {
    if (d.status === 'closed') throw new DomainError('dialog_closed');
    if ((d.waiting_at !== null) === waiting) return { list: [], set: {} };
    return {
      list: [{ type: S.DialogWaiting, payload: { at: now, waiting, operatorId: actor.id } }],
      set: { waiting_at: waiting ? now : null, last_activity_at: now },
    };
  });
  if (waiting && r.list.length > 0) statusMail(ctx, r.card, 'waiting');
  return summaryOf(r.card, actor.id);
}

/** take: to oneself (operators only from the new queue); assign: admins, to anyone of the project. */
export async function assignDialog(ctx: Ctx, actor: Actor, dialogId: string, operatorId: string, mode: 'take' | 'assign'): Promise<DialogSummary> {
  await visibleDialog(ctx, actor, dialogId);
  if (mode === 'assign' && !isAdminRole(actor.role)) throw new DomainError('forbidden');
  // The target must work in this project (a membership); checked before the write, as a write job
  // reads only through its transaction.
  const target = await memberOfProject(ctx.db, actor.projectId, operatorId);
  if (!target) throw new DomainError('bad_request', { fields: ['operatorId'] });
  const r = await act(ctx, actor, dialogId, async (tx, d, now) => {
    if (mode === 'take' && d.assignee_id !== null && d.assignee_id !== actor.id && !isAdminRole(actor.role)) {
      throw new DomainError('conflict', { detail: 'already taken' });
    }
    if (d.assignee_id === operatorId) return { list: [], set: {}, assigned: false, visitorRead: null };
    const set: DialogSet = { assignee_id: operatorId };
    // The new assignee may have read the chat already (looking at it before taking it): now that
    // counts as "Read" for the visitor.
    const mark = await readMarks.of(tx, d.id, operatorId);
    const visitorRead = mark !== null && mark > d.operator_read_seq ? mark : null;
    if (visitorRead !== null) set.operator_read_seq = visitorRead;
    return {
      list: [{ type: S.DialogAssigned, payload: { at: now, operator: operatorPublic(target), by: actor.id } }],
      set,
      change: { prevAssigneeId: d.assignee_id },
      assigned: true,
      visitorRead,
    };
  });
  if (r.visitorRead !== null) publishVisitorRead(ctx, dialogId, r.visitorRead);
  if (r.assigned && operatorId !== actor.id) ctx.fanout.schedule(() => notifyAssigned(ctx, r.card, operatorId));
  return summaryOf(r.card, actor.id);
}

/** A change that takes no seq: published as the new summary only. */
async function touch(ctx: Ctx, actor: Actor, dialogId: string, fn: (tx: Tx, d: DialogRow) => Promise<void>): Promise<DialogCard> {
  const card = await ctx.store.write(async (tx) => {
    const d = await visibleIn(tx, actor, dialogId);
    await fn(tx, d);
    const c = await dialogs.cardById(tx, ctx.store.dialect, d.id);
    if (!c) throw new DomainError('not_found');
    return c;
  });
  ctx.fanout.schedule(() => publishChange(ctx, { card, rows: [] }));
  return card;
}

function publishVisitorRead(ctx: Ctx, dialogId: string, seq: number): void {
  ctx.fanout.schedule(() => ctx.bus.publish(topics.dialog(dialogId), { t: 'read', seq } satisfies DialogTopicMsg));
}

/**
 * The operator's own read mark moves. The visitor's "Read" moves only when the dialog's assignee
 * read it, or an operator who has answered in it: an admin looking in is not "read" to the visitor.
 */
export async function markRead(ctx: Ctx, actor: Actor, dialogId: string, seq: number): Promise<DialogSummary> {
  let visitorRead: number | null = null;
  const card = await touch(ctx, actor, dialogId, async (tx, d) => {
    await readMarks.advance(tx, d.id, actor.id, Math.min(seq, d.last_seq));
    if (d.assignee_id !== actor.id && !(await readMarks.answered(tx, d.id, actor.id))) return;
    const mark = (await readMarks.of(tx, d.id, actor.id)) ?? 0;
    if (mark <= d.operator_read_seq) return;
    await dialogs.update(tx, d.id, { operator_read_seq: mark });
    visitorRead = mark;
  });
  if (visitorRead !== null) publishVisitorRead(ctx, dialogId, visitorRead);
  return summaryOf(card, actor.id);
}

export async function setTags(ctx: Ctx, actor: Actor, dialogId: string, tags: string[]): Promise<DialogSummary> {
  const card = await touch(ctx, actor, dialogId, (tx, d) => dialogs.setTags(tx, d.id, [...new Set(tags)]));
  return summaryOf(card, actor.id);
}
