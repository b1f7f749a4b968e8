import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { CallbackRequestSchema, WidgetRoutes, PROJECT_ID_PATTERN } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { findToken } from '../storage/visitors';
import { submitCallback } from '../services/leads';
import { storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { VisitorConnection } from '../realtime/visitor-connection';
import { openCors } from './cors';
import { parseInput, requestLocale, sendApiError } from './errors';

function projectParam(req: FastifyRequest): string {
  const p = (req.params as { project?: unknown }).project;
  if (typeof p !== 'string' || !PROJECT_ID_PATTERN.test(p)) throw new DomainError('unknown_project');
  return p;
}

export function registerWidgetRoutes(app: FastifyInstance, ctx: Ctx, connections: Set<{ heartbeat(): void; isClosed(): boolean }>): void {
  for (const url of [WidgetRoutes.configPattern, WidgetRoutes.callbackPattern, WidgetRoutes.uploads]) {
    app.options(url, async (_req, reply) => openCors(reply).code(204).send());
  }

  app.get(WidgetRoutes.configPattern, async (req, reply) => {
    openCors(reply);
    const project = await ctx.projects.get(projectParam(req));
    if (!project) throw new DomainError('unknown_project');
    const etag = `"${project.configVersion}"`;
    reply.header('ETag', etag).header('Cache-Control', 'public, max-age=60').header('Vary', 'Accept-Encoding');
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return reply.code(304).send();
    }
    return reply.type('application/json; charset=utf-8').send(project.config);
  });

  app.post(WidgetRoutes.callbackPattern, async (req, reply) => {
    openCors(reply);
    const projectId = projectParam(req);
    const body = parseInput(CallbackRequestSchema, req.body);
    const r = await submitCallback(ctx, { projectId, visitorId: null, device: null, ip: req.ip, req: body });
    return reply.code(r.duplicate ? 200 : 201).send({ id: r.id });
  });

  // Uploads take the raw body as a stream, whatever its type: register them in their own scope.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post(WidgetRoutes.uploads, async (req, reply) => {
      openCors(reply);
      const auth = req.headers.authorization ?? '';
      const m = /^Bearer ([A-Za-z0-9_-]{22,128})$/.exec(auth);
      const t = m?.[1] ? await findToken(ctx.db, m[1], ctx.now()) : null;
      if (!t || t.revoked) throw new DomainError('token_invalid');
      const projectHeader = req.headers['x-parley-project'];
      if (typeof projectHeader === 'string' && projectHeader !== t.visitor.project_id) throw new DomainError('forbidden');
      const project = await ctx.projects.get(t.visitor.project_id);
      if (!project) throw new DomainError('unknown_project');
      if (!project.settings.attachments.enabled) throw new DomainError('attachments_disabled');
      if (!ctx.limits.uploadsPerVisitor.take(`v:${t.visitor.id}`)) throw new DomainError('rate_limited');
      const name = cleanFileName(headerString(req.headers['x-parley-file-name']));
      const { file } = await refuseUnread(req, reply, () => storeUpload(ctx, {
        projectId: project.id, body: req.body as Readable, declaredMime: req.headers['content-type'], name,
        limits: project.settings.attachments.limits, locale: requestLocale(req),
        uploader: { kind: 'visitor', visitorId: t.visitor.id }, ip: req.ip, contentLength: contentLengthOf(req),
      }));
      return reply.code(201).send({ upload: file });
    });
  });

  app.get(WidgetRoutes.socket, {
    websocket: true,
    // Sockets that have not said hello yet are capped per IP (and each has a deadline).
    preValidation: async (req, reply) => {
      if (!ctx.helloGate.admit(req.ip)) {
        reply.header('Retry-After', String(Math.max(1, Math.ceil(ctx.opts.hello.deadlineMs / 1000))));
        return sendApiError(req, reply, 429, 'rate_limited');
      }
    },
  }, (socket, req) => {
    const conn = new VisitorConnection(ctx, socket, req.ip, headerString(req.headers['accept-language']));
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });
}

export function headerString(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The request's Content-Length, or null (chunked, or absent). */
export function contentLengthOf(req: FastifyRequest): number | null {
  const raw = req.headers['content-length'];
  return typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/**
 * Runs an upload; if it is refused before its body was read to the end, the connection closes
 * after the answer, so the client cannot make us read (and drop) the rest of a large body.
 */
export async function refuseUnread<T>(req: FastifyRequest, reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!req.raw.complete) reply.header('Connection', 'close');
    throw err;
  }
}
