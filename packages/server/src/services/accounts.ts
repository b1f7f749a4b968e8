import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { canGrantRole, formatBytes, isAdminRole, type Locale, type Operator, type OperatorStatus, type Role } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation } from '../storage/open';
import type { OperatorRow } from '../storage/rows';
import {
  deleteSessionsOf, insertOperator, operatorByEmail, operatorById, operatorsOfProject, softDeleteOperator, updateOperator,
  type OperatorPatch,
} from '../storage/operators';
import { hashPassword, verifyPassword } from '../auth/password';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { imageDimensions, receiveToTemp } from './uploads';
import type { Actor } from './operator-actions';
import { avatarUrl } from './urls';

const AVATAR_MAX_BYTES = 10 * 1024 * 1024;
const AVATAR_MIN_PX = 200;
const AVATAR_MAX_PX = 1500;

export function operatorOf(r: OperatorRow): Operator {
  return {
    id: r.id, email: r.email, name: r.name, role: r.role as Role, avatarUrl: avatarUrl(r),
    status: (r.status as OperatorStatus) === 'online' ? 'online' : 'offline', createdAt: r.created_at,
  };
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

/** Own name, status and password (the current one is required; other sessions end). */
export async function updateSelf(
  ctx: Ctx,
  op: OperatorRow,
  projectId: string,
  sessionHash: string,
  body: { name?: string | undefined; status?: OperatorStatus | undefined; password?: { current: string; next: string } | undefined },
): Promise<OperatorRow> {
  const set: OperatorPatch = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.status !== undefined) set.status = body.status;
  if (body.password) {
    if (!(await verifyPassword(body.password.current, op.password_hash))) throw new DomainError('bad_request', { fields: ['password.current'] });
    set.password_hash = await hashPassword(body.password.next);
  }
  await updateOperator(ctx.db, op.id, set);
  // A new password signs out every other session of this operator.
  if (set.password_hash) await deleteSessionsOf(ctx.db, op.id, sessionHash);
  if (body.status !== undefined && body.status !== op.status) ctx.presence.statusChanged(projectId, op.id, body.status);
  return fresh(ctx, op.id);
}

/** A square PNG or JPEG, 200..1500 px; the type comes from the bytes, never the header. */
export async function setAvatar(ctx: Ctx, op: OperatorRow, body: Readable, locale: Locale): Promise<OperatorRow> {
  if (!ctx.limits.uploadsPerVisitor.take(`o:${op.id}`)) throw new DomainError('rate_limited');
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
  return (await operatorsOfProject(ctx.db, actor.projectId)).map(operatorOf);
}

export async function createOperator(
  ctx: Ctx,
  actor: Actor,
  body: { email: string; name: string; password: string; role: 'admin' | 'operator' },
): Promise<Operator> {
  // Only the owner makes admins; admins make operators.
  if (!canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
  const row: OperatorRow = {
    id: randomId(), project_id: actor.projectId, email: body.email, name: body.name, role: body.role,
    password_hash: await hashPassword(body.password), status: 'offline', avatar_file: null, created_at: ctx.now(), deleted_at: null,
  };
  try {
    await insertOperator(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('conflict', { fields: ['email'] });
    throw err;
  }
  return operatorOf(row);
}

/** Someone the actor may manage: in the project, not themselves, and of a role the actor may grant. */
async function manageable(ctx: Ctx, actor: Actor, id: string): Promise<OperatorRow> {
  const target = await operatorById(ctx.db, id);
  if (!target || target.project_id !== actor.projectId) throw new DomainError('not_found');
  if (!isAdminRole(actor.role) || target.id === actor.id || !canGrantRole(actor.role, target.role as Role)) throw new DomainError('forbidden');
  return target;
}

export async function updateOtherOperator(
  ctx: Ctx,
  actor: Actor,
  id: string,
  body: { name?: string | undefined; role?: 'admin' | 'operator' | undefined; password?: string | undefined },
): Promise<Operator> {
  const target = await manageable(ctx, actor, id);
  // Managing someone needs the right to grant their current role, and the new one.
  if (body.role !== undefined && !canGrantRole(actor.role, body.role)) throw new DomainError('forbidden');
  const set: OperatorPatch = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.role !== undefined) set.role = body.role;
  if (body.password !== undefined) set.password_hash = await hashPassword(body.password);
  await updateOperator(ctx.db, id, set);
  if (set.password_hash) await deleteSessionsOf(ctx.db, id);
  if ((set.role !== undefined && set.role !== target.role) || set.password_hash) {
    // Open consoles hold the old role or session: make them reconnect.
    ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
  }
  return operatorOf(await fresh(ctx, id));
}

export async function removeOperator(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const target = await manageable(ctx, actor, id);
  await softDeleteOperator(ctx.db, target, ctx.now());
  await deleteSessionsOf(ctx.db, id);
  ctx.bus.publish(topics.ops(actor.projectId), { t: 'kick', operatorId: id } satisfies OpsTopicMsg);
  ctx.presence.statusChanged(actor.projectId, id, 'offline');
}
