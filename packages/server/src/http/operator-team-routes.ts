import type { FastifyInstance } from 'fastify';
import {
  GroupBodySchema, OperatorRoutes, TagDefBodySchema, isAdminRole, type Group, type TagDef,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import type { Actor } from '../services/operator-actions';
import { dialogVisitor } from '../services/render';
import { requireOperator } from './auth';
import { parseInput } from './errors';

function requireAdmin(actor: Actor): void {
  if (!isAdminRole(actor.role)) throw new DomainError('forbidden');
}

/** Groups (departments), the managed tag list and blocked visitors: per project. */
export function registerOperatorTeamRoutes(app: FastifyInstance, ctx: Ctx): void {
  async function groupsOf(projectId: string): Promise<Group[]> {
    const rows = await ctx.db.selectFrom('groups').selectAll().where('project_id', '=', projectId).orderBy('name').orderBy('id').execute();
    const members = rows.length
      ? await ctx.db.selectFrom('operator_groups').innerJoin('operators', 'operators.id', 'operator_groups.operator_id')
        .select(['operator_groups.group_id', 'operator_groups.operator_id'])
        .where('operator_groups.group_id', 'in', rows.map((r) => r.id)).where('operators.deleted_at', 'is', null).execute()
      : [];
    return rows.map((r) => ({ id: r.id, name: r.name, operatorIds: members.filter((m) => m.group_id === r.id).map((m) => m.operator_id) }));
  }

  async function setMembers(trx: Ctx['db'], actor: Actor, groupId: string, ids: readonly string[] | undefined): Promise<void> {
    if (ids === undefined) return;
    const unique = [...new Set(ids)];
    if (unique.length > 0) {
      const ok = await trx.selectFrom('operators').select('id').where('project_id', '=', actor.projectId)
        .where('deleted_at', 'is', null).where('id', 'in', unique).execute();
      if (ok.length !== unique.length) throw new DomainError('bad_request', { fields: ['operatorIds'] });
    }
    await trx.deleteFrom('operator_groups').where('group_id', '=', groupId).execute();
    if (unique.length > 0) await trx.insertInto('operator_groups').values(unique.map((operator_id) => ({ operator_id, group_id: groupId }))).execute();
  }

  app.get(OperatorRoutes.groups, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return { groups: await groupsOf(actor.projectId) };
  });

  app.post(OperatorRoutes.groups, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const body = parseInput(GroupBodySchema, req.body);
    const id = randomId();
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('groups').values({ id, project_id: actor.projectId, name: body.name, created_at: ctx.now() }).execute();
        await setMembers(trx, actor, id, body.operatorIds);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', { fields: ['name'] });
      throw err;
    }
    const group = (await groupsOf(actor.projectId)).find((g) => g.id === id);
    return reply.code(201).send({ group });
  });

  app.patch(OperatorRoutes.groupPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const id = (req.params as { groupId: string }).groupId;
    const body = parseInput(GroupBodySchema, req.body);
    const cur = await ctx.db.selectFrom('groups').select('id').where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
    if (!cur) throw new DomainError('not_found');
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('groups').set({ name: body.name }).where('id', '=', id).execute();
        await setMembers(trx, actor, id, body.operatorIds);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', { fields: ['name'] });
      throw err;
    }
    return { group: (await groupsOf(actor.projectId)).find((g) => g.id === id) };
  });

  app.delete(OperatorRoutes.groupPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const id = (req.params as { groupId: string }).groupId;
    const r = await ctx.db.deleteFrom('groups').where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new DomainError('not_found');
    await ctx.db.updateTable('dialogs').set({ group_id: null }).where('group_id', '=', id).execute();
    return reply.code(204).send();
  });

  const tagsOf = async (projectId: string): Promise<TagDef[]> =>
    (await ctx.db.selectFrom('project_tags').select(['name', 'color']).where('project_id', '=', projectId).orderBy('name').execute());

  app.get(OperatorRoutes.tagDefs, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return { tags: await tagsOf(actor.projectId) };
  });

  app.put(OperatorRoutes.tagDefPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const body = parseInput(TagDefBodySchema, req.body);
    if (body.name !== (req.params as { tag: string }).tag) throw new DomainError('bad_request', { fields: ['name'] });
    await ctx.db.insertInto('project_tags').values({ project_id: actor.projectId, name: body.name, color: body.color, created_at: ctx.now() })
      .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ color: body.color })).execute();
    return { tags: await tagsOf(actor.projectId) };
  });

  app.delete(OperatorRoutes.tagDefPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const name = (req.params as { tag: string }).tag;
    const r = await ctx.db.deleteFrom('project_tags').where('project_id', '=', actor.projectId).where('name', '=', name).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new DomainError('not_found');
    return { tags: await tagsOf(actor.projectId) };
  });

  app.get(OperatorRoutes.blocked, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const rows = await ctx.db.selectFrom('visitors').selectAll().where('project_id', '=', actor.projectId)
      .where('blocked_at', 'is not', null).orderBy('blocked_at', 'desc').limit(500).execute();
    return { visitors: rows.map((r) => ({ ...dialogVisitor(r, r.id), blockedAt: r.blocked_at as number })) };
  });

  app.delete(OperatorRoutes.blockedVisitorPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const id = (req.params as { visitorId: string }).visitorId;
    const r = await ctx.db.updateTable('visitors').set({ blocked_at: null }).where('id', '=', id).where('project_id', '=', actor.projectId)
      .where('blocked_at', 'is not', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new DomainError('not_found');
    return reply.code(204).send();
  });
}
