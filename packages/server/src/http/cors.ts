import type { FastifyReply } from 'fastify';

/** Widget endpoints are called from any site; they use bearer tokens, never cookies. */
export function openCors(reply: FastifyReply): FastifyReply {
  return reply
    .header('Access-Control-Allow-Origin', '*')
    .header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
    .header('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Parley-Project, X-Parley-File-Name, If-None-Match')
    .header('Access-Control-Expose-Headers', 'ETag, Retry-After')
    .header('Access-Control-Max-Age', '86400');
}
