import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import {
  canGrantRole,
  formatBytes,
  isAdminRole,
  presenceOf,
  type Locale,
  type Operator,
  type OperatorPrefs,
  type OperatorStatus,
  type Role,
} from '@parley/protocol';
import { checkGroups, decorate, prefsOf, setGroups } from './operators';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import type { OperatorRow } from '../storage/rows';
import { deleteSessionsOf, insertOperator, operatorByEmail, operatorById, softDeleteOperator, updateOperator, type OperatorPatch } from '../storage/operators';
import {
  addMembership,
  countMemberships,
  memberOfProject,
  membership,
  membershipsOf,
  membersOfProject,
  removeMembership,
  setMembershipRole,
  type MemberRow,
} from '../storage/memberships';
import { projectIds } from '../storage/projects';
import { hashPassword, verifyPassword } from '../auth/password';
import { topics, type OperatorTopicMsg, type OpsTopicMsg } from '../realtime/topics';
import { imageDimensions, receiveToTemp } from './uploads';
import type { Actor } from './operator-actions';
import { avatarUrl } from './urls';
import { workspaceRoleOf } from './workspace';

const AVATAR_MAX_BYTES = 10 * 1024 * 1024;
const AVATAR_MIN_PX = 200;
const AVATAR_MAX_PX = 1500;

/**
 * The account as the API shows it, with its role in one project (`role`); `self` adds the
 * operator's own preferences. Presence, groups and chat limit come from `decorate` (operators.ts).
 */
export function operatorOf(r: OperatorRow, role: Role, self = false): Operator {
  const status: OperatorStatus = (r.status as OperatorStatus) === 'online' ? 'online' : 'offline';
  const op: Operator = {
    id: r.id,
    email: r.email,
    name: r.name,
    role,
    workspaceRole: workspaceRoleOf(r),
    avatarUrl: avatarUrl(r),
    status,
    presence: presenceOf(status, false),
    groupIds: [],
    maxChats: null,
    createdAt: r.created_at,
  };
  if (self) op.prefs = prefsOf(r);
  return op;
}

export function memberOf(r: MemberRow): Operator {
  return { ...operatorOf(r, r.role as Role), maxChats: r.max_chats };
}

/** Role to show when the request acts in no project: the workspace role, else operator. */
export function accountRole(r: OperatorRow): Role {
  return workspaceRoleOf(r) ?? 'operator';
}

/** The account for these credentials, or `unauthorized` (the same for a wrong email and a wrong password). */
export async function authenticate(ctx: Ctx, email: string, password: string): Promise<OperatorRow> {
  const op = await operatorByEmail(ctx.db, email);
  const ok = await verifyPassword(password, op?.password_hash ?? null);
  if (!op || !ok) throw new DomainError('unauthorized');
  return op;
}

async function fresh(ctx: Ctx, id: string): Promise<OperatorRow> {
  const op = await operatorById(ctx.db, id);
  if (!op) throw new DomainError('not_found');
  return op;
}

/** Every project of the account (presence and kicks reach them all). */
async function projectsOfAccount(ctx: Ctx, operatorId: string): Promise<string[]> {
  return (await membershipsOf(ctx.db, operatorId)).map((m) => m.project_id);
}

async function setEmail(ctx: Ctx, id: string, email: string): Promise<void> {
  try {
    await updateOperator(ctx.db, id, { email });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('email_taken', { fields: ['email'] });
    throw err;
  }
}

/** Own name, status, email and password (the current password is required for the last two; other sessions end). */
export async function updateSelf(
  ctx: Ctx,
  op: OperatorRow,
  sessionHash: string,
  body: {
    name?: string | undefined;
    status?: OperatorStatus | undefined;
    password?: { current: string; next: string } | undefined;
    email?: string | undefined;
    currentPassword?: string | undefined;
    prefs?: Partial<OperatorPrefs> | undefined;
  },
): Promise<OperatorRow> {
  const set: OperatorPatch = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.prefs !== undefined) set.prefs = JSON.stringify({ ...prefsOf(op), ...body.prefs });
  if (body.status !== undefined) set.status = body.status;
  if (body.password) {
    if (!(await verifyPassword(body.password.current, op.password_hash))) throw new DomainError('bad_request', { fields: ['password.current'] });
    set.password_hash = await hashPassword(body.password.next);
  }
  if (body.email !== undefined && body.email !== op.email) {
    const proof = body.currentPassword ?? body.password?.current;
    if (proof === undefined || !(await verifyPassword(proof, op.password_hash))) throw new DomainError('bad_request', { fields: ['currentPassword'] });
    await setEmail(ctx, op.id, body.email);
  }
  await updateOperator(ctx.db, op.id, set);
  // A new password signs out every other session of this operator.
  if (set.password_hash) {
    await deleteSessionsOf(ctx.db, op.id, sessionHash);
    ctx.bus.publish(topics.operator(op.id), { t: 'kick' } satisfies OperatorTopicMsg);
  }
  if (body.status !== undefined && body.status !== op.status) {
    for (const p of await projectsOfAccount(ctx, op.id)) ctx.presence.statusChanged(p, op.id, body.status);
  }
  return fresh(ctx, op.id);
}

/** A square PNG or JPEG, 200..1500 px; the type comes from the bytes, never the header. */
export async function setAvatar(ctx: Ctx, op: OperatorRow, body: Readable, locale: Locale): Promise<OperatorRow> {
  if (!(await ctx.limits.uploadsPerVisitor.take(`o:${op.id}`)).ok) throw new DomainError('rate_limited');
  const got = await receiveToTemp(ctx, body, AVATAR_MAX_BYTES);
  if (got.over) throw new DomainError('file_too_large', { params: { limit: formatBytes(AVATAR_MAX_BYTES, locale) } });
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
    await updateOperator(ctx.db, op.id, { avatar_file: file });
    if (op.avatar_file) await rm(join(ctx.paths.avatars, op.avatar_file), { force: true });
    return fresh(ctx, op.id);
  } finally {
    if (!moved) await rm(got.tmp, { force: true });
  }
}

/** The avatar file of a current operator (removed operators have none). */
export async function avatarFileOf(ctx: Ctx, operatorId: string): Promise<string | null> {
  return (await operatorById(ctx.db, operatorId))?.avatar_file ?? null;
}

export async function listOperators(ctx: Ctx, actor: Actor): Promise<Operator[]> {
  return decorate(ctx, actor.projectId, (await membersOfProject(ctx.db, actor.projectId)).map(memberOf));
}

/**
 * Adds someone to the actor's project. A new email makes an account (a password is required).
 * An existing account is added as it is (it keeps its password) when the actor could manage it
 * wherever it works, or is a workspace admin; to anyone else the email is simply taken (409),
 * as when signing up, so no admin can pull another site's people into their project. Only the
 * owner makes admins.
 */
export async function createOperator(
  ctx: Ctx,
  actor: Actor,
  body: {
    email: string;
    name: string;
    password?: string | undefined;
    role: 'admin' | 'operator';
    groupIds?: string[] | undefined;
    maxChats?: number | null | undefined;
  },
): Promise<Operator> {
  if (!canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
  const now = ctx.now();
  const groups = await checkGroups(ctx, actor.projectId, body.groupIds);
  const member = { project_id: actor.projectId, role: body.role, created_at: now, max_chats: body.maxChats ?? null };
  const existing = await operatorByEmail(ctx.db, body.email);
  if (existing) {
    // Said next to the email field: this person already works here.
    if (await membership(ctx.db, existing.id, actor.projectId)) throw new DomainError('email_taken', { fields: ['email'] });
    const allowed =
      actor.workspaceRole === 'owner' || actor.workspaceRole === 'admin'
        ? workspaceRoleOf(existing) === null || actor.workspaceRole === 'owner'
        : await mayChangeAccount(ctx, actor, { ...existing, role: body.role, max_chats: null, last_assigned_at: null });
    // The same answer as a taken address: it says nothing about the account.
    if (!allowed) throw new DomainError('email_taken', { fields: ['email'] });
    await ctx.db.transaction().execute(async (trx) => {
      await addMembership(trx, { ...member, operator_id: existing.id });
      await setGroups(trx, actor.projectId, existing.id, groups);
    });
    return (await decorate(ctx, actor.projectId, [operatorOf(existing, body.role)]))[0] as Operator;
  }
  if (body.password === undefined) throw new DomainError('bad_request', { fields: ['password'] });
  const row: OperatorRow = {
    id: randomId(),
    email: body.email,
    name: body.name,
    password_hash: await hashPassword(body.password),
    status: 'offline',
    avatar_file: null,
    workspace_role: null,
    created_at: now,
    deleted_at: null,
    prefs: '{}',
    last_seen_at: null,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertOperator(trx, row);
      await addMembership(trx, { ...member, operator_id: row.id });
      await setGroups(trx, actor.projectId, row.id, groups);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('email_taken', { fields: ['email'] });
    throw err;
  }
  return (await decorate(ctx, actor.projectId, [operatorOf(row, body.role)]))[0] as Operator;
}

/** An admin sets the avatar of someone they manage (when creating them, or later). */
export async function setOperatorAvatar(ctx: Ctx, actor: Actor, id: string, body: Readable, locale: Locale): Promise<Operator> {
  const target = await manageable(ctx, actor, id);
  await setAvatar(ctx, target, body, locale);
  const now = await memberOfProject(ctx.db, actor.projectId, id);
  if (!now) throw new DomainError('not_found');
  return (await decorate(ctx, actor.projectId, [memberOf(now)]))[0] as Operator;
}

/** A member of the actor's project whom the actor may manage there: not themselves, of a role the actor may grant. */
async function manageable(ctx: Ctx, actor: Actor, id: string): Promise<MemberRow> {
  const target = await memberOfProject(ctx.db, actor.projectId, id);
  if (!target) throw new DomainError('not_found');
  if (!isAdminRole(actor.role) || target.id === actor.id || !canGrantRole(actor.role, target.role as Role)) throw new DomainError('forbidden');
  return target;
}

/**
 * Changing someone's account (name, email, password) reaches every project they work in, so the
 * actor must be able to manage them in each of those, and workspace admins only by the owner.
 * Otherwise an admin of one site could take over an account that administers another.
 */
async function mayChangeAccount(ctx: Ctx, actor: Actor, target: MemberRow): Promise<boolean> {
  if (actor.workspaceRole === 'owner') return true;
  if (workspaceRoleOf(target) !== null) return false;
  for (const m of await membershipsOf(ctx.db, target.id)) {
    const mine = await membership(ctx.db, actor.id, m.project_id);
    if (!mine || !canGrantRole(mine.role as Role, m.role as Role)) return false;
  }
  return true;
}

export async function updateOtherOperator(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: {
    name?: string | undefined;
    role?: 'admin' | 'operator' | undefined;
    password?: string | undefined;
    email?: string | undefined;
    workspaceAdmin?: boolean | undefined;
    groupIds?: string[] | undefined;
    maxChats?: number | null | undefined;
  },
): Promise<Operator> {
  const target = await manageable(ctx, actor, id);
  const groups = await checkGroups(ctx, actor.projectId, body.groupIds);
  // Managing someone needs the right to grant their current role, and the new one.
  if (body.role !== undefined && !canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
  const accountChange = body.name !== undefined || body.password !== undefined || body.email !== undefined;
  if (accountChange && !(await mayChangeAccount(ctx, actor, target))) throw new DomainError('forbidden');
  if (body.workspaceAdmin !== undefined && actor.workspaceRole !== 'owner') throw new DomainError('forbidden');

  const set: OperatorPatch = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.password !== undefined) set.password_hash = await hashPassword(body.password);
  if (body.email !== undefined && body.email !== target.email) await setEmail(ctx, id, body.email);
  if (body.workspaceAdmin !== undefined) set.workspace_role = body.workspaceAdmin ? 'admin' : null;
  await updateOperator(ctx.db, id, set);
  if (body.role !== undefined) await setMembershipRole(ctx.db, id, actor.projectId, body.role);
  if (body.maxChats !== undefined) {
    await ctx.db.updateTable('memberships').set({ max_chats: body.maxChats }).where('operator_id', '=', id).where('project_id', '=', actor.projectId).execute();
  }
  await setGroups(ctx.db, actor.projectId, id, groups);
  if (body.workspaceAdmin === true) {
    // A workspace admin is an admin of every project.
    const now = ctx.now();
    for (const p of await projectIds(ctx.db)) await addMembership(ctx.db, { operator_id: id, project_id: p, role: 'admin', created_at: now });
  }
  if (set.password_hash) {
    await deleteSessionsOf(ctx.db, id);
    ctx.bus.publish(topics.operator(id), { t: 'kick' } satisfies OperatorTopicMsg);
  } else if ((body.role !== undefined && body.role !== target.role) || body.workspaceAdmin !== undefined) {
    // Open consoles hold the old role: make them reconnect.
    ctx.bus.publish(topics.operator(id), { t: 'kick' } satisfies OperatorTopicMsg);
  }
  const now = await memberOfProject(ctx.db, actor.projectId, id);
  if (!now) throw new DomainError('not_found');
  return (await decorate(ctx, actor.projectId, [memberOf(now)]))[0] as Operator;
}

/**
 * Removes someone from the actor's project. An account left in no project (and without a
 * workspace role) is closed: kept as a row so its messages still name it, but unable to sign in.
 */
export async function removeOperator(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const target = await manageable(ctx, actor, id);
  // Workspace admins belong to every project; the owner takes the role away first.
  if (workspaceRoleOf(target) !== null) throw new DomainError('forbidden');
  await removeMembership(ctx.db, id, actor.projectId);
  if ((await countMemberships(ctx.db, id)) === 0) {
    await softDeleteOperator(ctx.db, target, ctx.now());
    await deleteSessionsOf(ctx.db, id);
  }
  ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
  ctx.presence.statusChanged(actor.projectId, id, 'offline');
}
