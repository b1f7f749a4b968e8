import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ApiErrorSchema, PROTOCOL_VERSION, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TOLERANCE_SECONDS, WEBHOOK_VERSION, WebhookDataSchemas } from '@parley/protocol';
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
  const op: Json = {
    summary: r.summary,
    tags: [r.tag],
    operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
  };
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
      name: 'X-Parley-Project',
      in: 'header',
      required: false,
      schema: { type: 'string' },
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

/** OpenAPI 3.1 `webhooks`: what Parley POSTs to a project's endpoints, one entry per event type. */
function webhooks(): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [type, data] of Object.entries(WebhookDataSchemas)) {
    out[type] = {
      post: {
        summary: `${type} (envelope version ${WEBHOOK_VERSION})`,
        description:
          `Signed with the endpoint's secret: ${WEBHOOK_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">. ` +
          `Refuse timestamps more than ${WEBHOOK_TOLERANCE_SECONDS} s from your clock (replays); deduplicate on the event id ` +
          '(retries and Resend send the same id and body). Answer 2xx within 10 s; anything else is retried with exponential ' +
          'backoff and jitter for up to 24 hours. See docs/webhooks.md for verification code.',
        parameters: [
          { name: WEBHOOK_SIGNATURE_HEADER, in: 'header', required: true, schema: { type: 'string' } },
          { name: 'Parley-Event-Id', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'Parley-Event-Type', in: 'header', required: true, schema: { type: 'string', const: type } },
          { name: 'Parley-Delivery-Id', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'type', 'version', 'projectId', 'createdAt', 'data'],
                properties: {
                  id: { type: 'string', description: 'The event id (the same on every retry and resend)' },
                  type: { type: 'string', const: type },
                  version: { type: 'integer', const: WEBHOOK_VERSION },
                  projectId: { type: 'string' },
                  createdAt: { type: 'integer', description: 'Epoch milliseconds' },
                  data: stripDialect(schema(data, 'output')),
                },
              },
            },
          },
        },
        responses: { '2XX': { description: 'Received' } },
      },
    };
  }
  return out;
}

/** OpenAPI 3.1, generated from the same valibot schemas the server validates with. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const r of Object.values(ROUTES) as RouteSpec[]) {
    if (r.demo) continue;
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][r.method] = operation(r);
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
    webhooks: webhooks(),
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
