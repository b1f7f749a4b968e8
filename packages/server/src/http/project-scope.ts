import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import type { OperatorRow } from '../storage/rows';
import type { ProjectRecord } from '../services/projects';
import type { Actor } from '../services/operator-actions';
import { actorOf } from './auth';

/** The project an operator request acts in, and the operator's role there. */
export async function projectActor(ctx: Ctx, _req: FastifyRequest, op: OperatorRow): Promise<{ actor: Actor; project: ProjectRecord }> {
  const actor = actorOf(op);
  const project = await ctx.projects.get(actor.projectId);
  if (!project) throw new DomainError('unknown_project');
  return { actor, project };
}
