/**
 * `npm run docs:protocol`: the wire protocol reference, generated from protocol's valibot schemas
 * and their doc comments, as docs/protocol.md (for people) and docs/asyncapi.yaml (AsyncAPI 3.0,
 * for tools). scripts/protocol-docs.test.ts fails when the committed files differ from what this
 * generates, so the reference never drifts from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { stringify } from 'yaml';
import * as P from '@parley/protocol';
import { sourceDocs, type SourceDocs } from './protocol-docs-source';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUTPUTS = { markdown: join(ROOT, 'docs/protocol.md'), asyncapi: join(ROOT, 'docs/asyncapi.yaml') };

type Json = Record<string, unknown>;
type ObjectSchema = v.ObjectSchema<v.ObjectEntries, undefined> | v.StrictObjectSchema<v.ObjectEntries, undefined>;

/** Named types the frames share, rendered once in "Types" and linked from the frames. */
const DEFINITIONS: Record<string, { schema: v.GenericSchema; owner: string }> = {
  Identity: { schema: P.IdentitySchema, owner: 'IdentitySchema' },
  DeviceInfo: { schema: P.DeviceInfoSchema, owner: 'DeviceInfoSchema' },
  PageInfo: { schema: P.PageInfoSchema, owner: 'PAGE_INFO_ENTRIES' },
  ResumeCursor: { schema: P.ResumeCursorSchema, owner: 'ResumeCursorSchema' },
  Visitor: { schema: P.VisitorPublicSchema, owner: 'VisitorPublicSchema' },
  Dialog: { schema: P.DialogPublicSchema, owner: 'DialogPublicSchema' },
  Operator: { schema: P.OperatorPublicSchema, owner: 'OperatorPublicSchema' },
  Message: { schema: P.MessageSchema, owner: 'MessageSchema' },
  Attachment: { schema: P.AttachmentSchema, owner: 'AttachmentSchema' },
  Presence: { schema: P.PresenceSchema, owner: 'PRESENCE_ENTRIES' },
  ErrorCode: { schema: P.ErrorCodeSchema, owner: 'ErrorCodeSchema' },
  DialogEvent: { schema: P.DialogEventSchema, owner: 'DialogEventSchema' },
  VisitorEvent: { schema: P.VisitorEventSchema, owner: 'VisitorEventSchema' },
  DialogSummary: { schema: P.DialogSummarySchema, owner: 'DialogSummarySchema' },
  Note: { schema: P.NoteSchema, owner: 'NoteSchema' },
  Lead: { schema: P.LeadSchema, owner: 'LeadSchema' },
  OperatorRef: { schema: P.OperatorRefSchema, owner: 'OperatorRefSchema' },
  OperatorAccount: { schema: P.OperatorSchema, owner: 'OperatorSchema' },
};

interface Frame {
  socket: 'visitor' | 'operator';
  dir: 'client' | 'server';
  type: string;
  /** The constants object it is named in (C, S, OC, OS): the key of its doc comments. */
  family: 'C' | 'S' | 'OC' | 'OS' | 'CALL';
  schema: ObjectSchema;
}

const SOCKETS = {
  visitor: {
    title: 'Visitor socket',
    address: P.WidgetRoutes.socket,
    families: { client: 'C', server: 'S' },
    schemas: { client: P.ClientFrameSchema, server: P.ServerFrameSchema },
    /** Calls (protocol/calls.ts): their own schemas, on the same socket. */
    calls: { client: P.VisitorCallFrameSchema, server: P.CallToVisitorFrameSchema },
  },
  operator: {
    title: 'Operator socket',
    address: P.OperatorRoutes.socket,
    families: { client: 'OC', server: 'OS' },
    schemas: { client: P.OperatorClientFrameSchema, server: P.OperatorServerFrameSchema },
    calls: { client: P.OperatorCallFrameSchema, server: P.CallToOperatorFrameSchema },
  },
} as const;

export function frames(): Frame[] {
  const out: Frame[] = [];
  for (const socket of ['visitor', 'operator'] as const) {
    for (const dir of ['client', 'server'] as const) {
      const s = SOCKETS[socket];
      for (const option of s.schemas[dir].options as unknown as ObjectSchema[]) {
        const type = (option.entries.type as v.LiteralSchema<string, undefined>).literal;
        out.push({ socket, dir, type, family: s.families[dir], schema: option });
      }
      for (const option of s.calls[dir].options as unknown as ObjectSchema[]) {
        const type = (option.entries.type as v.LiteralSchema<string, undefined>).literal;
        out.push({ socket, dir, type, family: 'CALL', schema: option });
      }
    }
  }
  return out;
}

/** JSON Schema of a frame or type; named types become `$ref`s to `#/$defs/<Name>`. */
function jsonSchema(schema: v.GenericSchema, target: 'draft-2020-12' | 'draft-07' = 'draft-2020-12'): Json {
  const definitions = Object.fromEntries(Object.entries(DEFINITIONS).map(([k, d]) => [k, d.schema]));
  // Pipes JSON Schema cannot express (trim, custom checks) are left out rather than failing.
  const { $schema: _dialect, definitions: defs07, ...rest } = toJsonSchema(schema, { target, errorMode: 'ignore', definitions, typeMode: 'output' }) as Json;
  const out = target === 'draft-07' && defs07 ? { ...rest, $defs: defs07 } : rest;
  return JSON.parse(JSON.stringify(out).replaceAll('"#/definitions/', '"#/$defs/')) as Json;
}

const anchor = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** How a JSON Schema node reads in a table: `string`, `'a' | 'b'`, [Message](#type-message), `Message[]`. */
function typeOf(node: Json): string {
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/$defs/', '');
    return `[${name}](#type-${anchor(name)})`;
  }
  if ('const' in node) return code(JSON.stringify(node.const));
  if (Array.isArray(node.enum)) return node.enum.map((e) => code(JSON.stringify(e))).join(' | ');
  const alts = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  // A union of frames (DialogEvent): name them, linked.
  const frameType = (a: Json) => (a.properties as Record<string, Json> | undefined)?.type?.const as string | undefined;
  if (alts?.every(frameType)) return `one of ${alts.map((a) => `[${code(frameType(a)!)}](#visitor-server-${anchor(frameType(a)!)})`).join(', ')}`;
  if (alts) return alts.map(typeOf).join(' | ');
  if (node.type === 'array') return `${typeOf((node.items ?? {}) as Json)}[]`;
  if (node.type === 'object' && !node.properties && node.additionalProperties && typeof node.additionalProperties === 'object') {
    return `{ [key]: ${typeOf(node.additionalProperties as Json)} }`;
  }
  if (Array.isArray(node.type)) return node.type.join(' | ');
  return typeof node.type === 'string' ? node.type : 'any';
}

function constraints(node: Json): string {
  const n = (k: string) => JSON.stringify(node[k]);
  const c: string[] = [];
  if (node.minLength !== undefined) c.push(`≥ ${n('minLength')} chars`);
  if (node.maxLength !== undefined) c.push(`≤ ${n('maxLength')} chars`);
  if (node.minimum !== undefined) c.push(`≥ ${n('minimum')}`);
  if (node.maximum !== undefined) c.push(`≤ ${n('maximum')}`);
  if (node.minItems !== undefined) c.push(`≥ ${n('minItems')} items`);
  if (node.maxItems !== undefined) c.push(`≤ ${n('maxItems')} items`);
  if (typeof node.pattern === 'string') c.push(`pattern ${code(node.pattern)}`);
  if (node.default !== undefined) c.push(`default ${code(n('default'))}`);
  return c.join(', ');
}

/** Rows of a field table: nested inline objects as `parent.child` rows. */
function fieldRows(node: Json, docs: (path: string[]) => string, path: string[] = []): string[] {
  const props = (node.properties ?? {}) as Record<string, Json>;
  const required = new Set((node.required ?? []) as string[]);
  const rows: string[] = [];
  for (const [name, child] of Object.entries(props)) {
    const p = [...path, name];
    rows.push(
      `| ${code(p.join('.'))} | ${cell(typeOf(child))} | ${required.has(name) ? 'yes' : 'no'} | ${cell([docs(p), constraints(child)].filter(Boolean).join(' · '))} |`,
    );
    if (child.type === 'object' && child.properties) rows.push(...fieldRows(child, docs, p));
  }
  return rows;
}

function table(node: Json, docs: (path: string[]) => string): string {
  const rows = fieldRows(node, docs);
  if (rows.length === 0) return '_No fields._\n';
  return ['| field | type | required | notes |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

/** The doc comment of a field, looked up by owner (frame or variable) and then through its spreads. */
function fieldDoc(src: SourceDocs, owners: string[], path: string[]): string {
  if (path.length !== 1) return '';
  const seen = new Set<string>();
  const queue = [...owners];
  while (queue.length) {
    const o = queue.shift()!;
    if (seen.has(o)) continue;
    seen.add(o);
    const doc = src.fields.get(o)?.get(path[0]!);
    if (doc) return doc;
    queue.push(...(src.spreads.get(o) ?? []));
  }
  return '';
}

export function frameSummary(src: SourceDocs, f: Frame): string {
  return src.frames.get(`${f.family}:${f.type}`) ?? '';
}

function markdown(src: SourceDocs, all: Frame[]): string {
  const out: string[] = [];
  const head = readFileSync(join(ROOT, 'scripts/protocol-docs-intro.md'), 'utf8')
    .replaceAll('{{VERSION}}', String(P.PROTOCOL_VERSION))
    .replaceAll('{{VISITOR_SOCKET}}', P.WidgetRoutes.socket)
    .replaceAll('{{OPERATOR_SOCKET}}', P.OperatorRoutes.socket)
    .replaceAll('{{MAX_FRAME_BYTES}}', String(P.MAX_FRAME_BYTES))
    .replaceAll('{{MAX_SERVER_FRAME_BYTES}}', String(P.MAX_SERVER_FRAME_BYTES));
  out.push(head.trimEnd(), '');
  for (const socket of ['visitor', 'operator'] as const) {
    out.push(`## ${SOCKETS[socket].title} (${code(SOCKETS[socket].address)})`, '');
    for (const dir of ['client', 'server'] as const) {
      out.push(`### ${dir === 'client' ? 'Client → server' : 'Server → client'}`, '');
      for (const f of all.filter((x) => x.socket === socket && x.dir === dir)) {
        out.push(`<a id="${f.socket}-${f.dir}-${anchor(f.type)}"></a>`, '', `#### ${code(f.type)}`, '', frameSummary(src, f), '');
        const owners = [`${f.family}:${f.type}`];
        out.push(table(jsonSchema(f.schema), (path) => fieldDoc(src, owners, path)));
      }
    }
  }
  out.push('## Types', '');
  for (const [name, d] of Object.entries(DEFINITIONS)) {
    out.push(`<a id="type-${anchor(name)}"></a>`, '', `### ${name}`, '');
    const doc = src.vars.get(d.owner);
    if (doc) out.push(doc, '');
    const js = jsonSchema(d.schema);
    const resolved = (js.$defs as Record<string, Json> | undefined)?.[name] ?? js;
    if (resolved.properties) out.push(table(resolved, (path) => fieldDoc(src, [d.owner], path)));
    else out.push(`${typeOf(resolved)}\n`);
  }
  out.push(
    '<a id="error-codes"></a>',
    '',
    '## Error codes',
    '',
    'In `session.error` frames (and `ApiError` bodies of the HTTP API). `retryable`: sending the same request again later may succeed.',
    '',
  );
  out.push('| code | retryable | English text |', '|---|---|---|');
  for (const c of P.ERROR_CODES) out.push(`| ${code(c)} | ${P.isRetryable(c) ? 'yes' : 'no'} | ${cell(P.errorText(c, 'en'))} |`);
  return `${out.join('\n').trimEnd()}\n`;
}

function asyncapi(src: SourceDocs, all: Frame[]): string {
  const key = (f: Frame) => `${f.socket}.${f.dir}.${f.type}`;
  const messages: Json = {};
  const schemas: Json = {};
  for (const [name, d] of Object.entries(DEFINITIONS)) {
    // AsyncAPI's default schema format is a superset of JSON Schema draft 07.
    const js = jsonSchema(d.schema, 'draft-07');
    schemas[name] = (js.$defs as Record<string, Json> | undefined)?.[name] ?? js;
  }
  const relink = (j: unknown): unknown =>
    JSON.parse(JSON.stringify(j, (k, val: unknown) => (k === '$ref' && typeof val === 'string' ? val.replace('#/$defs/', '#/components/schemas/') : val)));
  for (const f of all) {
    const { $defs: _defs, ...payload } = jsonSchema(f.schema, 'draft-07');
    messages[key(f)] = {
      name: f.type,
      title: `${f.type} (${f.dir} → ${f.dir === 'client' ? 'server' : 'client'})`,
      summary: frameSummary(src, f),
      payload: relink(payload),
    };
  }
  const channels: Json = {};
  const operations: Json = {};
  for (const socket of ['visitor', 'operator'] as const) {
    const mine = all.filter((f) => f.socket === socket);
    channels[socket] = {
      address: SOCKETS[socket].address,
      title: SOCKETS[socket].title,
      messages: Object.fromEntries(mine.map((f) => [key(f), { $ref: `#/components/messages/${key(f)}` }])),
    };
    for (const dir of ['client', 'server'] as const) {
      // The document describes the server: it receives what clients send and sends the rest.
      operations[`${socket}.${dir === 'client' ? 'receive' : 'send'}`] = {
        action: dir === 'client' ? 'receive' : 'send',
        channel: { $ref: `#/channels/${socket}` },
        messages: mine.filter((f) => f.dir === dir).map((f) => ({ $ref: `#/channels/${socket}/messages/${key(f)}` })),
      };
    }
  }
  const doc = {
    asyncapi: '3.0.0',
    info: {
      title: 'Parley wire protocol',
      version: `${P.PROTOCOL_VERSION}.0.0`,
      description: 'JSON text frames over WebSocket, generated from @parley/protocol (see docs/protocol.md). Every frame has a "type".',
      license: { name: 'MIT' },
    },
    servers: { parley: { host: 'chat.example.com', protocol: 'wss', description: 'Your Parley server (ws: on plain http).' } },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: relink(schemas) },
  };
  return `# Generated by scripts/protocol-docs.ts (npm run docs:protocol); do not edit.\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Both documents, as they should be committed. */
export function protocolDocs(): { markdown: string; asyncapi: string; missing: string[] } {
  const src = sourceDocs(join(ROOT, 'packages/protocol/src'), { C: P.C, S: P.S, OC: P.OC, OS: P.OS, CALL: P.CALL });
  const all = frames();
  const missing = all.filter((f) => !frameSummary(src, f)).map((f) => `${f.socket} ${f.dir} ${f.type}`);
  return { markdown: markdown(src, all), asyncapi: asyncapi(src, all), missing };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const docs = protocolDocs();
  if (docs.missing.length) {
    console.error(
      `frames without a doc comment (add one to the frame's constant in packages/protocol/src/frames/types.ts or operator/frames.ts):\n  ${docs.missing.join('\n  ')}`,
    );
    process.exit(1);
  }
  writeFileSync(OUTPUTS.markdown, docs.markdown);
  writeFileSync(OUTPUTS.asyncapi, docs.asyncapi);
  console.log(`wrote ${OUTPUTS.markdown} and ${OUTPUTS.asyncapi}`);
}
