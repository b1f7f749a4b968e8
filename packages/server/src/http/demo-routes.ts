import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { UserIdSchema } from '@parley/protocol';
import type { Ctx } from '../context';
import { signUserId } from '../auth/identity';
import { DomainError } from '../util/errors';
import { DEMO_USERS, seededDemoProject } from '../seed';
import { parseInput } from './errors';

const SignBodySchema = v.object({ userId: UserIdSchema });

/**
 * Demo mode only (PARLEY_DEMO=1): what a site's back end does for signed-in users, so the example
 * pages can show verified visitors. It signs only the fixed sample users (DEMO_USERS, listed on
 * examples/signed-in.html) and only for the project the demo seed created; anything else is 403,
 * so a deployment started in demo mode never signs its real users in for whoever asks.
 */
export function registerDemoRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.post('/demo/sign', async (req) => {
    const body = parseInput(SignBodySchema, req.body);
    const user = DEMO_USERS.find((u) => u.id === body.userId);
    if (!user) throw new DomainError('forbidden', { detail: 'not a demo sample user' });
    const projectId = await seededDemoProject(ctx.db);
    const project = projectId ? await ctx.projects.get(projectId) : null;
    if (!project) throw new DomainError('forbidden', { detail: 'no seeded demo project' });
    return { id: user.id, signature: signUserId(project.secret, user.id), name: user.name };
  });

  app.get('/demo/users', async () => ({ users: DEMO_USERS }));
}
