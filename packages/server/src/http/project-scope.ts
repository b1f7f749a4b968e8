import type { FastifyRequest } from 'fastify';
import { PROJECT_HEADER } from '@parley/protocol';
import type { Ctx } from '../context';
import type { OperatorRow } from '../storage/rows';
import type { ProjectRecord } from '../services/projects';
import type { Actor } from '../services/operator-actions';
import { actorIn } from '../services/workspace';
import { headerString } from './headers';

/** The project a request names: `X-Parley-Project`, or `?project=` (browsers cannot set socket headers). */
export function requestedProject(req: FastifyRequest): string | undefined {
  const h = headerString(req.headers[PROJECT_HEADER]);
  if (h !== undefined) return h;
  const q = (req.query as Record<string, unknown> | undefined)?.project;
  return typeof q === 'string' ? q : undefined;
}

/** The project an operator request acts in, and the operator's role there. */
export async function projectActor(ctx: Ctx, req: FastifyRequest, op: OperatorRow): Promise<{ actor: Actor; project: ProjectRecord }> {
  return actorIn(ctx, op, requestedProject(req));
}
