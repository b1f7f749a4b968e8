import type { FastifyInstance } from 'fastify';
import { API_PREFIX, DemoRoutes, OperatorRoutes, WidgetRoutes } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { checkCsrf, checkOrigin } from './auth';

/**
 * What runs before routing, for every request (matched or not): rate limits per IP, the CSRF and
 * origin checks of the operator API, refusing new sockets while draining, a warning about an
 * unannounced TLS proxy; before sending, no-store on operator answers; and after it, the request's
 * duration by route pattern for the metrics.
 */
export const PROXY_WARNING =
  'PARLEY_TRUST_PROXY is off: behind a TLS-terminating proxy the console session cookie is sent without Secure ' +
  "and client IPs are the proxy's. Set PARLEY_TRUST_PROXY=1 when a proxy you control fronts this server.";

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export function installHooks(app: FastifyInstance, ctx: Ctx): void {
  let proxyWarned = false;
  app.addHook('onRequest', async (req, reply) => {
    if (!ctx.opts.trustProxy && !proxyWarned && req.headers['x-forwarded-proto'] === 'https') {
      // A TLS proxy we were not told about: say once why the console cookie is not Secure.
      proxyWarned = true;
      req.log.warn(PROXY_WARNING);
    }
    const path = req.url.split('?')[0] ?? '';
    const isSocket = path === WidgetRoutes.socket || path === OperatorRoutes.socket;
    if (isSocket && ctx.lifecycle.draining) {
      reply.header('Retry-After', '1');
      throw new DomainError('internal', { status: 503, detail: 'shutting down' });
    }
    const bucket = isSocket ? ctx.limits.connectPerIp : path.startsWith(API_PREFIX) || path === DemoRoutes.sign ? ctx.limits.httpPerIp : null;
    const taken = bucket ? await bucket.take(req.ip) : null;
    if (taken && !taken.ok) {
      reply.header('Retry-After', String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
      if (path.startsWith(`${API_PREFIX}/widget`) || path.startsWith(`${API_PREFIX}/files`)) reply.header('Access-Control-Allow-Origin', '*');
      throw new DomainError('rate_limited');
    }
    if (path.startsWith(`${API_PREFIX}/operator/`) || path.startsWith(`${API_PREFIX}/setup`)) {
      if (path === OperatorRoutes.socket) checkOrigin(req, ctx.opts.publicUrl);
      else checkCsrf(req, ctx.opts.publicUrl);
    }
  });

  // Operator responses carry identity keys and visitor data: never kept by a browser or proxy cache.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith(`${API_PREFIX}/operator/`)) reply.header('Cache-Control', 'no-store');
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the URL: ids must not become label values.
    const route = req.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequest(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
