import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AssignBodySchema, CloseBodySchema, DialogListQuerySchema, EditMessageBodySchema, NoteBodySchema, OperatorRoutes,
  ReadBodySchema, SendMessageBodySchema, TagsBodySchema, TimelineQuerySchema, UpdateVisitorBodySchema, BlockBodySchema,
} from '@parley/protocol';
import { visitorSearch } from '../storage/visitors';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import {
  assignDialog, closeDialog, deleteMessage, editMessage, markRead, reopenDialog, sendOperatorMessage, visibleDialog,
} from '../services/operator-actions';
import { dialogDetail, listDialogs, notesOf, timeline } from '../services/dialog-queries';
import { publishSummary } from '../services/events';
import { summaryOf } from '../services/render';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { requireOperator } from './auth';
import { parseInput } from './errors';

const dialogIdOf = (req: FastifyRequest) => (req.params as { dialogId: string }).dialogId;

export function registerOperatorDialogRoutes(app: FastifyInstance, ctx: Ctx): void {
  const summary = async (id: string, viewerId: string) => ({ dialog: await summaryOf(ctx.db, id, viewerId) });

  app.get(OperatorRoutes.dialogs, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return listDialogs(ctx, actor, parseInput(DialogListQuerySchema, req.query));
  });

  app.get(OperatorRoutes.dialogPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return dialogDetail(ctx, actor, await visibleDialog(ctx, actor, dialogIdOf(req)));
  });

  app.get(OperatorRoutes.timelinePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const q = parseInput(TimelineQuerySchema, req.query);
    return timeline(ctx, await visibleDialog(ctx, actor, dialogIdOf(req)), q.before);
  });

  app.post(OperatorRoutes.takePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    await assignDialog(ctx, actor, dialogIdOf(req), actor.id, 'take');
    return summary(dialogIdOf(req), actor.id);
  });

  app.post(OperatorRoutes.assignPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(AssignBodySchema, req.body);
    await assignDialog(ctx, actor, dialogIdOf(req), body.operatorId, 'assign');
    return summary(dialogIdOf(req), actor.id);
  });

  app.post(OperatorRoutes.messagesPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(SendMessageBodySchema, req.body);
    if (!ctx.limits.messagesPerVisitor.take(`o:${actor.id}`)) throw new DomainError('rate_limited');
    const r = await sendOperatorMessage(ctx, actor, dialogIdOf(req), body);
    return reply.code(r.duplicate ? 200 : 201).send({ message: r.message });
  });

  app.patch(OperatorRoutes.messagePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(EditMessageBodySchema, req.body);
    const { messageId } = req.params as { messageId: string };
    return { message: await editMessage(ctx, actor, dialogIdOf(req), messageId, body.text) };
  });

  app.delete(OperatorRoutes.messagePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const { messageId } = req.params as { messageId: string };
    const r = await deleteMessage(ctx, actor, dialogIdOf(req), messageId);
    await Promise.all(r.fileIds.map((id) => rm(join(ctx.paths.files, id), { force: true })));
    return { message: r.message };
  });

  app.post(OperatorRoutes.notesPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(NoteBodySchema, req.body);
    const d = await visibleDialog(ctx, actor, dialogIdOf(req));
    const row = { id: randomId(), dialog_id: d.id, operator_id: actor.id, text: body.text, created_at: ctx.now() };
    // Notes live apart from the visitor's event sequence: they can never reach a visitor socket.
    await ctx.db.insertInto('notes').values(row).execute();
    const [note] = await notesOf(ctx, [row]);
    if (note) ctx.bus.publish(topics.ops(actor.projectId), { t: 'note', note, assigneeId: d.assignee_id } satisfies OpsTopicMsg);
    return reply.code(201).send({ note });
  });

  app.post(OperatorRoutes.closePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(CloseBodySchema, req.body);
    await closeDialog(ctx, actor, dialogIdOf(req), body.status);
    return summary(dialogIdOf(req), actor.id);
  });

  app.post(OperatorRoutes.reopenPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    await reopenDialog(ctx, actor, dialogIdOf(req));
    return summary(dialogIdOf(req), actor.id);
  });

  app.put(OperatorRoutes.tagsPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(TagsBodySchema, req.body);
    const d = await visibleDialog(ctx, actor, dialogIdOf(req));
    const tags = [...new Set(body.tags)];
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('dialog_tags').where('dialog_id', '=', d.id).execute();
      if (tags.length > 0) await trx.insertInto('dialog_tags').values(tags.map((tag) => ({ dialog_id: d.id, tag }))).execute();
    });
    await publishSummary(ctx, d.id);
    return summary(d.id, actor.id);
  });

  /** The visitor card: operators edit name, email, phone and their note (never shown to the visitor). */
  app.patch(OperatorRoutes.visitorPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(UpdateVisitorBodySchema, req.body);
    const d = await visibleDialog(ctx, actor, dialogIdOf(req));
    const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirstOrThrow();
    const clean = (x: string | null | undefined, cur: string | null) => (x === undefined ? cur : x === null || x.trim() === '' ? null : x.trim());
    const next = { name: clean(body.name, v.name), email: clean(body.email, v.email), phone: clean(body.phone, v.phone), note: clean(body.note, v.note) };
    await ctx.db.updateTable('visitors').set({ ...next, search: visitorSearch({ ...v, ...next }) }).where('id', '=', v.id).execute();
    await publishVisitorDialogs(v.id);
    return dialogDetail(ctx, actor, await visibleDialog(ctx, actor, d.id));
  });

  /** Block: the visitor's messages are refused with a neutral text. Unblock here or in the blocked list. */
  app.put(OperatorRoutes.blockPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(BlockBodySchema, req.body);
    const d = await visibleDialog(ctx, actor, dialogIdOf(req));
    await ctx.db.updateTable('visitors').set({ blocked_at: body.blocked ? ctx.now() : null }).where('id', '=', d.visitor_id).execute();
    await publishVisitorDialogs(d.visitor_id);
    return dialogDetail(ctx, actor, await visibleDialog(ctx, actor, d.id));
  });

  async function publishVisitorDialogs(visitorId: string): Promise<void> {
    const rows = await ctx.db.selectFrom('dialogs').select('id').where('visitor_id', '=', visitorId).orderBy('created_at', 'desc').limit(20).execute();
    for (const r of rows) await publishSummary(ctx, r.id);
  }

  app.post(OperatorRoutes.readPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(ReadBodySchema, req.body);
    await markRead(ctx, actor, dialogIdOf(req), body.seq);
    return summary(dialogIdOf(req), actor.id);
  });
}
