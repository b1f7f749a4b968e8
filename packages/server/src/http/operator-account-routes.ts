import { DomainError } from '../util/errors';
import {
  authenticate, createOperator, listOperators, operatorOf, removeOperator, setAvatar, updateOtherOperator, updateSelf,
} from '../services/accounts';
import { topics, type OpsTopicMsg } from '../realtime/topics';
import { endSession, startSession } from './auth';
import { requestLocale } from './errors';
import { handlers } from './router';

/** Sign-in, one's own account, and the operators of a project. */
export const accountHandlers = handlers({
  async login({ ctx, req, reply, body }) {
    if (!ctx.limits.loginPerIp.take(req.ip)) throw new DomainError('rate_limited');
    const op = await authenticate(ctx, body.email, body.password);
    await startSession(ctx, req, reply, op.id);
    return { operator: operatorOf(op) };
  },

  async logout({ ctx, req, reply, op }) {
    const hash = await endSession(ctx, req, reply);
    if (hash) ctx.bus.publish(topics.ops(op.project_id), { t: 'kick', operatorId: op.id, sessionHash: hash } satisfies OpsTopicMsg);
    reply.code(204);
  },

  async me({ op }) {
    return { operator: operatorOf(op) };
  },

  async updateMe({ ctx, op, actor, sessionHash, body }) {
    return { operator: operatorOf(await updateSelf(ctx, op, actor.projectId, sessionHash, body)) };
  },

  async myAvatar({ ctx, req, op, body }) {
    return { operator: operatorOf(await setAvatar(ctx, op, body, requestLocale(req))) };
  },

  async operators({ ctx, actor }) {
    return { operators: await listOperators(ctx, actor) };
  },

  async createOperator({ ctx, reply, actor, body }) {
    const operator = await createOperator(ctx, actor, body);
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
