import type { FastifyReply, FastifyRequest } from 'fastify';

/** The first value of a header that may repeat. */
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
