import * as v from 'valibot';
import { DEFAULT_OPERATOR_PREFS, OperatorPrefsSchema, presenceOf, type Operator, type OperatorPrefs } from '@parley/protocol';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import { DomainError } from '../util/errors';

export function prefsOf(r: Pick<OperatorRow, 'prefs'>): OperatorPrefs {
  let raw: unknown;
  try {
    raw = JSON.parse(r.prefs);
  } catch {
    raw = {};
  }
  const merged = { ...DEFAULT_OPERATOR_PREFS, ...(typeof raw === 'object' && raw !== null ? raw : {}) };
  const out = v.safeParse(OperatorPrefsSchema, merged);
  return out.success ? out.output : { ...DEFAULT_OPERATOR_PREFS };
}

/**
 * What only the server knows at the moment of asking, for operators shown in one project: their
 * presence as the widget sees it (status and an open console), their groups there and their chat
 * limit there.
 */
export async function decorate(ctx: Ctx, projectId: string, ops: Operator[]): Promise<Operator[]> {
  if (ops.length === 0) return ops;
  const ids = ops.map((o) => o.id);
  const groups = await ctx.db
    .selectFrom('operator_groups')
    .innerJoin('groups', 'groups.id', 'operator_groups.group_id')
    .select(['operator_groups.operator_id', 'operator_groups.group_id'])
    .where('groups.project_id', '=', projectId)
    .where('operator_groups.operator_id', 'in', ids)
    .orderBy('operator_groups.group_id')
    .execute();
  const limits = await ctx.db
    .selectFrom('memberships')
    .select(['operator_id', 'max_chats'])
    .where('project_id', '=', projectId)
    .where('operator_id', 'in', ids)
    .execute();
  return ops.map((o) => ({
    ...o,
    presence: presenceOf(o.status, ctx.presence.consoleOpen(o.id)),
    groupIds: groups.filter((g) => g.operator_id === o.id).map((g) => g.group_id),
    maxChats: limits.find((l) => l.operator_id === o.id)?.max_chats ?? null,
  }));
}

/** Only groups of the project; undefined stays undefined (no change). */
export async function checkGroups(ctx: Ctx, projectId: string, ids: readonly string[] | undefined): Promise<string[] | undefined> {
  if (ids === undefined) return undefined;
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await ctx.db.selectFrom('groups').select('id').where('project_id', '=', projectId).where('id', 'in', unique).execute();
  if (rows.length !== unique.length) throw new DomainError('bad_request', { fields: ['groupIds'] });
  return unique;
}

/** An operator's groups in one project (their groups elsewhere stay). */
export async function setGroups(db: Ctx['db'], projectId: string, operatorId: string, ids: readonly string[] | undefined): Promise<void> {
  if (ids === undefined) return;
  const mine = await db.selectFrom('groups').select('id').where('project_id', '=', projectId).execute();
  if (mine.length > 0) {
    await db
      .deleteFrom('operator_groups')
      .where('operator_id', '=', operatorId)
      .where(
        'group_id',
        'in',
        mine.map((g) => g.id),
      )
      .execute();
  }
  if (ids.length > 0)
    await db
      .insertInto('operator_groups')
      .values(ids.map((group_id) => ({ operator_id: operatorId, group_id })))
      .execute();
}
