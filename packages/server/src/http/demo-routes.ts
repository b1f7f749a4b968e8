import { signUserId } from '../auth/identity';
import { DomainError } from '../util/errors';
import { DEMO_PROJECT } from '../seed';
import { handlers } from './router';

/**
 * Demo mode only: what a site's back end does for signed-in users, so the example pages can show
 * verified visitors. The secret stays on the server; the browser receives only the signature.
 */
export const demoHandlers = handlers({
  async demoSign({ ctx, body }) {
    const project = await ctx.projects.get(DEMO_PROJECT);
    if (!project) throw new DomainError('unknown_project');
    return { id: body.userId, signature: signUserId(project.secret, body.userId), name: body.name ?? null };
  },
});
