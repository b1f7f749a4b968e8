import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import {
  CreateOperatorBodySchema, LoginBodySchema, OperatorRoutes, UpdateMeBodySchema, UpdateOperatorBodySchema,
  canGrantRole, formatBytes, isAdminRole, type Role,
} from '@parley/protocol';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import type { Actor } from '../services/operator-actions';
import { randomId, sha256 } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import { hashPassword, verifyPassword } from '../auth/password';
import { imageDimensions, receiveToTemp } from '../services/uploads';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { SESSION_COOKIE, endSession, requireOperator, sessionOperator, startSession } from './auth';
import { operatorView, operatorViews, prefsOf } from '../services/operators';
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
    return { operator: await operatorView(ctx, op, true) };
  });

  app.post(OperatorRoutes.logout, async (req, reply) => {
    const s = await requireOperator(ctx, req);
    const hash = await endSession(ctx, req, reply);
    if (hash) ctx.bus.publish(topics.ops(s.actor.projectId), { t: 'kick', operatorId: s.actor.id, sessionHash: hash } satisfies OpsTopicMsg);
    return reply.code(204).send();
  });

  app.get(OperatorRoutes.session, async (req) => {
    const s = await sessionOperator(ctx, req);
    return { operator: s ? await operatorView(ctx, s.op, true) : null };
  });

  app.get(OperatorRoutes.me, async (req) => {
    const { op } = await requireOperator(ctx, req);
    return { operator: await operatorView(ctx, op, true) };
  });

  app.patch(OperatorRoutes.me, async (req) => {
    const { op } = await requireOperator(ctx, req);
    const body = parseInput(UpdateMeBodySchema, req.body);
    const set: { name?: string; status?: string; password_hash?: string; prefs?: string } = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.status !== undefined) set.status = body.status;
    if (body.prefs !== undefined) set.prefs = JSON.stringify({ ...prefsOf(op), ...body.prefs });
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
    return { operator: await operatorView(ctx, fresh, true) };
  });

  /** Square PNG or JPG, 200–1500 px, sniffed from its bytes (the seed's rules for operator avatars). */
  async function storeAvatar(req: FastifyRequest, op: OperatorRow, uploaderId: string): Promise<OperatorRow> {
    if (!ctx.limits.uploadsPerVisitor.take(`o:${uploaderId}`)) throw new DomainError('rate_limited');
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
      return await ctx.db.selectFrom('operators').selectAll().where('id', '=', op.id).executeTakeFirstOrThrow();
    } finally {
      if (!moved) await rm(got.tmp, { force: true });
    }
  }

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post(OperatorRoutes.myAvatar, async (req) => {
      const { op } = await requireOperator(ctx, req);
      return { operator: await operatorView(ctx, await storeAvatar(req, op, op.id), true) };
    });
    // Admins set an operator's avatar (when creating them, or later).
    scope.post(OperatorRoutes.operatorAvatarPattern, async (req) => {
      const { actor } = await requireOperator(ctx, req);
      const target = await manageable(actor, (req.params as { operatorId: string }).operatorId);
      return { operator: await operatorView(ctx, await storeAvatar(req, target, actor.id)) };
    });
  });

  /** Someone the actor may manage: needs the right to grant their current role, and not oneself. */
  async function manageable(actor: Actor, id: string): Promise<OperatorRow> {
    const target = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).where('project_id', '=', actor.projectId)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!target) throw new DomainError('not_found');
    if (!isAdminRole(actor.role) || target.id === actor.id || !canGrantRole(actor.role, target.role as Role)) throw new DomainError('forbidden');
    return target;
  }

  /** Only groups of the actor's project. */
  async function checkGroups(actor: Actor, ids: readonly string[] | undefined): Promise<string[] | undefined> {
    if (ids === undefined) return undefined;
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await ctx.db.selectFrom('groups').select('id').where('project_id', '=', actor.projectId).where('id', 'in', unique).execute();
    if (rows.length !== unique.length) throw new DomainError('bad_request', { fields: ['groupIds'] });
    return unique;
  }

  async function setGroups(trx: Ctx['db'], operatorId: string, ids: readonly string[] | undefined): Promise<void> {
    if (ids === undefined) return;
    await trx.deleteFrom('operator_groups').where('operator_id', '=', operatorId).execute();
    if (ids.length > 0) await trx.insertInto('operator_groups').values(ids.map((group_id) => ({ operator_id: operatorId, group_id }))).execute();
  }

  app.get(OperatorRoutes.operators, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const rows = await ctx.db.selectFrom('operators').selectAll().where('project_id', '=', actor.projectId)
      .where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
    return { operators: await operatorViews(ctx, rows) };
  });

  app.post(OperatorRoutes.operators, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(CreateOperatorBodySchema, req.body);
    // Only the owner makes admins; admins make operators.
    if (!canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
    const row = {
      id: randomId(), project_id: actor.projectId, email: body.email, name: body.name, role: body.role,
      password_hash: await hashPassword(body.password), status: 'offline', avatar_file: null, created_at: ctx.now(), deleted_at: null,
      prefs: '{}', max_chats: body.maxChats ?? null, last_assigned_at: null, last_seen_at: null,
    };
    const groups = await checkGroups(actor, body.groupIds);
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('operators').values(row).execute();
        await setGroups(trx, row.id, groups);
      });
    } catch (err) {
      // Said next to the field, not as "changed by someone else".
      if (isUniqueViolation(err)) throw new DomainError('email_taken', { fields: ['email'] });
      throw err;
    }
    return reply.code(201).send({ operator: await operatorView(ctx, row) });
  });

  app.patch(OperatorRoutes.operatorPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const id = (req.params as { operatorId: string }).operatorId;
    const body = parseInput(UpdateOperatorBodySchema, req.body);
    // Managing someone needs the right to grant their current role, and the new one.
    const target = await manageable(actor, id);
    if (body.role !== undefined && !canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
    const groups = await checkGroups(actor, body.groupIds);
    const set: { name?: string; role?: string; password_hash?: string; max_chats?: number | null } = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.role !== undefined) set.role = body.role;
    if (body.maxChats !== undefined) set.max_chats = body.maxChats;
    if (body.password !== undefined) set.password_hash = await hashPassword(body.password);
    await ctx.db.transaction().execute(async (trx) => {
      if (Object.keys(set).length > 0) await trx.updateTable('operators').set(set).where('id', '=', id).execute();
      await setGroups(trx, id, groups);
    });
    if (set.password_hash) await ctx.db.deleteFrom('operator_sessions').where('operator_id', '=', id).execute();
    if (set.role !== undefined && set.role !== target.role || set.password_hash) {
      // Open consoles hold the old role or session: make them reconnect.
      ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
    }
    const fresh = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { operator: await operatorView(ctx, fresh) };
  });

  app.delete(OperatorRoutes.operatorPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const id = (req.params as { operatorId: string }).operatorId;
    const target = await manageable(actor, id);
    // Kept as a row (their messages still name them), but unable to sign in and no longer listed.
    await ctx.db.updateTable('operators').set({ deleted_at: ctx.now(), status: 'offline', email: `deleted:${target.id}:${target.email}` })
      .where('id', '=', id).execute();
    await ctx.db.deleteFrom('operator_sessions').where('operator_id', '=', id).execute();
    ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
    ctx.presence.statusChanged(actor.projectId, id, 'offline');
    return reply.code(204).send();
  });
}
