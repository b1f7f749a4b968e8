import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../util/errors';
import {
  assignDialog, closeDialog, deleteMessage, editMessage, markRead, reopenDialog, sendOperatorMessage, visibleDialog,
} from '../services/operator-actions';
import { dialogDetail, listDialogs, timeline } from '../services/dialog-queries';
import { addNote, dialogSummary, setTags } from '../services/dialog-extras';
import type { Ctx } from '../context';
import { handlers } from './router';
import { emailBlocker } from '../services/email/replies';

async function summary(ctx: Ctx, id: string, viewerId: string) {
  return { dialog: await dialogSummary(ctx, id, viewerId) };
}

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
    const id = params.dialogId;
    await assignDialog(ctx, actor, id, actor.id, 'take');
    return summary(ctx, id, actor.id);
  },

  async assign({ ctx, actor, params, body }) {
    const id = params.dialogId;
    await assignDialog(ctx, actor, id, body.operatorId, 'assign');
    return summary(ctx, id, actor.id);
  },

  async reply({ ctx, reply, actor, params, body }) {
    if (!ctx.limits.messagesPerVisitor.take(`o:${actor.id}`)) throw new DomainError('rate_limited');
    const { via, ...message } = body;
    // "email" is refused before anything is stored when this visitor cannot be mailed.
    const blocker = via === 'email' ? await emailBlocker(ctx, params.dialogId) : null;
    if (blocker) throw new DomainError('conflict', { fields: ['via'], detail: blocker });
    const r = await sendOperatorMessage(ctx, actor, params.dialogId, message);
    if (!r.duplicate) {
      ctx.metrics.messageAccepted('operator');
      const d = await visibleDialog(ctx, actor, params.dialogId);
      ctx.email.operatorReplied(params.dialogId, d.visitor_id, via);
    }
    reply.code(r.duplicate ? 200 : 201);
    return { message: r.message };
  },

  async editMessage({ ctx, actor, params, body }) {
    return { message: await editMessage(ctx, actor, params.dialogId, params.messageId, body.text) };
  },

  async deleteMessage({ ctx, actor, params }) {
    const r = await deleteMessage(ctx, actor, params.dialogId, params.messageId);
    await Promise.all(r.fileIds.map((id) => rm(join(ctx.paths.files, id), { force: true })));
    return { message: r.message };
  },

  async addNote({ ctx, reply, actor, params, body }) {
    const note = await addNote(ctx, actor, params.dialogId, body.text);
    reply.code(201);
    return { note };
  },

  async close({ ctx, actor, params, body }) {
    const id = params.dialogId;
    await closeDialog(ctx, actor, id, body.status);
    return summary(ctx, id, actor.id);
  },

  async reopen({ ctx, actor, params }) {
    const id = params.dialogId;
    await reopenDialog(ctx, actor, id);
    return summary(ctx, id, actor.id);
  },

  async setTags({ ctx, actor, params, body }) {
    const id = params.dialogId;
    await setTags(ctx, actor, id, body.tags);
    return summary(ctx, id, actor.id);
  },

  async markRead({ ctx, actor, params, body }) {
    const id = params.dialogId;
    await markRead(ctx, actor, id, body.seq);
    return summary(ctx, id, actor.id);
  },
});
