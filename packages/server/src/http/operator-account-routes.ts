import type { FastifyRequest } from 'fastify';
import { matchLocale, type Operator } from '@parley/protocol';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import { DomainError } from '../util/errors';
import {
  accountRole,
  authenticate,
  createOperator,
  listOperators,
  operatorOf,
  removeOperator,
  setAvatar,
  setOperatorAvatar,
  updateOtherOperator,
  updateSelf,
} from '../services/accounts';
import { actorIn } from '../services/workspace';
import { requestReset, resetPassword } from '../services/password-reset';
import { baseUrl } from './urls';
import { topics, type OperatorTopicMsg } from '../realtime/topics';
import { endSession, sessionOperator, startSession } from './auth';
import { decorate } from '../services/operators';
import { accountExists } from '../services/email/notifications';
import { requestLocale } from './errors';
import { requestedProject } from './project-scope';
import { handlers } from './router';

/**
 * The account with its role in the project the request names (else the first one). A stale or
 * foreign project name falls back to the first project: account routes never fail on it.
 */
async function shown(ctx: Ctx, req: FastifyRequest, op: OperatorRow): Promise<Operator> {
  const scoped = await actorIn(ctx, op, requestedProject(req))
    .catch(() => actorIn(ctx, op))
    .catch(() => null);
  const me = operatorOf(op, scoped?.actor.role ?? accountRole(op), true);
  return scoped ? ((await decorate(ctx, scoped.actor.projectId, [me]))[0] as Operator) : me;
}

/** Sign-in, one's own account, and the operators of a project. */
export const accountHandlers = handlers({
  async login({ ctx, req, reply, body }) {
    if (!(await ctx.limits.loginPerIp.take(req.ip)).ok) throw new DomainError('rate_limited');
    const op = await authenticate(ctx, body.email, body.password);
    await startSession(ctx, req, reply, op.id);
    return { operator: await shown(ctx, req, op) };
  },

  async resetRequest({ ctx, req, reply, body }) {
    if (!(await ctx.limits.loginPerIp.take(req.ip)).ok) throw new DomainError('rate_limited');
    reply.code(202);
    return requestReset(ctx, body.email, baseUrl(ctx, req), matchLocale(req.headers['accept-language'], 'en'));
  },

  async resetPassword({ ctx, req, reply, body }) {
    if (!(await ctx.limits.loginPerIp.take(req.ip)).ok) throw new DomainError('rate_limited');
    await resetPassword(ctx, body.token, body.password);
    reply.code(204);
  },

  async logout({ ctx, req, reply, op }) {
    const hash = await endSession(ctx, req, reply);
    if (hash) ctx.bus.publish(topics.operator(op.id), { t: 'kick', sessionHash: hash } satisfies OperatorTopicMsg);
    reply.code(204);
  },

  async me({ ctx, req, op }) {
    return { operator: await shown(ctx, req, op) };
  },

  /** The console's first request: who is signed in, or null, never a 401 (a browser logs every 401). */
  async session({ ctx, req }) {
    const s = await sessionOperator(ctx, req);
    return { operator: s ? await shown(ctx, req, s.op) : null };
  },

  async operatorAvatar({ ctx, req, actor, params, body }) {
    return { operator: await setOperatorAvatar(ctx, actor, params.operatorId, body, requestLocale(req)) };
  },

  async updateMe({ ctx, req, op, sessionHash, body }) {
    return { operator: await shown(ctx, req, await updateSelf(ctx, op, sessionHash, body)) };
  },

  async myAvatar({ ctx, req, op, body }) {
    return { operator: await shown(ctx, req, await setAvatar(ctx, op, body, requestLocale(req))) };
  },

  async operators({ ctx, actor }) {
    return { operators: await listOperators(ctx, actor) };
  },

  async createOperator({ ctx, reply, actor, body }) {
    const existed = await accountExists(ctx, body.email);
    const operator = await createOperator(ctx, actor, body);
    ctx.email.invited({ projectId: actor.projectId, by: actor.name, email: operator.email, role: operator.role, newAccount: !existed });
    reply.code(201);
    return { operator };
  },

  async updateOperator({ ctx, actor, params, body }) {
    return { operator: await updateOtherOperator(ctx, actor, params.operatorId, body) };
  },

  async removeOperator({ ctx, reply, actor, params }) {
    await removeOperator(ctx, actor, params.operatorId);
    reply.code(204);
  },
});
