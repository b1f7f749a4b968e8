import { S, pageAllowed, type DialogVisitor } from '@parley/protocol';
import type { Ctx } from '../context';
import { parseJsonObject } from '../storage/rows';
import { appendEvents, publishDialogChange } from './events';
import { dialogVisitor, operatorPublic } from './render';
import { notifyAssigned } from './notify';
import { prefsOf } from './operators';
import { topics, type OpsTopicMsg } from '../realtime/topics';

const BODY_LENGTH = 140;

/** Which group a new dialog belongs to: the `group` parameter (pre-chat choice), else the first matching rule. */
async function pickGroup(ctx: Ctx, projectId: string, dialog: { channel: string; custom_params: string }, page: string | null): Promise<string | null> {
  const groups = await ctx.db.selectFrom('groups').select(['id', 'name']).where('project_id', '=', projectId).execute();
  if (groups.length === 0) return null;
  const asked = parseJsonObject(dialog.custom_params).group;
  if (typeof asked === 'string' && asked.trim()) {
    const want = asked.trim().toLowerCase();
    const g = groups.find((x) => x.id === asked.trim() || x.name.toLowerCase() === want);
    if (g) return g.id;
  }
  const project = await ctx.projects.get(projectId);
  for (const rule of project?.settings.routing ?? []) {
    if (!groups.some((g) => g.id === rule.groupId)) continue;
    if (rule.channels.length > 0 && !rule.channels.includes(dialog.channel as never)) continue;
    if (rule.pages.enabled && (!page || !pageAllowed(rule.pages, page))) continue;
    return rule.groupId;
  }
  return null;
}

/**
 * Round robin among the operators who can answer now (status online, console open) of the
 * dialog's group (everyone when it has none), under their chat limit: the one who got a chat
 * least recently takes it.
 */
async function pickOperator(ctx: Ctx, projectId: string, groupId: string | null): Promise<string | null> {
  let q = ctx.db.selectFrom('memberships').innerJoin('operators', 'operators.id', 'memberships.operator_id')
    .select(['operators.id', 'operators.created_at', 'memberships.max_chats', 'memberships.last_assigned_at'])
    .where('memberships.project_id', '=', projectId).where('operators.deleted_at', 'is', null).where('operators.status', '=', 'online');
  if (groupId) q = q.where((eb) => eb.exists(eb.selectFrom('operator_groups').select('operator_groups.group_id')
    .whereRef('operator_groups.operator_id', '=', 'operators.id').where('operator_groups.group_id', '=', groupId)));
  const ops = (await q.execute()).filter((o) => ctx.presence.consoleOpen(o.id));
  if (ops.length === 0) return null;
  const load = await ctx.db.selectFrom('dialogs').select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId).where('status', '=', 'open').where('assignee_id', 'in', ops.map((o) => o.id))
    .groupBy('assignee_id').execute();
  const open = new Map(load.map((r) => [r.assignee_id, Number(r.n)]));
  const free = ops.filter((o) => o.max_chats === null || (open.get(o.id) ?? 0) < o.max_chats);
  free.sort((a, b) => (a.last_assigned_at ?? 0) - (b.last_assigned_at ?? 0) || (a.created_at - b.created_at) || (a.id < b.id ? -1 : 1));
  return free[0]?.id ?? null;
}

/**
 * A new dialog: route it to a group, then either assign it (auto-assignment on) or tell the
 * operators who asked to hear of new chats. By default (auto-assignment off, nobody opted in)
 * nothing happens: the documents' "an admin assigns" flow.
 */
export async function dialogStarted(ctx: Ctx, dialogId: string, firstText: string): Promise<void> {
  const d = await ctx.db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirst();
  if (!d || d.assignee_id !== null) return;
  const page = await ctx.db.selectFrom('page_visits').select('url').where('visitor_id', '=', d.visitor_id).orderBy('at', 'desc').limit(1).executeTakeFirst();
  const groupId = await pickGroup(ctx, d.project_id, d, page?.url ?? null);
  if (groupId) await ctx.db.updateTable('dialogs').set({ group_id: groupId }).where('id', '=', d.id).execute();
  const project = await ctx.projects.get(d.project_id);
  if (project?.settings.autoAssign.enabled) {
    const operatorId = await pickOperator(ctx, d.project_id, groupId);
    if (operatorId) {
      const now = ctx.now();
      const rows = await ctx.db.transaction().execute(async (trx) => {
        const cur = await trx.selectFrom('dialogs').select('assignee_id').where('id', '=', d.id).executeTakeFirstOrThrow();
        if (cur.assignee_id !== null) return [];
        const op = await trx.selectFrom('operators').selectAll().where('id', '=', operatorId).executeTakeFirstOrThrow();
        await trx.updateTable('dialogs').set({ assignee_id: operatorId }).where('id', '=', d.id).execute();
        await trx.updateTable('memberships').set({ last_assigned_at: now }).where('operator_id', '=', operatorId).where('project_id', '=', d.project_id).execute();
        return appendEvents(trx, d.id, [{ type: S.DialogAssigned, payload: { at: now, operator: operatorPublic(op), by: null } }], now);
      });
      if (rows.length > 0) {
        await publishDialogChange(ctx, d.id, rows, { prevAssigneeId: null });
        await notifyAssigned(ctx, d.id, operatorId, rows[rows.length - 1]?.seq ?? d.last_seq);
        return;
      }
    }
  }
  if (groupId) await publishDialogChange(ctx, d.id, []);
  const optedIn = (await ctx.db.selectFrom('memberships').innerJoin('operators', 'operators.id', 'memberships.operator_id').selectAll('operators')
    .where('memberships.project_id', '=', d.project_id).where('operators.deleted_at', 'is', null).execute())
    .filter((o) => { const p = prefsOf(o); return p.newChatSound || p.newChatTitle; });
  if (optedIn.length === 0) return;
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirst();
  const visitor: DialogVisitor = dialogVisitor(v, d.visitor_id);
  for (const o of optedIn) {
    ctx.bus.publish(topics.ops(d.project_id), {
      t: 'notify', operatorId: o.id, reason: 'new', dialogId: d.id, seq: d.last_seq, title: v?.name || v?.email || 'Visitor',
      body: firstText.slice(0, BODY_LENGTH), visitor,
    } satisfies OpsTopicMsg);
  }
}
