import { S, type Channel } from '@parley/protocol';
import { randomId } from '../util/crypto';
import type { Db } from '../storage/open';
import type { DialogRow, MessageRow } from '../storage/rows';
import { appendEvents, type NewEvent } from './events';
import { recordMessageCreated } from './webhooks/record';
import { markFirstReply } from '../storage/integrations/stats-queries';
import type { EventRow } from '../storage/rows';

export async function latestDialogOfVisitor(db: Db, visitorId: string): Promise<DialogRow | undefined> {
  return db.selectFrom('dialogs').selectAll().where('visitor_id', '=', visitorId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function getDialog(db: Db, id: string): Promise<DialogRow | undefined> {
  return db.selectFrom('dialogs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts an empty dialog (seq 0); the caller appends dialog.opened. */
export async function insertDialog(
  trx: Db,
  p: { projectId: string; visitorId: string; channel: Channel; params: string; now: number },
): Promise<DialogRow> {
  const row: DialogRow = {
    id: randomId(), project_id: p.projectId, visitor_id: p.visitorId, status: 'open', close_status: null,
    channel: p.channel, assignee_id: null, last_seq: 0, custom_params: p.params, created_at: p.now, updated_at: p.now,
    closed_at: null, last_activity_at: p.now, rating_score: null, rating_comment: null, rated_at: null,
    rating_client_id: null, unread: 0, operator_read_seq: 0, visitor_read_seq: 0, last_message_text: null, last_message_author: null,
    last_message_at: null, last_message_has_attachments: 0, group_id: null, erased_at: null, first_reply_at: null,
  };
  await trx.insertInto('dialogs').values(row).execute();
  return row;
}

/** Reopens a closed dialog in place (verified visitors write again, or an operator reopens). */
export async function reopenInPlace(trx: Db, dialogId: string, now: number, operatorId: string | null): Promise<NewEvent> {
  await trx.updateTable('dialogs')
    .set({
      status: 'open', close_status: null, closed_at: null, rating_score: null, rating_comment: null, rated_at: null,
      rating_client_id: null, last_activity_at: now,
    })
    .where('id', '=', dialogId)
    .execute();
  return { type: S.DialogOpened, payload: { at: now, reopened: true, operatorId } };
}

export const PREVIEW_LENGTH = 200;

/** Inserts a message and its message.new event (plus any events before it), updating the dialog summary. */
export async function insertMessageWithEvents(
  trx: Db,
  p: {
    dialog: DialogRow;
    before: NewEvent[];
    /** channel: where a visitor message came from (default web). */
    message: Omit<MessageRow, 'seq' | 'dialog_id' | 'project_id' | 'channel'> & { channel?: string };
    attachmentIds: string[];
    now: number;
  },
): Promise<{ rows: EventRow[]; message: MessageRow }> {
  const rows = await appendEvents(
    trx,
    p.dialog.id,
    [...p.before, { type: S.MessageNew, payload: {}, messageId: p.message.id }],
    p.now,
  );
  const last = rows[rows.length - 1] as EventRow;
  const message: MessageRow = { ...p.message, channel: p.message.channel ?? 'web', seq: last.seq, dialog_id: p.dialog.id, project_id: p.dialog.project_id };
  await trx.insertInto('messages').values(message).execute();
  if (p.attachmentIds.length > 0) {
    await trx.updateTable('files').set({ message_id: message.id, dialog_id: p.dialog.id }).where('id', 'in', p.attachmentIds).execute();
  }
  await recordMessageCreated(trx, p.dialog.id, p.dialog.project_id, message, p.now);
  if (message.author_kind === 'operator') await markFirstReply(trx, p.dialog.id, message.created_at);
  const fromVisitor = message.author_kind === 'visitor';
  await trx.updateTable('dialogs')
    .set((eb) => ({
      last_message_text: message.text.slice(0, PREVIEW_LENGTH),
      last_message_author: message.author_kind,
      last_message_at: p.now,
      last_message_has_attachments: p.attachmentIds.length > 0 ? 1 : 0,
      last_activity_at: p.now,
      // An operator reply means the operators have read everything before it.
      unread: fromVisitor ? eb('unread', '+', 1) : eb.val(0),
      operator_read_seq: fromVisitor ? eb.ref('operator_read_seq') : eb.val(last.seq),
    }))
    .where('id', '=', p.dialog.id)
    .execute();
  return { rows, message };
}
