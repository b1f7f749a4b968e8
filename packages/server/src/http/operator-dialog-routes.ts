import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AssignBodySchema, CloseBodySchema, DialogListQuerySchema, EditMessageBodySchema, NoteBodySchema, OperatorRoutes,
  ReadBodySchema, SendMessageBodySchema, TagsBodySchema, TimelineQuerySchema,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import {
  assignDialog, closeDialog, deleteMessage, editMessage, markRead, reopenDialog, setTags, visibleDialog,
} from '../services/operator-actions';
import { sendMessage } from '../services/messages';
import { dialogDetail, listDialogs, notesOf, timeline } from '../services/dialog-queries';
import { operatorPublic } from '../services/render';
import { notes } from '../storage/notes';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { requireOperator } from './auth';
import { parseInput } from './errors';

const dialogIdOf = (req: FastifyRequest) => (req.params as { dialogId: string }).dialogId;

export function registerOperatorDialogRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.get(OperatorRoutes.dialogs, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return listDialogs(ctx, actor, parseInput(DialogListQuerySchema, req.query));
  });

  app.get(OperatorRoutes.dialogPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return dialogDetail(ctx, await visibleDialog(ctx, actor, dialogIdOf(req)));
  });

  app.get(OperatorRoutes.timelinePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const q = parseInput(TimelineQuerySchema, req.query);
    return timeline(ctx, await visibleDialog(ctx, actor, dialogIdOf(req)), q.before);
  });

  app.post(OperatorRoutes.takePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return { dialog: await assignDialog(ctx, actor, dialogIdOf(req), actor.id, 'take') };
  });

  app.post(OperatorRoutes.assignPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(AssignBodySchema, req.body);
    return { dialog: await assignDialog(ctx, actor, dialogIdOf(req), body.operatorId, 'assign') };
  });

  app.post(OperatorRoutes.messagesPattern, async (req, reply) => {
    const { actor, op } = await requireOperator(ctx, req);
    const body = parseInput(SendMessageBodySchema, req.body);
    if (!ctx.limits.messagesPerVisitor.take(`o:${actor.id}`)) throw new DomainError('rate_limited');
    const r = await sendMessage(ctx, { kind: 'operator', actor, op: operatorPublic(op), dialogId: dialogIdOf(req) }, body);
    return reply.code(r.duplicate ? 200 : 201).send({ message: r.message });
  });

  app.patch(OperatorRoutes.messagePattern, async (req) => {
    const { actor, op } = await requireOperator(ctx, req);
    const body = parseInput(EditMessageBodySchema, req.body);
    const { messageId } = req.params as { messageId: string };
    return { message: await editMessage(ctx, actor, dialogIdOf(req), messageId, body.text, operatorPublic(op)) };
  });

  app.delete(OperatorRoutes.messagePattern, async (req) => {
    const { actor, op } = await requireOperator(ctx, req);
    const { messageId } = req.params as { messageId: string };
    const r = await deleteMessage(ctx, actor, dialogIdOf(req), messageId, operatorPublic(op));
    await Promise.all(r.fileIds.map((id) => rm(join(ctx.paths.files, id), { force: true })));
    return { message: r.message };
  });

  app.post(OperatorRoutes.notesPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(NoteBodySchema, req.body);
    const d = await visibleDialog(ctx, actor, dialogIdOf(req));
    const row = { id: randomId(), dialog_id: d.id, operator_id: actor.id, text: body.text, created_at: ctx.now() };
    // Notes live apart from the visitor's event sequence: they can never reach a visitor socket.
    await ctx.store.write((tx) => notes.insert(tx, row));
    const [note] = await ctx.store.read((x) => notesOf(x, [row]));
    if (note) ctx.bus.publish(topics.ops(actor.projectId), { t: 'note', note, assigneeId: d.assignee_id } satisfies OpsTopicMsg);
    return reply.code(201).send({ note });
  });

  app.post(OperatorRoutes.closePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(CloseBodySchema, req.body);
    return { dialog: await closeDialog(ctx, actor, dialogIdOf(req), body.status) };
  });

  app.post(OperatorRoutes.reopenPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return { dialog: await reopenDialog(ctx, actor, dialogIdOf(req)) };
  });

  app.put(OperatorRoutes.tagsPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(TagsBodySchema, req.body);
    return { dialog: await setTags(ctx, actor, dialogIdOf(req), body.tags) };
  });

  app.post(OperatorRoutes.readPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(ReadBodySchema, req.body);
    return { dialog: await markRead(ctx, actor, dialogIdOf(req), body.seq) };
  });
}
