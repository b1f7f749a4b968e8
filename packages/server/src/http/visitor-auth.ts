import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { visitors, type TokenLookup } from '../storage/visitors';

const BEARER = /^Bearer ([A-Za-z0-9_-]{22,128})$/;

/** The visitor token in `Authorization: Bearer`, if any (unknown and revoked tokens are null). */
export async function bearerVisitor(ctx: Ctx, req: FastifyRequest): Promise<TokenLookup | null> {
  const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
  const t = token ? await ctx.store.read((x) => visitors.findToken(x, token, ctx.now())) : null;
  return t && !t.revoked ? t : null;
}

/**
 * A visitor route's caller. `X-Parley-Project`, when sent, must name the token's project: a token
 * of another project is refused exactly like an unknown one.
 */
export async function visitorOfBearer(ctx: Ctx, req: FastifyRequest): Promise<TokenLookup> {
  const t = await bearerVisitor(ctx, req);
  if (!t) throw new DomainError('token_invalid');
  const projectHeader = req.headers['x-parley-project'];
  if (typeof projectHeader === 'string' && projectHeader !== t.visitor.project_id) throw new DomainError('token_invalid');
  return t;
}
