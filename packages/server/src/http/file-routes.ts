import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { FileRoutes, IdSchema } from '@parley/protocol';
import * as v from 'valibot';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { visitors } from '../storage/visitors';
import { contentDisposition } from '../services/file-rules';
import { verifyFileUrl } from '../services/urls';
import { sessionOperator } from './auth';

/** Types we may label as-is; anything else is served as an opaque download. */
function safeContentType(mime: string): string {
  if (mime === 'text/html' || mime.includes('svg') || mime.includes('xml') || mime.includes('javascript')) return 'application/octet-stream';
  return mime.startsWith('text/') ? `${mime}; charset=utf-8` : mime;
}

function hardened(reply: FastifyReply): FastifyReply {
  return reply
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cross-Origin-Resource-Policy', 'cross-origin')
    .header('Referrer-Policy', 'no-referrer');
}

export function registerFileRoutes(app: FastifyInstance, ctx: Ctx): void {
  app.options(FileRoutes.downloadPattern, async (_req, reply) =>
    reply.header('Access-Control-Allow-Origin', '*').header('Access-Control-Allow-Headers', 'Authorization').code(204).send(),
  );

  /**
   * A file goes only to a party of its dialog: the visitor through the party-bound signed link
   * (or their bearer token), an operator of the project through the session cookie. A file not
   * yet attached goes only to its uploader.
   */
  app.get(FileRoutes.downloadPattern, async (req, reply) => {
    const fileId = (req.params as { fileId: string }).fileId;
    if (!v.is(IdSchema, fileId)) throw new DomainError('not_found');
    const f = await ctx.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
    if (!f) throw new DomainError('not_found');
    const partyVisitors = new Set<string>();
    const q = req.query as Record<string, unknown>;
    const signed = verifyFileUrl(ctx.urlKey, fileId, q, ctx.now());
    if (signed) partyVisitors.add(signed);
    const m = /^Bearer ([A-Za-z0-9_-]{22,128})$/.exec(req.headers.authorization ?? '');
    if (m?.[1]) {
      const token = m[1];
      const t = await ctx.store.read((x) => visitors.findToken(x, token));
      if (t && !t.revoked) partyVisitors.add(t.visitor.id);
    }
    let allowed = false;
    if (f.dialog_id) {
      const d = await ctx.db.selectFrom('dialogs').select(['visitor_id', 'project_id']).where('id', '=', f.dialog_id).executeTakeFirst();
      if (d && partyVisitors.has(d.visitor_id)) allowed = true;
      if (!allowed && d) {
        const s = await sessionOperator(ctx, req);
        allowed = s !== null && s.op.project_id === d.project_id;
      }
    } else {
      if (f.uploader_visitor_id && partyVisitors.has(f.uploader_visitor_id)) allowed = true;
      if (!allowed && f.uploader_operator_id) {
        const s = await sessionOperator(ctx, req);
        allowed = s !== null && s.op.id === f.uploader_operator_id;
      }
    }
    // Not found rather than forbidden: do not confirm that an id exists.
    if (!allowed) throw new DomainError('not_found');
    const path = join(ctx.paths.files, f.id);
    const st = await stat(path).catch(() => null);
    if (!st) throw new DomainError('not_found');
    hardened(reply)
      .header('Access-Control-Allow-Origin', '*')
      .header('Content-Type', safeContentType(f.mime))
      .header('Content-Disposition', contentDisposition(f.name))
      .header('Content-Length', String(st.size))
      .header('Cache-Control', 'private, max-age=3600');
    return reply.send(createReadStream(path));
  });

  app.get(FileRoutes.avatarPattern, async (req, reply) => {
    const id = (req.params as { operatorId: string }).operatorId;
    if (!v.is(IdSchema, id)) throw new DomainError('not_found');
    const op = await ctx.db.selectFrom('operators').select(['avatar_file', 'deleted_at']).where('id', '=', id).executeTakeFirst();
    if (!op?.avatar_file || op.deleted_at !== null) throw new DomainError('not_found');
    const path = join(ctx.paths.avatars, op.avatar_file);
    const st = await stat(path).catch(() => null);
    if (!st) throw new DomainError('not_found');
    const mime = op.avatar_file.endsWith('.png') ? 'image/png' : 'image/jpeg';
    hardened(reply)
      .header('Access-Control-Allow-Origin', '*')
      .header('Content-Type', mime)
      .header('Content-Length', String(st.size))
      .header('Cache-Control', 'public, max-age=86400');
    return reply.send(createReadStream(path));
  });
}
