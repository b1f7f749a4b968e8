import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { CallbackRequestSchema, WidgetRoutes, PROJECT_ID_PATTERN } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { visitors } from '../storage/visitors';
import type { ProjectRecord } from '../services/projects';
import { acceptedEncodings } from './encoding';
import { submitCallback } from '../services/leads';
import { storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { openCors } from './cors';
import { parseInput, requestLocale } from './errors';

/** The public config as sent: JSON, brotli and gzip, made once per config version. */
const bodies = new WeakMap<ProjectRecord, { json: Buffer; br: Buffer; gzip: Buffer }>();
function configBodies(project: ProjectRecord): { json: Buffer; br: Buffer; gzip: Buffer } {
  let b = bodies.get(project);
  if (!b) {
    const json = Buffer.from(JSON.stringify(project.config));
    b = {
      json,
      br: brotliCompressSync(json, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length } }),
      gzip: gzipSync(json, { level: 9 }),
    };
    bodies.set(project, b);
  }
  return b;
}

function projectParam(req: FastifyRequest): string {
  const p = (req.params as { project?: unknown }).project;
  if (typeof p !== 'string' || !PROJECT_ID_PATTERN.test(p)) throw new DomainError('unknown_project');
  return p;
}

export function registerWidgetRoutes(app: FastifyInstance, ctx: Ctx): void {
  for (const url of [WidgetRoutes.configPattern, WidgetRoutes.callbackPattern, WidgetRoutes.uploads]) {
    app.options(url, async (_req, reply) => openCors(reply).code(204).send());
  }

  app.get(WidgetRoutes.configPattern, async (req, reply) => {
    openCors(reply);
    const project = await ctx.projects.get(projectParam(req));
    if (!project) throw new DomainError('unknown_project');
    const body = configBodies(project);
    const encoding = acceptedEncodings(req.headers['accept-encoding'])[0];
    const etag = `"${project.configVersion}"`;
    // One version, several codings: compressed answers carry the weak form of the same tag.
    reply.header('ETag', encoding ? `W/${etag}` : etag).header('Cache-Control', 'public, max-age=60').header('Vary', 'Accept-Encoding');
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return reply.code(304).send();
    }
    reply.type('application/json; charset=utf-8');
    if (encoding) reply.header('Content-Encoding', encoding);
    return reply.send(encoding ? body[encoding] : body.json);
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
      const token = m?.[1];
      const t = token ? await ctx.store.read((x) => visitors.findToken(x, token)) : null;
      if (!t || t.revoked) throw new DomainError('token_invalid');
      const projectHeader = req.headers['x-parley-project'];
      if (typeof projectHeader === 'string' && projectHeader !== t.visitor.project_id) throw new DomainError('forbidden');
      const project = await ctx.projects.get(t.visitor.project_id);
      if (!project) throw new DomainError('unknown_project');
      if (!project.settings.attachments.enabled) throw new DomainError('attachments_disabled');
      if (!ctx.limits.uploadsPerVisitor.take(`v:${t.visitor.id}`)) throw new DomainError('rate_limited');
      const name = cleanFileName(headerString(req.headers['x-parley-file-name']));
      const { file } = await storeUpload(ctx, {
        projectId: project.id, body: req.body as Readable, declaredMime: req.headers['content-type'], name,
        limits: project.settings.attachments.limits, locale: requestLocale(req),
        uploader: { kind: 'visitor', visitorId: t.visitor.id },
      });
      return reply.code(201).send({ upload: file });
    });
  });
}

export function headerString(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}
