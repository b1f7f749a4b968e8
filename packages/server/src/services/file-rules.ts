import { attachmentKind, attachmentKindFromMime, type AttachmentKind } from '@parley/protocol';

/**
 * Which type an uploaded file really is. The bytes decide (magic numbers, via file-type), never
 * the name or the declared Content-Type; those may only narrow things down:
 * - a declared type we do not support (text/html, image/svg+xml) or a dangerous extension: refused;
 * - the declared (or extension) kind must agree with the sniffed kind: a "PNG" that is really a ZIP
 *   or an EXE is a disguise and is refused;
 * - formats with no magic bytes (plain text, CSV, JSON) are accepted only when declared so, and
 *   the caller must still check the bytes are UTF-8 without NUL (needsTextCheck);
 * - containers file-type reports generically (legacy Office in CFB, Office Open XML/ODF in ZIP,
 *   an audio recording in a WebM/MP4/Ogg container) take the declared, more precise type.
 */
export type TypeDecision = { ok: true; mime: string; kind: AttachmentKind; needsTextCheck: boolean } | { ok: false };

const TEXT_MIMES = new Set(['text/plain', 'text/csv', 'application/json']);
const TEXT_EXTENSIONS: Readonly<Record<string, string>> = { txt: 'text/plain', log: 'text/plain', csv: 'text/csv', json: 'application/json' };
const CFB_TYPES = new Set(['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint']);
const CFB_EXTENSIONS: Readonly<Record<string, string>> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};
const ZIP_FAMILY = /^application\/vnd\.(openxmlformats-officedocument\.|oasis\.opendocument\.)/;
const CONTAINERS: Readonly<Record<string, string>> = {
  'video/webm': 'webm',
  'audio/webm': 'webm',
  'video/mp4': 'mp4',
  'audio/mp4': 'mp4',
  'audio/x-m4a': 'mp4',
  'video/ogg': 'ogg',
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
};

export function normalizeMime(mime: string | undefined): string {
  return (mime ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function extensionOf(name: string): string {
  const base = name.replace(/[\s.]+$/, '');
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Refused whatever the bytes: a dangerous extension, or a declared type we do not support. */
export function refusedByName(declaredMime: string | undefined, name: string): boolean {
  const declared = normalizeMime(declaredMime);
  const generic = declared === '' || declared === 'application/octet-stream';
  // image/png is always supported, so null here can only mean a dangerous extension.
  if (attachmentKind('image/png', name) === null) return true;
  return !generic && attachmentKindFromMime(declared) === null;
}

export function decideFileType(sniffed: { mime: string } | undefined, declaredMime: string | undefined, name: string): TypeDecision {
  if (refusedByName(declaredMime, name)) return { ok: false };
  const declared = normalizeMime(declaredMime);
  const generic = declared === '' || declared === 'application/octet-stream';
  const ext = extensionOf(name);
  const claimedKind = generic ? attachmentKind('', name) : attachmentKindFromMime(declared);

  if (!sniffed) {
    const textMime = generic ? TEXT_EXTENSIONS[ext] : TEXT_MIMES.has(declared) ? declared : undefined;
    return textMime ? { ok: true, mime: textMime, kind: 'document', needsTextCheck: true } : { ok: false };
  }
  let mime = normalizeMime(sniffed.mime);
  const precise = generic ? (CFB_EXTENSIONS[ext] ?? '') : declared;
  if (mime === 'application/x-cfb' && CFB_TYPES.has(precise)) mime = precise;
  if (mime === 'application/zip' && !generic && ZIP_FAMILY.test(declared)) mime = declared;
  let kind = attachmentKindFromMime(mime);
  if (kind === null) return { ok: false };
  if (kind === 'video' && claimedKind === 'audio' && !generic && CONTAINERS[mime] !== undefined && CONTAINERS[mime] === CONTAINERS[declared]) {
    mime = declared;
    kind = 'audio';
  }
  if (claimedKind !== null && claimedKind !== kind) return { ok: false };
  return { ok: true, mime, kind, needsTextCheck: false };
}

/** A file name safe to store and show: no path, no control characters, bounded. */
export function cleanFileName(raw: string | undefined): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as sent
  }
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name.length > 200) {
    const ext = extensionOf(name);
    name = name.slice(0, 200 - ext.length - 1) + (ext ? `.${ext}` : '');
  }
  return name || 'file';
}

/** Content-Disposition that always downloads, with the UTF-8 name and an ASCII fallback. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9 ._()-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
