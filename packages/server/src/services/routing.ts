import { S, pageAllowed, type DialogVisitor } from '@parley/protocol';
import type { Ctx } from '../context';
import { parseJsonObject } from '../storage/rows';
import { dialogs, type DialogCard, type DialogSet } from '../storage/dialogs';
import { events as eventRepo } from '../storage/events';
import { markAssigned } from '../storage/memberships';
import { operatorById } from '../storage/operators';
import { visitors } from '../storage/visitors';
import { eventRows, type NewEvent } from './events';
import { BODY_LENGTH, notifyAssigned, publishChange } from './fanout';
import { onDialogEvents } from './webhooks/hooks';
import { cardParts, dialogVisitor, operatorPublic } from './render';
import { prefsOf } from './operators';
import { topics, type OpsTopicMsg } from '../realtime/topics';

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
  let q = ctx.db
    .selectFrom('memberships')
    .innerJoin('operators', 'operators.id', 'memberships.operator_id')
    .select(['operators.id', 'operators.created_at', 'memberships.max_chats', 'memberships.last_assigned_at'])
    .where('memberships.project_id', '=', projectId)
    .where('operators.deleted_at', 'is', null)
    .where('operators.status', '=', 'online');
  if (groupId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('operator_groups')
          .select('operator_groups.group_id')
          .whereRef('operator_groups.operator_id', '=', 'operators.id')
          .where('operator_groups.group_id', '=', groupId),
      ),
    );
  const ops = (await q.execute()).filter((o) => ctx.presence.consoleOpen(o.id));
  if (ops.length === 0) return null;
  const load = await ctx.db
    .selectFrom('dialogs')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId)
    .where('status', '=', 'open')
    .where(
      'assignee_id',
      'in',
      ops.map((o) => o.id),
    )
    .groupBy('assignee_id')
    .execute();
  const open = new Map(load.map((r) => [r.assignee_id, Number(r.n)]));
  const free = ops.filter((o) => o.max_chats === null || (open.get(o.id) ?? 0) < o.max_chats);
  free.sort((a, b) => (a.last_assigned_at ?? 0) - (b.last_assigned_at ?? 0) || a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
  return free[0]?.id ?? null;
}

/**
 * A new dialog, once its first message is committed (from the fan-out queue, never before the
 * ack): route it to a group, then either assign it (auto-assignment on) or tell the operators
 * who asked to hear of new chats. By default (auto-assignment off, nobody opted in) nothing
 * happens: the documents' "an admin assigns" flow. The write goes through the group commit and
 * publishes from what it returned.
 */
export async function dialogStarted(ctx: Ctx, card: DialogCard, firstText: string): Promise<void> {
  if (card.assignee_id !== null) return;
  const [page] = await ctx.store.read((x) => visitors.pages(x, card.visitor_id, 1));
  const groupId = await pickGroup(ctx, card.project_id, card, page?.url ?? null);
  const project = await ctx.projects.get(card.project_id);
  const operatorId = project?.settings.autoAssign.enabled ? await pickOperator(ctx, card.project_id, groupId) : null;
  const op = operatorId ? await operatorById(ctx.db, operatorId) : undefined;
  if (groupId || op) {
    const r = await ctx.store.write(async (tx) => {
      const cur = await dialogs.byId(tx, card.id);
      if (!cur) return null;
      const now = ctx.now();
      const set: DialogSet = {};
      if (groupId) set.group_id = groupId;
      const list: NewEvent[] = [];
      if (op && cur.assignee_id === null) {
        set.assignee_id = op.id;
        await markAssigned(tx, op.id, card.project_id, now);
        list.push({ type: S.DialogAssigned, payload: { at: now, operator: operatorPublic(op), by: null } });
      }
      if (Object.keys(set).length === 0) return null;
      const next = await dialogs.advance(tx, ctx.store.dialect, card.id, list.length, now, set);
      if (!next) return null;
      const rows = eventRows(next.id, next.last_seq, list, now);
      await eventRepo.insert(tx, rows);
      await onDialogEvents(ctx.integrations, tx, next.project_id, next.id, rows, now);
      return { card: next, rows, assigned: list.length > 0 };
    });
    if (r) {
      publishChange(ctx, r.assigned ? { card: r.card, rows: r.rows, prevAssigneeId: null } : { card: r.card, rows: r.rows });
      if (r.assigned && op) {
        notifyAssigned(ctx, r.card, op.id);
        return;
      }
    }
  }
  const optedIn = (
    await ctx.db
      .selectFrom('memberships')
      .innerJoin('operators', 'operators.id', 'memberships.operator_id')
      .selectAll('operators')
      .where('memberships.project_id', '=', card.project_id)
      .where('operators.deleted_at', 'is', null)
      .execute()
  ).filter((o) => {
    const p = prefsOf(o);
    return p.newChatSound || p.newChatTitle;
  });
  if (optedIn.length === 0) return;
  const v = cardParts(card).visitor;
  const visitor: DialogVisitor = dialogVisitor(v, card.visitor_id);
  for (const o of optedIn) {
    ctx.bus.publish(topics.ops(card.project_id), {
      t: 'notify',
      operatorId: o.id,
      reason: 'new',
      dialogId: card.id,
      seq: card.last_seq,
      title: v.name || v.email || 'Visitor',
      body: firstText.slice(0, BODY_LENGTH),
      visitor,
    } satisfies OpsTopicMsg);
  }
}
