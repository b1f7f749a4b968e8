import type { ConfigResponse } from '@parley/protocol';
import { submitCallback } from '../services/leads';
import { storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { VisitorConnection } from '../realtime/visitor-connection';
import { DomainError } from '../util/errors';
import { requestLocale } from './errors';
import { contentLengthOf, headerString, refuseUnread } from './headers';
import { handlers } from './router';

export interface SocketRegistry {
  add(conn: VisitorConnection): void;
  delete(conn: VisitorConnection): void;
}

/** What the widget and the multiwidget call from any site (CORS *, bearer tokens, never cookies). */
export function widgetHandlers(visitorSockets: SocketRegistry) {
  return handlers({
    async widgetConfig({ ctx, req, reply, project }) {
      // Presence rides along, so a page knows before any click whether anyone can answer; it is in
      // the ETag, and `no-cache` makes every page view revalidate (a 304 when nothing changed).
      const presence = await ctx.presence.snapshot(project.id);
      const etag = `"${project.configVersion}-${presence.operatorsOnline ? 1 : 0}${presence.scheduleOpen ? 1 : 0}${presence.nextChange ?? ''}"`;
      reply.header('ETag', etag).header('Cache-Control', 'no-cache').header('Vary', 'Accept-Encoding');
      const inm = req.headers['if-none-match'];
      if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        return reply.code(304).send();
      }
      return reply.type('application/json; charset=utf-8').send({ ...project.config, presence } satisfies ConfigResponse);
    },

    async widgetCallback({ ctx, req, reply, project, body }) {
      const r = await submitCallback(ctx, { projectId: project.id, visitorId: null, device: null, ip: req.ip, req: body });
      reply.code(r.duplicate ? 200 : 201);
      return { id: r.id };
    },

    async widgetUpload({ ctx, req, reply, token, body }) {
      const project = await ctx.projects.get(token.visitor.project_id);
      if (!project) throw new DomainError('unknown_project');
      if (!project.settings.attachments.enabled) throw new DomainError('attachments_disabled');
      if (!ctx.limits.uploadsPerVisitor.take(`v:${token.visitor.id}`)) throw new DomainError('rate_limited');
      const { file } = await refuseUnread(req, reply, () => storeUpload(ctx, {
        projectId: project.id, body, declaredMime: req.headers['content-type'], name: cleanFileName(headerString(req.headers['x-parley-file-name'])),
        limits: project.settings.attachments.limits, locale: requestLocale(req), uploader: { kind: 'visitor', visitorId: token.visitor.id },
        ip: req.ip, contentLength: contentLengthOf(req),
      }));
      reply.code(201);
      return { upload: file };
    },

    widgetSocket(socket, { ctx, req }) {
      const conn = new VisitorConnection(ctx, socket, req.ip, headerString(req.headers['accept-language']), headerString(req.headers['user-agent']));
      visitorSockets.add(conn);
      socket.on('close', () => visitorSockets.delete(conn));
    },
  });
}
