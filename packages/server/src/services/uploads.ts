import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { imageSize } from 'image-size';
import { formatBytes, type AttachmentKind, type AttachmentLimits, type Locale, type ProjectStorage, type UploadedFile } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import type { FileRow } from '../storage/rows';
import { attachmentKind } from '@parley/protocol';
import { decideFileType, normalizeMime, refusedByName } from './file-rules';

/**
 * A refused upload's remaining bytes are read and dropped, so the client can read our answer
 * (browsers report a reset, not the 413, when we stop reading mid-request) — but only when what
 * remains fits in this; otherwise reading stops at once and the connection is cut.
 */
export const DRAIN_BYTES = 8 * 1024 * 1024;
/** The kind of an upload is decided from this many first bytes (magic numbers sit at the start). */
export const HEAD_BYTES = 64 * 1024;

export interface Received {
  tmp: string;
  size: number;
}

/** Checks run while a body streams in; each may refuse it (the rest is then not stored). */
export interface ReceiveHooks {
  /** Called once with the first HEAD_BYTES (or the whole body if shorter); may lower the cap. */
  head?(head: Buffer): Promise<{ cap?: number } | void>;
  /** Called for each chunk before it is written (byte rates). */
  chunk?(bytes: number): Promise<void>;
  /** The request's Content-Length, if known: decides whether a refused body is worth draining. */
  declaredLength?: number | null;
}

/** May the rest of a refused body (after `read` bytes) be drained, so the answer reaches the client? */
function worthDraining(read: number, declared: number | null | undefined, refusedAt: number): boolean {
  if (declared !== null && declared !== undefined) return declared - read <= DRAIN_BYTES;
  return read - refusedAt <= DRAIN_BYTES;
}

/**
 * Streams a request body to a temp file with a hard cap. Past the cap nothing more is written;
 * a little more is read and dropped (so the client can read our 413) up to DRAIN_BYTES. A hook
 * that throws refuses the upload the same way, after the bytes read so far and no more.
 */
export async function receiveToTemp(ctx: Ctx, body: Readable, cap: number, hooks: ReceiveHooks = {}): Promise<Received & { over: boolean }> {
  const tmp = join(ctx.paths.tmp, randomId());
  const out = createWriteStream(tmp, { flags: 'wx' });
  let size = 0;
  let over = false;
  let refused: Error | null = null;
  const asError = (err: unknown): Error => (err instanceof Error ? err : new Error('upload refused'));
  let refusedAt = 0;
  let limit = cap;
  let head: Buffer[] | null = hooks.head ? [] : null;
  let headSize = 0;
  const checkHead = async () => {
    const h = Buffer.concat(head ?? []);
    head = null;
    const r = await hooks.head?.(h);
    if (r?.cap !== undefined && r.cap < limit) limit = r.cap;
    if (headSize > limit) over = true;
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (refused !== null || over) {
        if (!worthDraining(size, hooks.declaredLength, refusedAt)) break;
        continue;
      }
      try {
        await hooks.chunk?.(chunk.length);
        if (head) {
          head.push(chunk);
          headSize += chunk.length;
          if (headSize >= HEAD_BYTES) await checkHead();
        }
      } catch (err) {
        refused = asError(err);
        refusedAt = size;
        if (!worthDraining(size, hooks.declaredLength, refusedAt)) break;
        continue;
      }
      if (size > limit) {
        over = true;
        refusedAt = size;
        if (!worthDraining(size, hooks.declaredLength, refusedAt)) break;
        continue;
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (head && refused === null) await checkHead().catch((err: unknown) => (refused = asError(err)));
    out.end();
    await once(out, 'close');
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  if (refused !== null) {
    await rm(tmp, { force: true });
    throw refused;
  }
  if (over) await rm(tmp, { force: true });
  return { tmp, size, over };
}

/** Reads and drops a refused body when it is small enough for the client to read our answer after. */
async function discard(body: Readable, declared: number | null): Promise<void> {
  let read = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    read += chunk.length;
    if (!worthDraining(read, declared, 0)) break;
  }
}

/** Valid UTF-8 without NUL: what a text file without magic bytes must be. */
async function isCleanUtf8(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (chunk.includes(0)) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export async function imageDimensions(path: string): Promise<{ width: number; height: number; type: string } | null> {
  try {
    const r = imageSize(await readHead(path, 2 * 1024 * 1024));
    if (typeof r.width !== 'number' || typeof r.height !== 'number') return null;
    return { width: r.width, height: r.height, type: r.type ?? '' };
  } catch {
    return null;
  }
}

export interface UploadInput {
  projectId: string;
  body: Readable;
  declaredMime: string | undefined;
  name: string;
  limits: AttachmentLimits;
  locale: Locale;
  uploader: { kind: 'visitor'; visitorId: string } | { kind: 'operator'; operatorId: string };
  /** Client IP: uploaded bytes are rated per IP as well as per project. */
  ip: string;
  /** The request's Content-Length, when it sent one: checked before a byte is read. */
  contentLength: number | null;
}

function tooLarge(limit: number, locale: Locale): DomainError {
  return new DomainError('file_too_large', { params: { limit: formatBytes(limit, locale) } });
}

/** Bytes of files a project stores (attachments and uploads not yet sent) and how many. */
export async function projectStorage(ctx: Ctx, projectId: string): Promise<{ bytes: number; files: number }> {
  const r = await ctx.db
    .selectFrom('files')
    .select((eb) => [eb.fn.sum<number | string | null>('size').as('bytes'), eb.fn.countAll<number | string>().as('files')])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return { bytes: Number(r?.bytes ?? 0), files: Number(r?.files ?? 0) };
}

/** The admins' figure: stored bytes and files, uploads not sent yet, the quota and how long those wait. */
export async function storageUsage(ctx: Ctx, projectId: string): Promise<ProjectStorage> {
  const used = await projectStorage(ctx, projectId);
  const pending = await ctx.db
    .selectFrom('files')
    .select((eb) => eb.fn.sum<number | string | null>('size').as('bytes'))
    .where('project_id', '=', projectId)
    .where('message_id', 'is', null)
    .where('id', 'not in', (eb) => eb.selectFrom('help_files').select('file_id'))
    .executeTakeFirst();
  return {
    ...used,
    pendingBytes: Number(pending?.bytes ?? 0),
    quotaBytes: ctx.opts.storage.projectQuotaBytes,
    unattachedTtlMs: ctx.opts.storage.unattachedUploadTtlMs,
  };
}

async function checkQuota(ctx: Ctx, projectId: string, incoming: number): Promise<void> {
  const used = await projectStorage(ctx, projectId);
  if (used.bytes + incoming > ctx.opts.storage.projectQuotaBytes) throw new DomainError('storage_full');
}

/** Takes `bytes` from the per-IP and the per-project upload budgets, or refuses with Retry-After. */
async function chargeBytes(ctx: Ctx, ip: string, projectId: string, bytes: number): Promise<void> {
  for (const [bucket, key] of [
    [ctx.limits.uploadBytesPerIp, ip],
    [ctx.limits.uploadBytesPerProject, projectId],
  ] as const) {
    const taken = await bucket.take(key, bytes);
    if (!taken.ok) throw new DomainError('rate_limited', { retryAfterMs: taken.retryAfterMs });
  }
}

/**
 * The whole upload rule: refusals that need no byte first (a dangerous name, an unsupported
 * declared type, a declared length over the cap, a full quota, the byte rates), then the kind
 * from the first bytes (an undecidable upload is refused after HEAD_BYTES, not after the largest
 * limit), the per-kind cap while streaming, the real type from the whole file, then store.
 */
export async function storeUpload(ctx: Ctx, u: UploadInput): Promise<{ row: FileRow; file: UploadedFile }> {
  if (refusedByName(u.declaredMime, u.name)) throw new DomainError('unsupported_file_type');
  const declared = normalizeMime(u.declaredMime);
  const generic = declared === '' || declared === 'application/octet-stream';
  const claimed: AttachmentKind | null = attachmentKind(generic ? '' : declared, u.name);
  const maxLimit = Math.max(u.limits.image, u.limits.video, u.limits.audio, u.limits.document);
  const cap = claimed ? u.limits[claimed] : maxLimit;
  try {
    await checkQuota(ctx, u.projectId, Math.min(u.contentLength ?? 0, cap));
    if (u.contentLength !== null) await chargeBytes(ctx, u.ip, u.projectId, Math.min(u.contentLength, cap));
  } catch (err) {
    await discard(u.body, u.contentLength);
    throw err;
  }
  const got = await receiveToTemp(ctx, u.body, cap, {
    declaredLength: u.contentLength,
    chunk: u.contentLength === null ? (n) => chargeBytes(ctx, u.ip, u.projectId, n) : undefined,
    async head(head) {
      const sniffed = await fileTypeFromBuffer(head).catch(() => undefined);
      const early = decideFileType(sniffed, u.declaredMime, u.name);
      if (!early.ok) throw new DomainError('unsupported_file_type');
      return { cap: u.limits[early.kind] };
    },
  });
  if (got.over) throw tooLarge(cap, u.locale);
  let keep = false;
  try {
    // A file whose structure confuses the sniffer is treated as unrecognised, never as a crash.
    const sniffed = await fileTypeFromFile(got.tmp).catch(() => undefined);
    const decision = decideFileType(sniffed, u.declaredMime, u.name);
    if (!decision.ok) throw new DomainError('unsupported_file_type');
    if (got.size > u.limits[decision.kind]) throw tooLarge(u.limits[decision.kind], u.locale);
    if (decision.needsTextCheck && !(await isCleanUtf8(got.tmp))) throw new DomainError('unsupported_file_type');
    await checkQuota(ctx, u.projectId, got.size);
    const dims = decision.kind === 'image' ? await imageDimensions(got.tmp) : null;
    const id = randomId(18);
    const row: FileRow = {
      id,
      project_id: u.projectId,
      uploader_kind: u.uploader.kind,
      uploader_visitor_id: u.uploader.kind === 'visitor' ? u.uploader.visitorId : null,
      uploader_operator_id: u.uploader.kind === 'operator' ? u.uploader.operatorId : null,
      dialog_id: null,
      message_id: null,
      name: u.name,
      mime: decision.mime,
      size: got.size,
      kind: decision.kind,
      width: dims?.width ?? null,
      height: dims?.height ?? null,
      created_at: ctx.now(),
    };
    await rename(got.tmp, join(ctx.paths.files, id));
    keep = true;
    try {
      await ctx.db.insertInto('files').values(row).execute();
    } catch (err) {
      await rm(join(ctx.paths.files, id), { force: true });
      throw err;
    }
    return { row, file: { id, name: row.name, mime: row.mime, size: row.size, kind: decision.kind } };
  } finally {
    if (!keep) await rm(got.tmp, { force: true });
  }
}
