import { readiness } from '../services/health';
import { handlers } from './router';

/** Liveness, readiness and metrics for load balancers, orchestrators and Prometheus. */
export const opsHandlers = handlers({
  async healthz({ reply }) {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' as const };
  },

  async readyz({ ctx, reply }) {
    reply.header('Cache-Control', 'no-store');
    const r = await readiness(ctx);
    reply.code(r.status === 'ok' ? 200 : 503);
    return r;
  },

  async metrics({ ctx, reply }) {
    const text = await ctx.metrics.registry.metrics();
    return reply.header('Cache-Control', 'no-store').type(ctx.metrics.registry.contentType).send(text);
  },
});
