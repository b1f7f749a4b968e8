import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import {
  LeadListQuerySchema, OperatorRoutes, ProjectSettingsSchema, TemplateBodySchema, TemplateQuerySchema, UpdateLeadBodySchema,
  UpdateProjectBodySchema, isAdminRole, type ProjectInfo, type ProjectStorage, type Template,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { likePattern, searchText } from '../storage/open';
import type { TemplateRow } from '../storage/rows';
import { leadOf } from '../services/leads';
import { projectStorage, storeUpload } from '../services/uploads';
import { cleanFileName } from '../services/file-rules';
import { configVersion, publicConfig } from '../settings';
import { topics, type WidgetsTopicMsg } from '../realtime/topics';
import { sql } from 'kysely';
import { requireOperator } from './auth';
import { parseInput, requestLocale } from './errors';
import { contentLengthOf, headerString, refuseUnread } from './widget-routes';
import type { Actor } from '../services/operator-actions';
import { identityKeys } from '../auth/identity';

function templateOf(r: TemplateRow): Template {
  return { id: r.id, title: r.title, text: r.text, shortcut: r.shortcut, createdAt: r.created_at, updatedAt: r.updated_at };
}

function requireAdmin(actor: Actor): void {
  if (!isAdminRole(actor.role)) throw new DomainError('forbidden');
}

async function projectInfo(ctx: Ctx, actor: Actor): Promise<ProjectInfo> {
  const p = await ctx.projects.get(actor.projectId);
  if (!p) throw new DomainError('not_found');
  const info: ProjectInfo = { id: p.id, name: p.name, settings: p.settings };
  // The keys that sign visitors in: owners and admins only. The secret itself never leaves the server.
  if (isAdminRole(actor.role)) info.identityKeys = identityKeys(p.secret);
  return info;
}

export function registerOperatorProjectRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.get(OperatorRoutes.templates, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const q = parseInput(TemplateQuerySchema, req.query);
    let query = ctx.db.selectFrom('templates').selectAll().where('project_id', '=', actor.projectId);
    // Search by title and by the words in the text (and the shortcut).
    if (q.q) query = query.where(sql<boolean>`search like ${likePattern(q.q.toLowerCase())} escape '\\'`);
    const rows = await query.orderBy('title').orderBy('id').execute();
    return { templates: rows.map(templateOf) };
  });

  app.post(OperatorRoutes.templates, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const body = parseInput(TemplateBodySchema, req.body);
    const now = ctx.now();
    const row: TemplateRow = {
      id: randomId(), project_id: actor.projectId, title: body.title, text: body.text, shortcut: body.shortcut ?? null,
      search: searchText(body.title, body.text, body.shortcut), created_at: now, updated_at: now,
    };
    await ctx.db.insertInto('templates').values(row).execute();
    return reply.code(201).send({ template: templateOf(row) });
  });

  app.patch(OperatorRoutes.templatePattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const id = (req.params as { templateId: string }).templateId;
    const body = parseInput(v.partial(TemplateBodySchema), req.body);
    const cur = await ctx.db.selectFrom('templates').selectAll().where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
    if (!cur) throw new DomainError('not_found');
    const next: TemplateRow = {
      ...cur,
      title: body.title ?? cur.title,
      text: body.text ?? cur.text,
      shortcut: body.shortcut === undefined ? cur.shortcut : body.shortcut,
      updated_at: ctx.now(),
    };
    next.search = searchText(next.title, next.text, next.shortcut);
    await ctx.db.updateTable('templates')
      .set({ title: next.title, text: next.text, shortcut: next.shortcut, search: next.search, updated_at: next.updated_at })
      .where('id', '=', id).execute();
    return { template: templateOf(next) };
  });

  app.delete(OperatorRoutes.templatePattern, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const id = (req.params as { templateId: string }).templateId;
    const r = await ctx.db.deleteFrom('templates').where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new DomainError('not_found');
    return reply.code(204).send();
  });

  app.get(OperatorRoutes.project, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return projectInfo(ctx, actor);
  });

  app.patch(OperatorRoutes.project, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const body = parseInput(UpdateProjectBodySchema, req.body);
    const p = await ctx.projects.get(actor.projectId);
    if (!p) throw new DomainError('not_found');
    const name = body.name ?? p.name;
    // Nested objects are replaced whole; the result must be a complete, valid settings object.
    const merged = parseInput(ProjectSettingsSchema, { ...p.settings, ...body.settings, project: p.id, name });
    const before = p.configVersion;
    await ctx.db.updateTable('projects').set({ name, settings: JSON.stringify(merged), updated_at: ctx.now() }).where('id', '=', p.id).execute();
    ctx.projects.changed(p.id);
    const after = configVersion(publicConfig(merged));
    if (after !== before) ctx.bus.publish(topics.widgets(p.id), { t: 'config', configVersion: after } satisfies WidgetsTopicMsg);
    return projectInfo(ctx, actor);
  });

  app.get(OperatorRoutes.storage, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    const used = await projectStorage(ctx, actor.projectId);
    const pending = await ctx.db.selectFrom('files').select((eb) => eb.fn.sum<number | string | null>('size').as('bytes'))
      .where('project_id', '=', actor.projectId).where('message_id', 'is', null).executeTakeFirst();
    const storage: ProjectStorage = {
      ...used, pendingBytes: Number(pending?.bytes ?? 0),
      quotaBytes: ctx.opts.storage.projectQuotaBytes, unattachedTtlMs: ctx.opts.storage.unattachedUploadTtlMs,
    };
    return { storage };
  });

  app.post(OperatorRoutes.rotateSecret, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    requireAdmin(actor);
    await ctx.db.updateTable('projects').set({ secret: randomId(32), updated_at: ctx.now() }).where('id', '=', actor.projectId).execute();
    ctx.projects.changed(actor.projectId);
    return projectInfo(ctx, actor);
  });

  app.get(OperatorRoutes.leads, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const q = parseInput(LeadListQuerySchema, req.query);
    let query = ctx.db.selectFrom('leads').selectAll().where('project_id', '=', actor.projectId);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.status) query = query.where('status', '=', q.status);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
    return { leads: rows.map(leadOf) };
  });

  app.patch(OperatorRoutes.leadPattern, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    const body = parseInput(UpdateLeadBodySchema, req.body);
    const id = (req.params as { leadId: string }).leadId;
    const r = await ctx.db.updateTable('leads').set({ status: body.status, updated_at: ctx.now() })
      .where('id', '=', id).where('project_id', '=', actor.projectId).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new DomainError('not_found');
    const row = await ctx.db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { lead: leadOf(row) };
  });

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.post(OperatorRoutes.uploads, async (req, reply) => {
      const { actor } = await requireOperator(ctx, req);
      if (!ctx.limits.uploadsPerVisitor.take(`o:${actor.id}`)) throw new DomainError('rate_limited');
      const p = await ctx.projects.get(actor.projectId);
      if (!p) throw new DomainError('not_found');
      const { file } = await refuseUnread(req, reply, () => storeUpload(ctx, {
        projectId: p.id, body: req.body as Readable, declaredMime: req.headers['content-type'],
        name: cleanFileName(headerString(req.headers['x-parley-file-name'])), limits: p.settings.attachments.limits,
        locale: requestLocale(req), uploader: { kind: 'operator', operatorId: actor.id }, ip: req.ip, contentLength: contentLengthOf(req),
      }));
      return reply.code(201).send({ upload: file });
    });
  });
}
