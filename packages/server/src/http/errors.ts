import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorText, matchLocale, type ApiError, type ErrorCode, type Locale } from '@parley/protocol';
import { isDomainError } from '../util/errors';
import { isRetryableDbError } from '../util/db-errors';

/** The request's language: `?locale=` first, then Accept-Language; English otherwise. */
export function requestLocale(req: FastifyRequest): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.locale;
  if (typeof q === 'string' && q) return matchLocale(q, 'en');
  return matchLocale(req.headers['accept-language']?.split(',')[0], 'en');
}

export function apiError(req: FastifyRequest, code: ErrorCode, opts: { fields?: string[]; params?: Record<string, string | number> } = {}): ApiError {
  const body: ApiError = { error: { code, message: errorText(code, requestLocale(req), opts.params) } };
  if (opts.fields && opts.fields.length > 0) body.error.fields = opts.fields;
  return body;
}

export function sendApiError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  opts: { fields?: string[]; params?: Record<string, string | number> } = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(apiError(req, code, opts));
}

export { parseInput } from '../util/validate';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  413: 'frame_too_large',
  415: 'bad_request',
  429: 'rate_limited',
};

/** Every error leaves as ApiError JSON; unexpected ones as a bare 500 without details. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    if (isDomainError(err)) {
      const after = err.opts.retryAfterMs;
      if (after !== undefined && Number.isFinite(after)) reply.header('Retry-After', String(Math.max(1, Math.ceil(after / 1000))));
      return sendApiError(req, reply, err.status, err.code, { fields: err.opts.fields, params: err.opts.params });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendApiError(req, reply, status, STATUS_CODES[status] ?? 'bad_request');
    }
    if (isRetryableDbError(err)) {
      // The database is down or restarting (PostgreSQL): nothing was stored, try again shortly.
      req.log.warn({ err: err instanceof Error ? err.message : err }, 'database unavailable');
      reply.header('Retry-After', '2');
      return sendApiError(req, reply, 503, 'internal');
    }
    req.log.error({ err }, 'request failed');
    return sendApiError(req, reply, 500, 'internal');
  });
  app.setNotFoundHandler((req, reply) => sendApiError(req, reply, 404, 'not_found'));
}
