import type { BlockedVisitor, DialogDetail, Group, TagDef } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import { visitorSearch } from '../storage/visitors';
import type { Actor } from './operator-actions';
import { visibleDialog } from './operator-actions';
import { dialogVisitor } from './render';
import { dialogDetail } from './dialog-queries';
import { dialogs } from '../storage/dialogs';
import { publishChange } from './fanout';
import { updateProjectSettings } from './project-settings';

/** Groups (departments), the managed tag list, blocked visitors and the visitor card: per project. */

export async function groupsOf(ctx: Ctx, projectId: string): Promise<Group[]> {
  const rows = await ctx.db.selectFrom('groups').selectAll().where('project_id', '=', projectId).orderBy('name').orderBy('id').execute();
  const members = rows.length
    ? await ctx.db
        .selectFrom('operator_groups')
        .innerJoin('operators', 'operators.id', 'operator_groups.operator_id')
        .select(['operator_groups.group_id', 'operator_groups.operator_id'])
        .where(
          'operator_groups.group_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('operators.deleted_at', 'is', null)
        .execute()
    : [];
  return rows.map((r) => ({ id: r.id, name: r.name, operatorIds: members.filter((m) => m.group_id === r.id).map((m) => m.operator_id) }));
}

async function setMembers(trx: Ctx['db'], projectId: string, groupId: string, ids: readonly string[] | undefined): Promise<void> {
  if (ids === undefined) return;
  const unique = [...new Set(ids)];
  if (unique.length > 0) {
    const ok = await trx.selectFrom('memberships').select('operator_id').where('project_id', '=', projectId).where('operator_id', 'in', unique).execute();
    if (ok.length !== unique.length) throw new DomainError('bad_request', { fields: ['operatorIds'] });
  }
  await trx.deleteFrom('operator_groups').where('group_id', '=', groupId).execute();
  if (unique.length > 0)
    await trx
      .insertInto('operator_groups')
      .values(unique.map((operator_id) => ({ operator_id, group_id: groupId })))
      .execute();
}

async function groupOf(ctx: Ctx, projectId: string, id: string): Promise<Group> {
  const g = (await groupsOf(ctx, projectId)).find((x) => x.id === id);
  if (!g) throw new DomainError('not_found');
  return g;
}

export async function saveGroup(ctx: Ctx, actor: Actor, id: string | null, body: { name: string; operatorIds?: string[] | undefined }): Promise<Group> {
  const groupId = id ?? randomId();
  if (id) {
    const cur = await ctx.db.selectFrom('groups').select('id').where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
    if (!cur) throw new DomainError('not_found');
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (id) await trx.updateTable('groups').set({ name: body.name }).where('id', '=', id).execute();
      else await trx.insertInto('groups').values({ id: groupId, project_id: actor.projectId, name: body.name, created_at: ctx.now() }).execute();
      await setMembers(trx, actor.projectId, groupId, body.operatorIds);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', { fields: ['name'] });
    throw err;
  }
  return groupOf(ctx, actor.projectId, groupId);
}

export async function removeGroup(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const r = await ctx.db.deleteFrom('groups').where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new DomainError('not_found');
  await ctx.db.updateTable('dialogs').set({ group_id: null }).where('group_id', '=', id).execute();
  // The pre-chat form stops offering it.
  const preChat = (await ctx.projects.get(actor.projectId))?.settings.preChat;
  if (preChat?.group?.options.some((o) => o.id === id)) {
    await updateProjectSettings(ctx, actor, {
      settings: { preChat: { ...preChat, group: { ...preChat.group, options: preChat.group.options.filter((o) => o.id !== id) } } },
    });
  }
}

export async function tagsOf(ctx: Ctx, projectId: string): Promise<TagDef[]> {
  return ctx.db.selectFrom('project_tags').select(['name', 'color']).where('project_id', '=', projectId).orderBy('name').execute();
}

export async function putTag(ctx: Ctx, actor: Actor, name: string, color: string): Promise<TagDef[]> {
  await ctx.db
    .insertInto('project_tags')
    .values({ project_id: actor.projectId, name, color, created_at: ctx.now() })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ color }))
    .execute();
  return tagsOf(ctx, actor.projectId);
}

export async function removeTag(ctx: Ctx, actor: Actor, name: string): Promise<TagDef[]> {
  const r = await ctx.db.deleteFrom('project_tags').where('project_id', '=', actor.projectId).where('name', '=', name).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new DomainError('not_found');
  return tagsOf(ctx, actor.projectId);
}

export async function blockedVisitors(ctx: Ctx, projectId: string): Promise<BlockedVisitor[]> {
  const rows = await ctx.db
    .selectFrom('visitors')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('blocked_at', 'is not', null)
    .orderBy('blocked_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...dialogVisitor(r, r.id), blockedAt: r.blocked_at as number }));
}

/** The visitor's card changed outside any dialog write: their latest dialogs' summaries follow. */
async function publishVisitorDialogs(ctx: Ctx, visitorId: string): Promise<void> {
  const cards = await ctx.store.read((x) => dialogs.cardsOfVisitor(x, ctx.store.dialect, visitorId, 20));
  for (const card of cards) publishChange(ctx, { card, rows: [] });
}

export async function unblockVisitor(ctx: Ctx, projectId: string, visitorId: string): Promise<void> {
  const r = await ctx.db
    .updateTable('visitors')
    .set({ blocked_at: null })
    .where('id', '=', visitorId)
    .where('project_id', '=', projectId)
    .where('blocked_at', 'is not', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new DomainError('not_found');
  await publishVisitorDialogs(ctx, visitorId);
}

/** The visitor card: operators edit name, email, phone and their note (never shown to the visitor). */
export async function updateVisitorCard(
  ctx: Ctx,
  actor: Actor,
  dialogId: string,
  body: { name?: string | null | undefined; email?: string | null | undefined; phone?: string | null | undefined; note?: string | null | undefined },
): Promise<DialogDetail> {
  const d = await visibleDialog(ctx, actor, dialogId);
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirstOrThrow();
  const clean = (x: string | null | undefined, cur: string | null) => (x === undefined ? cur : x === null || x.trim() === '' ? null : x.trim());
  const next = { name: clean(body.name, v.name), email: clean(body.email, v.email), phone: clean(body.phone, v.phone), note: clean(body.note, v.note) };
  await ctx.db
    .updateTable('visitors')
    .set({ ...next, search: visitorSearch({ ...v, ...next }) })
    .where('id', '=', v.id)
    .execute();
  await publishVisitorDialogs(ctx, v.id);
  return dialogDetail(ctx, actor, await visibleDialog(ctx, actor, d.id));
}

/** Block: the visitor's messages are refused with a neutral text. */
export async function setVisitorBlocked(ctx: Ctx, actor: Actor, dialogId: string, blocked: boolean): Promise<DialogDetail> {
  const d = await visibleDialog(ctx, actor, dialogId);
  await ctx.db
    .updateTable('visitors')
    .set({ blocked_at: blocked ? ctx.now() : null })
    .where('id', '=', d.visitor_id)
    .execute();
  await publishVisitorDialogs(ctx, d.visitor_id);
  return dialogDetail(ctx, actor, await visibleDialog(ctx, actor, d.id));
}
