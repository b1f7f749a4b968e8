import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../util/errors';
import { avatarFileOf } from '../services/accounts';
import { contentDisposition } from '../services/file-rules';
import { verifyFileUrl } from '../services/urls';
import { fileForParty } from '../services/file-access';
import { articleFile } from '../services/help/images';
import { sessionOperator } from './auth';
import { bearerVisitor } from './visitor-auth';
import { handlers } from './router';

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

export const fileHandlers = handlers({
  async fileDownload({ ctx, req, reply, params }) {
    const party = new Set<string>();
    const signed = verifyFileUrl(ctx.urlKey, params.fileId, req.query as Record<string, unknown>, ctx.now());
    if (signed) party.add(signed);
    const token = await bearerVisitor(ctx, req);
    if (token) party.add(token.visitor.id);
    const f = await fileForParty(ctx, params.fileId, party, async () => (await sessionOperator(ctx, req))?.op ?? null);
    const path = join(ctx.paths.files, f.id);
    const st = await stat(path).catch(() => null);
    if (!st) throw new DomainError('not_found');
    hardened(reply)
      .header('Content-Type', safeContentType(f.mime))
      .header('Content-Disposition', contentDisposition(f.name))
      .header('Content-Length', String(st.size))
      .header('Cache-Control', 'private, max-age=3600');
    return reply.send(createReadStream(path));
  },

  /** Article images: public (the widget on any site, the help page), immutable ids. */
  async helpFile({ ctx, reply, project, params }) {
    const f = await articleFile(ctx, project.id, params.fileId);
    const path = join(ctx.paths.files, f.id);
    const st = await stat(path).catch(() => null);
    if (!st) throw new DomainError('not_found');
    hardened(reply)
      .header('Content-Type', safeContentType(f.mime))
      .header('Content-Length', String(st.size))
      .header('Cache-Control', 'public, max-age=86400, immutable');
    return reply.send(createReadStream(path));
  },

  async avatar({ ctx, reply, params }) {
    const file = await avatarFileOf(ctx, params.operatorId);
    if (!file) throw new DomainError('not_found');
    const path = join(ctx.paths.avatars, file);
    const st = await stat(path).catch(() => null);
    if (!st) throw new DomainError('not_found');
    const mime = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
    hardened(reply)
      .header('Access-Control-Allow-Origin', '*')
      .header('Content-Type', mime)
      .header('Content-Length', String(st.size))
      .header('Cache-Control', 'public, max-age=86400');
    return reply.send(createReadStream(path));
  },
});
