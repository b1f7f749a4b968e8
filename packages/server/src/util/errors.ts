import type { ErrorCode } from '@parley/protocol';

const STATUS: Partial<Record<ErrorCode, number>> = {
  bad_frame: 400,
  bad_request: 400,
  message_empty: 400,
  message_too_long: 400,
  image_invalid: 400,
  unauthorized: 401,
  token_invalid: 401,
  identity_invalid: 401,
  identity_expired: 401,
  forbidden: 403,
  attachments_disabled: 403,
  offline_form_disabled: 403,
  not_found: 404,
  unknown_project: 404,
  conflict: 409,
  email_taken: 409,
  visitor_blocked: 403,
  unknown_text: 400,
  dialog_closed: 409,
  already_rated: 409,
  file_too_large: 413,
  frame_too_large: 413,
  unsupported_file_type: 415,
  rate_limited: 429,
  storage_full: 507,
  internal: 500,
};

/** A refusal with a protocol error code; HTTP routes map it to ApiError, sockets to session.error. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly opts: {
      fields?: string[];
      params?: Record<string, string | number>;
      detail?: string;
      status?: number;
      /** Sent as Retry-After (seconds, rounded up) with rate_limited. */
      retryAfterMs?: number;
    } = {},
  ) {
    super(opts.detail ?? code);
    this.status = opts.status ?? STATUS[code] ?? 400;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/**
 * Too many reads are waiting for the read workers (storage/sqlite/read-pool.ts): the whole server
 * is busy, not this client, so 503 rather than 429; nothing was read or changed, try again shortly.
 */
export class ReadsBusyError extends DomainError {
  constructor() {
    super('rate_limited', { status: 503, retryAfterMs: 1000, detail: 'too many reads waiting' });
  }
}
