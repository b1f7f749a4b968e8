import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context';

/**
 * Where people reach this server: PARLEY_PUBLIC_URL when set, else this request's scheme and
 * host (X-Forwarded-Proto/-Host when the proxy is trusted).
 */
export function baseUrl(ctx: Ctx, req: FastifyRequest): string {
  return ctx.opts.publicUrl ?? `${req.protocol}://${req.host}`;
}
