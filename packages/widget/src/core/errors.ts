import { warn } from './warn';

/** Rejections of the promise-based methods carry a stable code. */
export class ParleyError extends Error {
  constructor(
    readonly code: 'destroyed' | 'unavailable' | 'bad_argument' | 'not_started' | 'config',
    message: string,
  ) {
    super(message);
    this.name = 'ParleyError';
  }
}

/** Config failures were reported when they happened; everything else is worth a warning. */
export function reportRejection(e: unknown): void {
  if (e instanceof ParleyError && (e.code === 'config' || e.code === 'destroyed')) return;
  warn(e instanceof Error ? e.message : String(e));
}

/**
 * The cheap first check of identify() input, done at once in the loader so a mistake is reported
 * even before the session loads; the session validates the rest with the protocol schema.
 */
export function identityShapeProblem(input: unknown): string | null {
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  return i.jwt === undefined && (typeof i.id !== 'string' || typeof i.signature !== 'string')
    ? 'identify() needs { id, signature } (signed on your server) or { jwt }'
    : null;
}
