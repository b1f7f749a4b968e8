import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import {
  CreateOperatorBodySchema, LoginBodySchema, OperatorRoutes, UpdateMeBodySchema, UpdateOperatorBodySchema,
  canGrantRole, formatBytes, isAdminRole, type Role,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId, sha256 } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import { hashPassword, verifyPassword } from '../auth/password';
import { imageDimensions, receiveToTemp } from '../services/uploads';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { SESSION_COOKIE, endSession, operatorOf, requireOperator, startSession } from './auth';
import { parseInput, requestLocale } from './errors';

const AVATAR_MAX_BYTES = 10 * 1024 * 1024;
const AVATAR_MIN_PX = 200;
const AVATAR_MAX_PX = 1500;

export function registerOperatorAccountRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.post(OperatorRoutes.login, async (req, reply) => {
    if (!ctx.limits.loginPerIp.take(req.ip)) throw new DomainError('rate_limited');
    const body = parseInput(LoginBodySchema, req.body);
    const op = await ctx.db.selectFrom('operators').selectAll().where('email', '=', body.email).where('deleted_at', 'is', null).executeTakeFirst();
    const ok = await verifyPassword(body.password, op?.password_hash ?? null);
    if (!op || !ok) throw new DomainError('unauthorized');
    await startSession(ctx, req, reply, op.id);
    return { operator: operatorOf(op) };
  });

  app.post(OperatorRoutes.logout, async (req, reply) => {
    const s = await requireOperator(ctx, req);
    const hash = await endSession(ctx, req, reply);
    if (hash) ctx.bus.publish(topics.ops(s.actor.projectId), { t: 'kick', operatorId: s.actor.id, sessionHash: hash } satisfies OpsTopicMsg);
    return reply.code(204).send();
  });

  app.get(OperatorRoutes.me, async (req) => {
    const { op } = await requireOperator(ctx, req);
    return { operator: operatorOf(op) };
  });

  app.patch(OperatorRoutes.me, async (req) => {
    const { op } = await requireOperator(ctx, req);
    const body = parseInput(UpdateMeBodySchema, req.body);
    const set: { name?: string; status?: string; password_hash?: string } = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.status !== undefined) set.status = body.status;
    if (body.password) {
      if (!(await verifyPassword(body.password.current, op.password_hash))) {
        throw new DomainError('bad_request', { fields: ['password.current'] });
      }
      set.password_hash = await hashPassword(body.password.next);
    }
    if (Object.keys(set).length > 0) await ctx.db.updateTable('operators').set(set).where('id', '=', op.id).execute();
    if (set.password_hash) {
      // A new password signs out every other session of this operator.
      const current = req.cookies[SESSION_COOKIE];
      const keep = current ? sha256(current) : '';
      await ctx.db.deleteFrom('operator_sessions').where('operator_id', '=', op.id).where('id_hash', '!=', keep).execute();
    }
    if (body.status !== undefined && body.status !== op.status) ctx.presence.statusChanged(op.project_id, op.id, body.status);
    const fresh = await ctx.db.selectFrom('operators').selectAll().where('id', '=', op.id).executeTakeFirstOrThrow();
    return { operator: operatorOf(fresh) };
  });

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post(OperatorRoutes.myAvatar, async (req) => {
      const { op } = await requireOperator(ctx, req);
      if (!ctx.limits.uploadsPerVisitor.take(`o:${op.id}`)) throw new DomainError('rate_limited');
      const got = await receiveToTemp(ctx, req.body as Readable, AVATAR_MAX_BYTES);
      if (got.over) throw new DomainError('file_too_large', { params: { limit: formatBytes(AVATAR_MAX_BYTES, requestLocale(req)) } });
      let moved = false;
      try {
        // A file whose structure confuses the sniffer is treated as unrecognised, never as a crash.
    const sniffed = await fileTypeFromFile(got.tmp).catch(() => undefined);
        const ext = sniffed?.mime === 'image/png' ? 'png' : sniffed?.mime === 'image/jpeg' ? 'jpg' : null;
        const dims = ext ? await imageDimensions(got.tmp) : null;
        const square = dims !== null && dims.width === dims.height && dims.width >= AVATAR_MIN_PX && dims.width <= AVATAR_MAX_PX;
        if (!ext || !square) throw new DomainError('image_invalid');
        const file = `${randomId(12)}.${ext}`;
        await rename(got.tmp, join(ctx.paths.avatars, file));
        moved = true;
        await ctx.db.updateTable('operators').set({ avatar_file: file }).where('id', '=', op.id).execute();
        if (op.avatar_file) await rm(join(ctx.paths.avatars, op.avatar_file), { force: true });
        const fresh = await ctx.db.selectFrom('operators').selectAll().where('id', '=', op.id).executeTakeFirstOrThrow();
        return { operator: operatorOf(fresh) };
      } finally {
        if (!moved) await rm(got.tmp, { force: true });
      }
    });
  });

  app.get(OperatorRoutes.operators, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const rows = await ctx.db.selectFrom('operators').selectAll().where('project_id', '=', actor.projectId)
      .where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
    return { operators: rows.map(operatorOf) };
  });

  app.post(OperatorRoutes.operators, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(CreateOperatorBodySchema, req.body);
    // Only the owner makes admins; admins make operators.
    if (!canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
    const row = {
      id: randomId(), project_id: actor.projectId, email: body.email, name: body.name, role: body.role,
      password_hash: await hashPassword(body.password), status: 'offline', avatar_file: null, created_at: ctx.now(), deleted_at: null,
    };
    try {
      await ctx.db.insertInto('operators').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', { fields: ['email'] });
      throw err;
    }
    return reply.code(201).send({ operator: operatorOf(row) });
  });

  app.patch(OperatorRoutes.operatorPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const id = (req.params as { operatorId: string }).operatorId;
    const body = parseInput(UpdateOperatorBodySchema, req.body);
    const target = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).where('project_id', '=', actor.projectId)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!target) throw new DomainError('not_found');
    // Managing someone needs the right to grant their current role, and the new one.
    if (!isAdminRole(actor.role) || target.id === actor.id || !canGrantRole(actor.role, target.role as Role)) throw new DomainError('forbidden');
    if (body.role !== undefined && !canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
    const set: { name?: string; role?: string; password_hash?: string } = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.role !== undefined) set.role = body.role;
    if (body.password !== undefined) set.password_hash = await hashPassword(body.password);
    if (Object.keys(set).length > 0) await ctx.db.updateTable('operators').set(set).where('id', '=', id).execute();
    if (set.password_hash) await ctx.db.deleteFrom('operator_sessions').where('operator_id', '=', id).execute();
    if (set.role !== undefined && set.role !== target.role || set.password_hash) {
      // Open consoles hold the old role or session: make them reconnect.
      ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
    }
    const fresh = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { operator: operatorOf(fresh) };
  });

  app.delete(OperatorRoutes.operatorPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const id = (req.params as { operatorId: string }).operatorId;
    const target = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).where('project_id', '=', actor.projectId)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!target) throw new DomainError('not_found');
    if (!isAdminRole(actor.role) || target.id === actor.id || !canGrantRole(actor.role, target.role as Role)) throw new DomainError('forbidden');
    // Kept as a row (their messages still name them), but unable to sign in and no longer listed.
    await ctx.db.updateTable('operators').set({ deleted_at: ctx.now(), status: 'offline', email: `deleted:${target.id}:${target.email}` })
      .where('id', '=', id).execute();
    await ctx.db.deleteFrom('operator_sessions').where('operator_id', '=', id).execute();
    ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
    ctx.presence.statusChanged(actor.projectId, id, 'offline');
    return reply.code(204).send();
  });
}
