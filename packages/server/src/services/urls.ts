import { FileRoutes } from '@parley/protocol';
import { hmacB64, safeEqual } from '../util/crypto';
import type { OperatorRow } from '../storage/rows';

const DAY = 86_400_000;
/** Download links stay valid this long; rounded to whole days so a link is stable for a day. */
const LINK_DAYS = 7;

function payload(fileId: string, party: string, exp: number): string {
  return `file:${fileId}:${party}:${exp}`;
}

/** A download link bound to one visitor (the party of the file's dialog), valid ~7 days. */
export function signedFileUrl(key: string, fileId: string, visitorId: string, now: number): string {
  const exp = Math.ceil((now + LINK_DAYS * DAY) / DAY) * (DAY / 1000);
  const sig = hmacB64(key, payload(fileId, visitorId, exp));
  return `${FileRoutes.download(fileId)}?p=${encodeURIComponent(visitorId)}&e=${exp}&s=${sig}`;
}

/** The visitor id a link was issued to, or null when the link is forged, altered or expired. */
export function verifyFileUrl(key: string, fileId: string, q: { p?: unknown; e?: unknown; s?: unknown }, now: number): string | null {
  if (typeof q.p !== 'string' || typeof q.e !== 'string' || typeof q.s !== 'string') return null;
  if (!/^\d{1,12}$/.test(q.e)) return null;
  const exp = Number(q.e);
  if (exp * 1000 <= now) return null;
  return safeEqual(hmacB64(key, payload(fileId, q.p, exp)), q.s) ? q.p : null;
}

/** The plain link operators use (their session cookie authorises it). */
export function operatorFileUrl(fileId: string): string {
  return FileRoutes.download(fileId);
}

export function avatarUrl(op: Pick<OperatorRow, 'id' | 'avatar_file'>): string | null {
  return op.avatar_file ? `${FileRoutes.avatar(op.id)}?v=${op.avatar_file.slice(0, 10)}` : null;
}
