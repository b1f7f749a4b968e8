import * as v from 'valibot';
import {
  DEFAULT_OPERATOR_PREFS, OperatorPrefsSchema, presenceOf, type Operator, type OperatorPrefs, type OperatorStatus, type Role,
} from '@parley/protocol';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import { avatarUrl } from './urls';

export function prefsOf(r: Pick<OperatorRow, 'prefs'>): OperatorPrefs {
  let raw: unknown = {};
  try {
    raw = JSON.parse(r.prefs);
  } catch {
    raw = {};
  }
  const merged = { ...DEFAULT_OPERATOR_PREFS, ...(typeof raw === 'object' && raw !== null ? raw : {}) };
  const out = v.safeParse(OperatorPrefsSchema, merged);
  return out.success ? out.output : { ...DEFAULT_OPERATOR_PREFS };
}

async function groupIdsOf(ctx: Ctx, ids: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const rows = await ctx.db.selectFrom('operator_groups').selectAll().where('operator_id', 'in', [...ids]).orderBy('group_id').execute();
  for (const r of rows) map.get(r.operator_id)?.push(r.group_id);
  return map;
}

function view(ctx: Ctx, r: OperatorRow, groupIds: string[], self: boolean): Operator {
  const status: OperatorStatus = r.status === 'online' ? 'online' : 'offline';
  const op: Operator = {
    id: r.id, email: r.email, name: r.name, role: r.role as Role, avatarUrl: avatarUrl(r), status,
    presence: presenceOf(status, ctx.presence.consoleOpen(r.id)), groupIds, maxChats: r.max_chats, createdAt: r.created_at,
  };
  if (self) op.prefs = prefsOf(r);
  return op;
}

/** An operator as the API shows them; `self` adds their own preferences. */
export async function operatorView(ctx: Ctx, r: OperatorRow, self = false): Promise<Operator> {
  const groups = await groupIdsOf(ctx, [r.id]);
  return view(ctx, r, groups.get(r.id) ?? [], self);
}

export async function operatorViews(ctx: Ctx, rows: readonly OperatorRow[]): Promise<Operator[]> {
  const groups = await groupIdsOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => view(ctx, r, groups.get(r.id) ?? [], false));
}
