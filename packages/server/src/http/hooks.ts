import type { FastifyInstance } from 'fastify';
import { API_PREFIX, DemoRoutes, OperatorRoutes, WidgetRoutes } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { checkCsrf, checkOrigin } from './auth';

/**
 * What runs before routing, for every request (matched or not): rate limits per IP, the CSRF and
 * origin checks of the operator API, refusing new sockets while draining; and after it, the
 * request's duration by route pattern for the metrics.
 */
export function installHooks(app: FastifyInstance, ctx: Ctx): void {
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const isSocket = path === WidgetRoutes.socket || path === OperatorRoutes.socket;
    if (isSocket && ctx.lifecycle.draining) {
      reply.header('Retry-After', '1');
      throw new DomainError('internal', { status: 503, detail: 'shutting down' });
    }
    const bucket = isSocket ? ctx.limits.connectPerIp : path.startsWith(API_PREFIX) || path === DemoRoutes.sign ? ctx.limits.httpPerIp : null;
    if (bucket && !bucket.take(req.ip)) {
      reply.header('Retry-After', String(Math.max(1, Math.ceil(bucket.retryAfterMs(req.ip) / 1000))));
      if (path.startsWith(`${API_PREFIX}/widget`) || path.startsWith(`${API_PREFIX}/files`)) reply.header('Access-Control-Allow-Origin', '*');
      throw new DomainError('rate_limited');
    }
    if (path.startsWith(`${API_PREFIX}/operator/`) || path.startsWith(`${API_PREFIX}/setup`)) {
      if (path === OperatorRoutes.socket) checkOrigin(req);
      else checkCsrf(req);
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the URL: ids must not become label values.
    const route = req.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequest(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
