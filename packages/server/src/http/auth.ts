import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context';
import { randomId, sha256 } from '../util/crypto';
import { DomainError } from '../util/errors';
import type { OperatorRow } from '../storage/rows';
import { deleteSession, insertSession, operatorById, sessionByHash } from '../storage/operators';

export const SESSION_COOKIE = 'parley_session';
const SESSION_TTL_MS = 30 * 86_400_000;

function isSecure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export async function startSession(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, operatorId: string): Promise<void> {
  const id = randomId(32);
  const now = ctx.now();
  await insertSession(ctx.db, { id_hash: sha256(id), operator_id: operatorId, created_at: now, expires_at: now + SESSION_TTL_MS });
  reply.setCookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(req),
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export async function endSession(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Promise<string | null> {
  const id = req.cookies[SESSION_COOKIE];
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: isSecure(req) });
  if (!id) return null;
  const hash = sha256(id);
  await deleteSession(ctx.db, hash);
  return hash;
}

/** The signed-in operator of this request (cookie), or null. */
export async function sessionOperator(ctx: Ctx, req: FastifyRequest): Promise<{ op: OperatorRow; sessionHash: string } | null> {
  const id = req.cookies[SESSION_COOKIE];
  if (!id || id.length > 100) return null;
  const hash = sha256(id);
  const s = await sessionByHash(ctx.db, hash);
  if (!s || s.expires_at <= ctx.now()) return null;
  const op = await operatorById(ctx.db, s.operator_id);
  return op ? { op, sessionHash: hash } : null;
}

export async function requireOperator(ctx: Ctx, req: FastifyRequest): Promise<{ op: OperatorRow; sessionHash: string }> {
  const s = await sessionOperator(ctx, req);
  if (!s) throw new DomainError('unauthorized');
  return s;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A host with the scheme's default port dropped ("chat.example.com:443" over https is "chat.example.com"). */
function normalHost(scheme: string, host: string): string | null {
  try {
    return new URL(`${scheme}://${host}`).host;
  } catch {
    return null;
  }
}

/**
 * A browser's Origin, when sent, must be this server (the operator socket and every state
 * change): the Host the request was sent to, which behind a trusted proxy is X-Forwarded-Host (a
 * proxy that rewrites Host no longer breaks sign-in), or PARLEY_PUBLIC_URL's host.
 */
export function checkOrigin(req: FastifyRequest, publicUrl: string | null = null): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let theirs: string | null;
  try {
    const u = new URL(origin);
    theirs = u.host;
  } catch {
    theirs = null;
  }
  const ours = new Set([normalHost(req.protocol, req.host)]);
  if (publicUrl) ours.add(new URL(publicUrl).host);
  if (theirs === null || !ours.has(theirs)) throw new DomainError('forbidden', { detail: 'foreign origin' });
}

/**
 * CSRF: the session cookie is SameSite=Strict, and a state-changing request must also carry
 * something a cross-site form cannot send without a CORS preflight: a JSON content type or one of
 * our custom headers. A foreign Origin is refused outright.
 */
export function checkCsrf(req: FastifyRequest, publicUrl: string | null = null): void {
  if (SAFE_METHODS.has(req.method)) return;
  checkOrigin(req, publicUrl);
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (ct === 'application/json') return;
  if (req.headers['x-parley-request'] !== undefined || req.headers['x-parley-file-name'] !== undefined) return;
  throw new DomainError('forbidden', { detail: 'missing JSON content type or X-Parley-Request header' });
}
