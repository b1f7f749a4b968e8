import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdSchema, OperatorRoutes } from '@parley/protocol';
import * as v from 'valibot';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { eraseVisitor, exportVisitor, exportZip } from '../services/visitor-data';
import { requireOperator } from './auth';

function visitorIdOf(req: FastifyRequest): string {
  const id = (req.params as { visitorId?: unknown }).visitorId;
  if (!v.is(IdSchema, id)) throw new DomainError('not_found');
  return id;
}

/** A visitor's rights: export (JSON, or a zip with their files) and erase. Operators and admins. */
export function registerOperatorVisitorRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.get(OperatorRoutes.visitorExportPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const id = visitorIdOf(req);
    const { data } = await exportVisitor(ctx, actor, id);
    return reply.header('Content-Disposition', `attachment; filename="parley-visitor-${id}.json"`).send(data);
  });

  app.get(OperatorRoutes.visitorExportZipPattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const id = visitorIdOf(req);
    const { data, files } = await exportVisitor(ctx, actor, id);
    return reply
      .header('Content-Type', 'application/zip')
      .header('Content-Disposition', `attachment; filename="parley-visitor-${id}.zip"`)
      .send(await exportZip(ctx, data, files));
  });

  app.post(OperatorRoutes.visitorErasePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return { erased: await eraseVisitor(ctx, actor, visitorIdOf(req)) };
  });
}
