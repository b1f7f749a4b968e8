import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { MAX_NAME_LENGTH, UserIdSchema } from '@parley/protocol';
import type { Ctx } from '../context';
import { signUserId } from '../auth/identity';
import { DomainError } from '../util/errors';
import { DEMO_PROJECT } from '../seed';
import { parseInput } from './errors';

const SignBodySchema = v.object({
  userId: UserIdSchema,
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_NAME_LENGTH))),
});

/**
 * Demo mode only: what a site's back end does for signed-in users, so the example pages can show
 * verified visitors. The secret stays on the server; the browser receives only the signature.
 */
export function registerDemoRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.post('/demo/sign', async (req) => {
    const body = parseInput(SignBodySchema, req.body);
    const project = await ctx.projects.get(DEMO_PROJECT);
    if (!project) throw new DomainError('unknown_project');
    return { id: body.userId, signature: signUserId(project.secret, body.userId), name: body.name ?? null };
  });
}
