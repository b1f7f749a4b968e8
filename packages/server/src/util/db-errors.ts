/** A database that is down or restarting: the request may simply be tried again. */
export function isRetryableDbError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  // Class 08 (connection), 57P01..57P03 (shutdown, crash, starting up), 53300 (too many connections).
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300', '40P01', '40001'].includes(code)) return true;
  const msg = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(msg);
}
