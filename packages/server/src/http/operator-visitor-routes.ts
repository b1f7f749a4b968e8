import { eraseVisitor, exportVisitor, exportZip } from '../services/visitor-data';
import { handlers } from './router';

/** A visitor's rights: export (JSON, or a zip with their files) and erase. Operators and admins. */
export const visitorHandlers = handlers({
  async visitorExport({ ctx, reply, actor, params }) {
    const { data } = await exportVisitor(ctx, actor, params.visitorId);
    reply.header('Content-Disposition', `attachment; filename="parley-visitor-${params.visitorId}.json"`);
    return data;
  },

  async visitorExportZip({ ctx, reply, actor, params }) {
    const { data, files } = await exportVisitor(ctx, actor, params.visitorId);
    return reply
      .header('Content-Type', 'application/zip')
      .header('Content-Disposition', `attachment; filename="parley-visitor-${params.visitorId}.zip"`)
      .send(await exportZip(ctx, data, files));
  },

  async visitorErase({ ctx, actor, params }) {
    return { erased: await eraseVisitor(ctx, actor, params.visitorId) };
  },
});
