import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../util/errors';
import {
  assignDialog,
  closeDialog,
  setWaiting,
  deleteMessage,
  editMessage,
  markRead,
  reopenDialog,
  setTags,
  visibleDialog,
} from '../services/operator-actions';
import { sendMessage } from '../services/messages';
import { dialogDetail, listDialogs, timeline } from '../services/dialog-queries';
import { addNote } from '../services/dialog-extras';
import { operatorPublic } from '../services/render';
import { handlers } from './router';
import { emailBlocker } from '../services/email/replies';

/** The dialog queue and everything an operator does in a dialog. */
export const dialogHandlers = handlers({
  async dialogs({ ctx, actor, query }) {
    return listDialogs(ctx, actor, query);
  },

  async dialog({ ctx, actor, params }) {
    return dialogDetail(ctx, actor, await visibleDialog(ctx, actor, params.dialogId));
  },

  async timeline({ ctx, actor, params, query }) {
    return timeline(ctx, await visibleDialog(ctx, actor, params.dialogId), query.before);
  },

  async take({ ctx, actor, params }) {
    return { dialog: await assignDialog(ctx, actor, params.dialogId, actor.id, 'take') };
  },

  async assign({ ctx, actor, params, body }) {
    return { dialog: await assignDialog(ctx, actor, params.dialogId, body.operatorId, 'assign') };
  },

  async reply({ ctx, reply, actor, op, params, body }) {
    if (!(await ctx.limits.messagesPerVisitor.take(`o:${actor.id}`)).ok) throw new DomainError('rate_limited');
    const { via, ...message } = body;
    // "email" is refused before anything is stored when this visitor cannot be mailed.
    const blocker = via === 'email' ? await emailBlocker(ctx, params.dialogId) : null;
    if (blocker) throw new DomainError('conflict', { fields: ['via'], detail: blocker });
    const r = await sendMessage(ctx, { kind: 'operator', actor, op: operatorPublic(op), dialogId: params.dialogId }, message);
    if (!r.duplicate) {
      ctx.metrics.messageAccepted('operator');
      // The send returned the dialog's visitor (no second read of the dialog).
      if (r.party) ctx.email.operatorReplied(params.dialogId, r.party, via);
    }
    reply.code(r.duplicate ? 200 : 201);
    return { message: r.message };
  },

  async editMessage({ ctx, actor, op, params, body }) {
    return { message: await editMessage(ctx, actor, params.dialogId, params.messageId, body.text, operatorPublic(op)) };
  },

  async deleteMessage({ ctx, actor, op, params }) {
    const r = await deleteMessage(ctx, actor, params.dialogId, params.messageId, operatorPublic(op));
    await Promise.all(r.fileIds.map((id) => rm(join(ctx.paths.files, id), { force: true })));
    return { message: r.message };
  },

  async addNote({ ctx, reply, actor, params, body }) {
    const note = await addNote(ctx, actor, params.dialogId, body.text);
    reply.code(201);
    return { note };
  },

  async close({ ctx, actor, params, body }) {
    return { dialog: await closeDialog(ctx, actor, params.dialogId, body.status) };
  },

  async reopen({ ctx, actor, params }) {
    return { dialog: await reopenDialog(ctx, actor, params.dialogId) };
  },

  async setWaiting({ ctx, actor, params, body }) {
    return { dialog: await setWaiting(ctx, actor, params.dialogId, body.waiting) };
  },

  async setTags({ ctx, actor, params, body }) {
    return { dialog: await setTags(ctx, actor, params.dialogId, body.tags) };
  },

  async markRead({ ctx, actor, params, body }) {
    return { dialog: await markRead(ctx, actor, params.dialogId, body.seq) };
  },
});
