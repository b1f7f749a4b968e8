import { DomainError } from '../util/errors';
import { isSetupNeeded, setupWithToken } from '../services/setup';
import { operatorOf } from '../services/accounts';
import { startSession } from './auth';
import { handlers } from './router';

/** First run of a production server: the one-time setup link's page calls these. */
export const setupHandlers = handlers({
  async setupStatus({ ctx }) {
    return { needed: await isSetupNeeded(ctx) };
  },

  async setup({ ctx, req, reply, body }) {
    if (!(await ctx.limits.loginPerIp.take(req.ip)).ok) throw new DomainError('rate_limited');
    const { op, project } = await setupWithToken(ctx, body);
    await startSession(ctx, req, reply, op.id);
    reply.code(201);
    return { operator: operatorOf(op, 'owner'), project };
  },
});
