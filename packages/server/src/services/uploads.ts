import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { imageSize } from 'image-size';
import { formatBytes, type AttachmentKind, type AttachmentLimits, type Locale, type UploadedFile } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import type { FileRow } from '../storage/rows';
import { attachmentKind } from '@parley/protocol';
import { decideFileType, normalizeMime } from './file-rules';

/** Bytes read past the limit before giving up on draining a refused upload (then the socket is cut). */
const DRAIN_BYTES = 32 * 1024 * 1024;

export interface Received {
  tmp: string;
  size: number;
}

/**
 * Streams a request body to a temp file with a hard cap. Past the cap nothing more is written;
 * the rest is read and dropped (so the client can read our 413) up to DRAIN_BYTES.
 */
export async function receiveToTemp(ctx: Ctx, body: Readable, cap: number): Promise<Received & { over: boolean }> {
  const tmp = join(ctx.paths.tmp, randomId());
  const out = createWriteStream(tmp, { flags: 'wx' });
  let size = 0;
  let over = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > cap) {
        over = true;
        if (size > cap + DRAIN_BYTES) break;
        continue;
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  if (over) await rm(tmp, { force: true });
  return { tmp, size, over };
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
}

function tooLarge(limit: number, locale: Locale): DomainError {
  return new DomainError('file_too_large', { params: { limit: formatBytes(limit, locale) } });
}

/** The whole upload rule: per-kind cap while streaming, real type from the bytes, then store. */
export async function storeUpload(ctx: Ctx, u: UploadInput): Promise<{ row: FileRow; file: UploadedFile }> {
  const declared = normalizeMime(u.declaredMime);
  const generic = declared === '' || declared === 'application/octet-stream';
  const claimed: AttachmentKind | null = attachmentKind(generic ? '' : declared, u.name);
  const maxLimit = Math.max(u.limits.image, u.limits.video, u.limits.audio, u.limits.document);
  const cap = claimed ? u.limits[claimed] : maxLimit;
  const got = await receiveToTemp(ctx, u.body, cap);
  if (got.over) throw tooLarge(cap, u.locale);
  let keep = false;
  try {
    // A file whose structure confuses the sniffer is treated as unrecognised, never as a crash.
    const sniffed = await fileTypeFromFile(got.tmp).catch(() => undefined);
    const decision = decideFileType(sniffed, u.declaredMime, u.name);
    if (!decision.ok) throw new DomainError('unsupported_file_type');
    if (got.size > u.limits[decision.kind]) throw tooLarge(u.limits[decision.kind], u.locale);
    if (decision.needsTextCheck && !(await isCleanUtf8(got.tmp))) throw new DomainError('unsupported_file_type');
    const dims = decision.kind === 'image' ? await imageDimensions(got.tmp) : null;
    const id = randomId(18);
    const row: FileRow = {
      id, project_id: u.projectId, uploader_kind: u.uploader.kind,
      uploader_visitor_id: u.uploader.kind === 'visitor' ? u.uploader.visitorId : null,
      uploader_operator_id: u.uploader.kind === 'operator' ? u.uploader.operatorId : null,
      dialog_id: null, message_id: null, name: u.name, mime: decision.mime, size: got.size, kind: decision.kind,
      width: dims?.width ?? null, height: dims?.height ?? null, created_at: ctx.now(),
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
