import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import * as v from 'valibot';
import { IdSchema, ProjectIdSchema, TagSchema, isAdminRole } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { safeEqual } from '../util/crypto';
import { openCors } from './cors';
import { parseInput } from './errors';
import { unknownKeys } from './unknown-keys';
import { requireOperator } from './auth';
import { visitorOfBearer } from './visitor-auth';
import { projectActor } from './project-scope';
import { isWorkspaceAdmin } from '../services/workspace';
import type { HandlerFor, HttpHandler, RouteSpec, Schema, WsHandler } from './route-spec';
import { ROUTES, type RouteName } from './api-spec';

export type Handlers = { [K in RouteName]: HandlerFor<(typeof ROUTES)[K]> };

/** Typed handler groups: each file returns the handlers of its routes; app.ts checks that all are there. */
export function handlers<K extends RouteName>(h: { [P in K]: HandlerFor<(typeof ROUTES)[P]> }): { [P in K]: HandlerFor<(typeof ROUTES)[P]> } {
  return h;
}

/** Path parameters by name: ids are opaque server ids, projects are slugs. Anything else is a spec error. */
const PARAMS: Record<string, { schema: Schema; error: 'not_found' | 'unknown_project' }> = {
  project: { schema: ProjectIdSchema, error: 'unknown_project' },
  projectId: { schema: ProjectIdSchema, error: 'not_found' },
  dialogId: { schema: IdSchema, error: 'not_found' },
  messageId: { schema: IdSchema, error: 'not_found' },
  operatorId: { schema: IdSchema, error: 'not_found' },
  templateId: { schema: IdSchema, error: 'not_found' },
  leadId: { schema: IdSchema, error: 'not_found' },
  fileId: { schema: IdSchema, error: 'not_found' },
  secretId: { schema: IdSchema, error: 'not_found' },
  visitorId: { schema: IdSchema, error: 'not_found' },
  groupId: { schema: IdSchema, error: 'not_found' },
  tag: { schema: TagSchema, error: 'not_found' },
  endpointId: { schema: IdSchema, error: 'not_found' },
  articleId: { schema: IdSchema, error: 'not_found' },
  deliveryId: { schema: IdSchema, error: 'not_found' },
  token: { schema: v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/)), error: 'not_found' },
};

export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
}

/** Request bodies refuse fields the schema does not declare (a typo must not answer 200). */
export function parseBody(schema: Schema, body: unknown): unknown {
  const out = parseInput(schema, body);
  const extra = unknownKeys(schema, body);
  if (extra.length > 0) throw new DomainError('bad_request', { fields: extra, detail: 'unknown fields' });
  return out;
}

interface Prepared {
  [k: string]: unknown;
}
declare module 'fastify' {
  interface FastifyRequest {
    parley?: Prepared;
  }
}

/** Auth, scope, role and input parsing for one route: what every handler of the table gets for free. */
async function prepare(ctx: Ctx, spec: RouteSpec, req: FastifyRequest, reply: FastifyReply): Promise<Prepared> {
  const raw = (req.params ?? {}) as Record<string, string>;
  const params: Record<string, string> = {};
  for (const name of pathParams(spec.path)) {
    const rule = PARAMS[name] as (typeof PARAMS)[string];
    const value = raw[name];
    if (typeof value !== 'string' || !v.is(rule.schema, value)) throw new DomainError(rule.error);
    params[name] = value;
  }
  const input: Prepared = { ctx, req, reply, params };
  if (spec.auth === 'operator') {
    const s = await requireOperator(ctx, req);
    input.op = s.op;
    input.sessionHash = s.sessionHash;
    if (spec.role === 'workspaceAdmin' && !isWorkspaceAdmin(s.op)) throw new DomainError('forbidden');
    if (spec.scope === 'project') {
      const scoped = await projectActor(ctx, req, s.op);
      input.actor = scoped.actor;
      input.project = scoped.project;
      if (spec.role === 'admin' && !isAdminRole(scoped.actor.role)) throw new DomainError('forbidden');
    }
  } else if (spec.auth === 'visitor') {
    input.token = await visitorOfBearer(ctx, req);
  } else if (spec.auth === 'metrics') {
    checkMetricsAccess(ctx, req);
  }
  if (spec.scope === 'path') {
    const project = await ctx.projects.get(params.project as string);
    if (!project) throw new DomainError('unknown_project');
    input.project = project;
  }
  if (spec.query) input.query = parseInput(spec.query, req.query);
  if (spec.body) input.body = parseBody(spec.body, req.body);
  else if (spec.raw) input.body = req.body;
  return input;
}

/** Metrics are off (404) unless a token is configured (or they are opened explicitly). */
function checkMetricsAccess(ctx: Ctx, req: FastifyRequest): void {
  const { metricsToken, metricsOpen } = ctx.opts;
  if (metricsOpen) return;
  if (!metricsToken) throw new DomainError('not_found');
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!m?.[1] || !safeEqual(m[1], metricsToken)) throw new DomainError('unauthorized');
}

/** In tests (checkResponses): an answer that does not match its documented schema is a server bug. */
function checkResponse(ctx: Ctx, spec: RouteSpec, status: number, body: unknown): void {
  const schema = spec.responses[status];
  if (schema === undefined) throw new Error(`${spec.method} ${spec.path} answered ${status}, which the route table does not list`);
  if (typeof schema === 'string') return;
  const r = v.safeParse(schema, body);
  if (!r.success) {
    const where = r.issues
      .map((i) => v.getDotPath(i) ?? '(root)')
      .slice(0, 5)
      .join(', ');
    ctx.log.error({ route: spec.path, where }, 'response does not match its schema');
    throw new Error(`${spec.method} ${spec.path} answered a body that does not match its schema at ${where}`);
  }
}

/**
 * Registers every route of the table. Routes with raw bodies live in their own scope, which
 * hands the body over as a stream whatever its content type.
 */
export function registerRoutes(app: FastifyInstance, ctx: Ctx, all: Handlers): void {
  const corsPaths = new Set<string>();
  const rawRoutes: RouteOptions[] = [];
  for (const [name, spec] of Object.entries(ROUTES) as [RouteName, RouteSpec][]) {
    if (spec.demo && !ctx.opts.demo) continue;
    for (const p of pathParams(spec.path)) if (!PARAMS[p]) throw new Error(`route ${name}: unknown path parameter :${p}`);
    if (spec.cors) corsPaths.add(spec.path);
    const method = spec.method.toUpperCase() as RouteOptions['method'];
    if (spec.websocket) {
      const handler = all[name] as unknown as WsHandler<RouteSpec>;
      app.route({
        method: 'GET',
        url: spec.path,
        preValidation: async (req, reply) => {
          req.parley = await prepare(ctx, spec, req, reply);
        },
        // A plain GET of a socket path (no upgrade) has nothing to serve.
        handler: async () => {
          throw new DomainError('not_found');
        },
        wsHandler: (socket, req) => handler(socket, req.parley as never),
      });
      continue;
    }
    const handler = all[name] as unknown as HttpHandler<RouteSpec>;
    const route: RouteOptions = {
      method,
      url: spec.path,
      onRequest: spec.cors ? async (_req, reply) => void openCors(reply) : undefined,
      preHandler: async (req, reply) => {
        req.parley = await prepare(ctx, spec, req, reply);
      },
      handler: async (req, reply) => {
        const out = await handler(req.parley as never);
        if (out === reply || reply.sent) return reply;
        if (ctx.opts.checkResponses) checkResponse(ctx, spec, reply.statusCode, out);
        if (out === undefined) return reply.send();
        return out;
      },
    };
    if (spec.raw) rawRoutes.push(route);
    else app.route(route);
  }
  if (rawRoutes.length > 0) {
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      for (const r of rawRoutes) scope.route(r);
    });
  }
  for (const path of corsPaths) app.options(path, async (_req, reply) => openCors(reply).code(204).send());
}
