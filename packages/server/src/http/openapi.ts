import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ApiErrorSchema, PROTOCOL_VERSION } from '@parley/protocol';
import { ROUTES } from './api-spec';
import type { RouteSpec } from './route-spec';

type Json = Record<string, unknown>;

function schema(s: v.GenericSchema, typeMode: 'input' | 'output'): Json {
  // Pipes JSON Schema cannot express (trim, transforms, custom checks) are left out rather than failing.
  return toJsonSchema(s, { target: 'draft-2020-12', errorMode: 'ignore', typeMode }) as Json;
}

function stripDialect(j: Json): Json {
  const { $schema: _drop, ...rest } = j;
  return rest;
}

function operation(r: RouteSpec): Json {
  const op: Json = { summary: r.summary, tags: [r.tag], operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}` };
  const security: Json[] = [];
  if (r.auth === 'operator') security.push({ session: [] });
  if (r.auth === 'visitor') security.push({ visitorToken: [] });
  if (r.auth === 'party') security.push({ signedLink: [] }, { visitorToken: [] }, { session: [] });
  op.security = security;
  if (r.role === 'admin') op.description = 'Owners and admins of the project only.';
  if (r.role === 'workspaceAdmin') op.description = 'The workspace owner and workspace admins only.';
  const params: Json[] = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (r.scope === 'project') {
    params.push({
      name: 'X-Parley-Project', in: 'header', required: false, schema: { type: 'string' },
      description: 'The project to act in (default: your first project). Not a member: answered like an unknown project.',
    });
  }
  if (r.query) {
    const q = stripDialect(schema(r.query, 'input'));
    const props = (q.properties ?? {}) as Record<string, Json>;
    const required = new Set((q.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) params.push({ name, in: 'query', required: required.has(name), schema: s });
  }
  if (params.length) op.parameters = params;
  if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: stripDialect(schema(r.body, 'input')) } } };
  if (r.raw) op.requestBody = { required: true, description: r.raw, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } };
  const responses: Json = {};
  for (const [status, s] of Object.entries(r.responses)) {
    if (typeof s === 'string') responses[status] = s === 'ApiError' ? { $ref: '#/components/responses/Error' } : { description: s };
    else responses[status] = { description: 'OK', content: { 'application/json': { schema: stripDialect(schema(s, 'output')) } } };
  }
  op.responses = responses;
  return op;
}

/** OpenAPI 3.1, generated from the same valibot schemas the server validates with. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const r of Object.values(ROUTES) as RouteSpec[]) {
    if (r.demo) continue;
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path])[r.method] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: `${PROTOCOL_VERSION}.0.0`,
      description:
        'Reference server of Parley. Widget endpoints are public (CORS *); the operator API uses an httpOnly, SameSite=Strict ' +
        'session cookie, and state-changing requests need Content-Type: application/json or an X-Parley-Request header. ' +
        'Errors are always ApiError JSON.',
    },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        visitorToken: { type: 'http', scheme: 'bearer', description: 'The token from session.welcome / session.token' },
        signedLink: { type: 'apiKey', in: 'query', name: 's', description: 'Party-bound signature in Attachment.url' },
      },
      responses: {
        Error: { description: 'Error', content: { 'application/json': { schema: stripDialect(schema(ApiErrorSchema, 'output')) } } },
      },
    },
  };
}
