import { DEMO_USERS } from '@parley/protocol';
import type { Ctx } from '../context';
import { signUserId } from '../auth/identity';
import { DomainError } from '../util/errors';
import { seededDemoProject } from '../seed';

/**
 * Demo mode's signer: only the fixed sample users (DEMO_USERS, listed on examples/signed-in.html),
 * only for the project the demo seed created. Anything else is `forbidden`, so a server started in
 * demo mode never signs a real user in for whoever asks.
 */
export async function signDemoUser(ctx: Ctx, userId: string): Promise<{ id: string; signature: string; name: string }> {
  const user = DEMO_USERS.find((u) => u.id === userId);
  if (!user) throw new DomainError('forbidden', { detail: 'not a demo sample user' });
  const projectId = await seededDemoProject(ctx.db);
  const project = projectId ? await ctx.projects.get(projectId) : null;
  if (!project) throw new DomainError('forbidden', { detail: 'no seeded demo project' });
  return { id: user.id, signature: signUserId(project.secret, user.id), name: user.name };
}
