import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Role } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId, sha256 } from '../util/crypto';
import { DomainError } from '../util/errors';
import type { OperatorRow } from '../storage/rows';
import type { Actor } from '../services/operator-actions';

export const SESSION_COOKIE = 'parley_session';
const SESSION_TTL_MS = 30 * 86_400_000;

export function actorOf(r: OperatorRow): Actor {
  return { id: r.id, projectId: r.project_id, role: r.role as Role, name: r.name };
}

function isSecure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export async function startSession(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, operatorId: string): Promise<void> {
  const id = randomId(32);
  const now = ctx.now();
  await ctx.db.insertInto('operator_sessions').values({ id_hash: sha256(id), operator_id: operatorId, created_at: now, expires_at: now + SESSION_TTL_MS }).execute();
  reply.setCookie(SESSION_COOKIE, id, {
    httpOnly: true, sameSite: 'strict', secure: isSecure(req), path: '/', maxAge: SESSION_TTL_MS / 1000,
  });
}

export async function endSession(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Promise<string | null> {
  const id = req.cookies[SESSION_COOKIE];
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: isSecure(req) });
  if (!id) return null;
  const hash = sha256(id);
  await ctx.db.deleteFrom('operator_sessions').where('id_hash', '=', hash).execute();
  return hash;
}

/** The signed-in operator of this request (cookie), or null. */
export async function sessionOperator(ctx: Ctx, req: FastifyRequest): Promise<{ op: OperatorRow; sessionHash: string } | null> {
  const id = req.cookies[SESSION_COOKIE];
  if (!id || id.length > 100) return null;
  const hash = sha256(id);
  const s = await ctx.db.selectFrom('operator_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
  if (!s || s.expires_at <= ctx.now()) return null;
  const op = await ctx.db.selectFrom('operators').selectAll().where('id', '=', s.operator_id).where('deleted_at', 'is', null).executeTakeFirst();
  return op ? { op, sessionHash: hash } : null;
}

export async function requireOperator(ctx: Ctx, req: FastifyRequest): Promise<{ op: OperatorRow; actor: Actor; sessionHash: string }> {
  const s = await sessionOperator(ctx, req);
  if (!s) throw new DomainError('unauthorized');
  return { op: s.op, actor: actorOf(s.op), sessionHash: s.sessionHash };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: the session cookie is SameSite=Strict, and a state-changing request must also carry
 * something a cross-site form cannot send without a CORS preflight: a JSON content type or one of
 * our custom headers. A foreign Origin is refused outright.
 */
export function checkCsrf(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.origin;
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== req.headers.host) throw new DomainError('forbidden', { detail: 'foreign origin' });
  }
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (ct === 'application/json') return;
  if (req.headers['x-parley-request'] !== undefined || req.headers['x-parley-file-name'] !== undefined) return;
  throw new DomainError('forbidden', { detail: 'missing JSON content type or X-Parley-Request header' });
}
