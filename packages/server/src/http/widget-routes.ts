import type { ConfigResponse, Presence } from '@parley/protocol';
import { submitCallback } from '../services/leads';
import { continueRequest, visitorRequest, visitorRequests } from '../services/visitor-requests';
import { storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import type { ProjectRecord } from '../services/projects';
import { DomainError } from '../util/errors';
import { acceptedEncodings } from './encoding';
import { requestLocale } from './errors';
import { contentLengthOf, headerString, refuseUnread } from './headers';
import { handlers } from './router';

/** Where visitor sockets live (realtime/visitor-sockets.ts). */
export interface SocketRegistry {
  adopt(ws: WebSocket, ip: string | null, acceptLanguage: string | undefined, userAgent: string | undefined): void;
}

/** The public config as sent (with the knowledge base's locales and presence): JSON, brotli and gzip, made once per config version and presence state. */
const bodies = new WeakMap<ProjectRecord, { key: string; json: Buffer; br: Buffer; gzip: Buffer }>();
function configBodies(project: ProjectRecord, presence: Presence, key: string): { json: Buffer; br: Buffer; gzip: Buffer } {
  let b = bodies.get(project);
  if (!b || b.key !== key) {
    const json = Buffer.from(JSON.stringify({ ...project.config, help: project.help, presence } satisfies ConfigResponse));
    b = {
      key,
      json,
      br: brotliCompressSync(json, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length } }),
      gzip: gzipSync(json, { level: 9 }),
    };
    bodies.set(project, b);
  }
  return b;
}

/** What the widget and the multiwidget call from any site (CORS *, bearer tokens, never cookies). */
export function widgetHandlers(visitorSockets: SocketRegistry) {
  return handlers({
    async widgetConfig({ ctx, req, reply, project }) {
      // Presence rides along, so a page knows before any click whether anyone can answer; it is in
      // the ETag, and `no-cache` makes every page view revalidate (a 304 when nothing changed).
      const presence = await ctx.presence.snapshot(project.id);
      const state = `${presence.operatorsOnline ? 1 : 0}${presence.scheduleOpen ? 1 : 0}${presence.nextChange ?? ''}`;
      const body = configBodies(project, presence, state);
      const encoding = acceptedEncodings(req.headers['accept-encoding'])[0];
      const etag = `"${project.configVersion}-${state}"`;
      // One version, several codings: compressed answers carry the weak form of the same tag.
      reply
        .header('ETag', encoding ? `W/${etag}` : etag)
        .header('Cache-Control', 'no-cache')
        .header('Vary', 'Accept-Encoding');
      const inm = req.headers['if-none-match'];
      if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        return reply.code(304).send();
      }
      reply.type('application/json; charset=utf-8');
      if (encoding) reply.header('Content-Encoding', encoding);
      return reply.send(encoding ? body[encoding] : body.json);
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
      if (!(await ctx.limits.uploadsPerVisitor.take(`v:${token.visitor.id}`)).ok) throw new DomainError('rate_limited');
      const { file } = await refuseUnread(req, reply, () =>
        storeUpload(ctx, {
          projectId: project.id,
          body,
          declaredMime: req.headers['content-type'],
          name: cleanFileName(headerString(req.headers['x-parley-file-name'])),
          limits: project.settings.attachments.limits,
          locale: requestLocale(req),
          uploader: { kind: 'visitor', visitorId: token.visitor.id },
          ip: req.ip,
          contentLength: contentLengthOf(req),
        }),
      );
      reply.code(201);
      return { upload: file };
    },

    async widgetRequests({ ctx, token, query }) {
      return { requests: await visitorRequests(ctx, token.visitor, query) };
    },

    async widgetRequest({ ctx, token, params }) {
      return visitorRequest(ctx, token.visitor, params.dialogId);
    },

    async widgetContinueRequest({ ctx, token, params }) {
      return { request: await continueRequest(ctx, token.visitor, params.dialogId) };
    },

    // Upgrades of this path are taken before the router (app.ts, realtime/visitor-sockets.ts);
    // one that comes through the router all the same is handed over.
    widgetSocket(socket, { req }) {
      visitorSockets.adopt(socket, req.ip, headerString(req.headers['accept-language']), headerString(req.headers['user-agent']));
    },
  });
}
