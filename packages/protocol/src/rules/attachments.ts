/**
 * Attachments: which files a visitor may send, and how large.
 *
 * - Allowlist of MIME types, each with a kind (image, video, audio, document) and its size limit:
 *   image 5 MB, video 16 MB, audio 16 MB, document 100 MB by default, overridable per project.
 *   MB is 1024 × 1024 bytes everywhere (limits and messages alike).
 * - Never allowed: anything a browser may run or render as a page (HTML, SVG, XML, JavaScript),
 *   executables and scripts, macro-enabled Office files.
 * - Decisions: Matroska (video/x-matroska) and JSON (application/json) are allowed (common, inert
 *   when downloaded); a MIME type we do not list is unsupported even if the extension looks fine.
 * - attachmentKind: the MIME type decides (lower-cased, parameters dropped). Only an empty or
 *   application/octet-stream type falls back to the file extension. A dangerous extension makes
 *   any file unsupported whatever its MIME type (`x.html` sent as image/png). The extension is
 *   the last one after trimming trailing dots and spaces (Windows drops them: `a.exe.` is `a.exe`).
 * - checkAttachment: unsupported type first, then size. size === limit is fine, limit + 1 is too
 *   large, 0 is fine (an empty file is harmless). A size that is not a number ≥ 0 (NaN, negative)
 *   is reported as too large: an untrustworthy size fails closed. An override that is not a
 *   positive finite number is ignored in favour of the default.
 */
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentKind } from './attachment-limits';

// The limits live beside the settings schema; re-exported so the file rules and limits read as one API.
export {
  ATTACHMENT_KINDS,
  DEFAULT_ATTACHMENT_LIMITS,
  MAX_ATTACHMENT_LIMIT,
  MB,
  AttachmentLimitsSchema,
  AttachmentSettingsSchema,
  type AttachmentKind,
  type AttachmentLimits,
  type AttachmentSettings,
} from './attachment-limits';

const MIME_KINDS: Readonly<Record<string, AttachmentKind>> = {
  'image/jpeg': 'image',
  'image/pjpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
  'image/avif': 'image',
  'image/bmp': 'image',
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/quicktime': 'video',
  'video/3gpp': 'video',
  'video/3gpp2': 'video',
  'video/x-matroska': 'video',
  'video/ogg': 'video',
  'video/x-m4v': 'video',
  'audio/mpeg': 'audio',
  'audio/mp3': 'audio',
  'audio/ogg': 'audio',
  'audio/opus': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/wave': 'audio',
  'audio/vnd.wave': 'audio',
  'audio/webm': 'audio',
  'audio/aac': 'audio',
  'audio/mp4': 'audio',
  'audio/x-m4a': 'audio',
  'audio/flac': 'audio',
  'audio/x-flac': 'audio',
  'audio/amr': 'audio',
  'application/pdf': 'document',
  'text/plain': 'document',
  'text/csv': 'document',
  'application/rtf': 'document',
  'text/rtf': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.template': 'document',
  'application/vnd.ms-excel': 'document',
  'application/vnd.ms-powerpoint': 'document',
  'application/vnd.oasis.opendocument.text': 'document',
  'application/vnd.oasis.opendocument.spreadsheet': 'document',
  'application/vnd.oasis.opendocument.presentation': 'document',
  'application/zip': 'document',
  'application/x-zip-compressed': 'document',
  'application/x-7z-compressed': 'document',
  'application/vnd.rar': 'document',
  'application/x-rar-compressed': 'document',
  'application/json': 'document',
};

/** Extension -> MIME type, used only when the browser gives no useful MIME type. */
const EXTENSION_MIMES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  avif: 'image/avif',
  bmp: 'image/bmp',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  webm: 'video/webm',
  mov: 'video/quicktime',
  qt: 'video/quicktime',
  '3gp': 'video/3gpp',
  '3g2': 'video/3gpp2',
  mkv: 'video/x-matroska',
  ogv: 'video/ogg',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/opus',
  wav: 'audio/wav',
  weba: 'audio/webm',
  aac: 'audio/aac',
  m4a: 'audio/mp4',
  flac: 'audio/flac',
  amr: 'audio/amr',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  dotx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.template',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xltx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.template',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ppsx: 'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
  potx: 'application/vnd.openxmlformats-officedocument.presentationml.template',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  zip: 'application/zip',
  '7z': 'application/x-7z-compressed',
  rar: 'application/vnd.rar',
  json: 'application/json',
};

/** Extensions that make a file unsupported whatever MIME type it claims. */
const DANGEROUS_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'html htm xhtml xht shtml mht mhtml svg svgz xml xsl xslt hta js mjs cjs jse vbs vbe wsf wsh ' +
    'exe msi msp com scr pif cpl dll sys bat cmd ps1 psm1 sh bash zsh csh ksh command jar class apk ' +
    'app dmg pkg deb rpm appimage php phtml asp aspx jsp cgi pl py rb swf lnk url reg inf scf ' +
    'docm dotm xlsm xltm xlam pptm potm ppsm iso vhd vhdx'
  ).split(' '),
);

export const SUPPORTED_MIME_TYPES: readonly string[] = Object.freeze(Object.keys(MIME_KINDS));

/** Value for `<input type="file" accept>`: MIME types plus extensions, for files the OS gives no type. */
export function acceptAttribute(): string {
  return [...SUPPORTED_MIME_TYPES, ...Object.keys(EXTENSION_MIMES).map((e) => '.' + e)].join(',');
}

function normalizeMime(mime: unknown): string {
  if (typeof mime !== 'string') return '';
  const semi = mime.indexOf(';');
  return (semi < 0 ? mime : mime.slice(0, semi)).trim().toLowerCase();
}

/** Lower-case last extension of a file name (path and trailing dots/spaces stripped); '' if none. */
function extensionOf(fileName: unknown): string {
  if (typeof fileName !== 'string') return '';
  const base =
    fileName
      .replace(/[\s.\u0000]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const dot = base.lastIndexOf('.');
  // `a.exe::$DATA` (an NTFS stream name) still runs as a.exe.
  return dot < 0
    ? ''
    : (base
        .slice(dot + 1)
        .toLowerCase()
        .split(':')[0] ?? '');
}

/** Kind of a MIME type (the server calls this with the sniffed, real type); null = unsupported. */
export function attachmentKindFromMime(mime: string): AttachmentKind | null {
  const m = normalizeMime(mime);
  return Object.prototype.hasOwnProperty.call(MIME_KINDS, m) ? (MIME_KINDS[m] ?? null) : null;
}

export function attachmentKind(mime: string, fileName?: string): AttachmentKind | null {
  const ext = extensionOf(fileName);
  if (DANGEROUS_EXTENSIONS.has(ext)) return null;
  const m = normalizeMime(mime);
  if (m !== '' && m !== 'application/octet-stream') return attachmentKindFromMime(m);
  const byExt = Object.prototype.hasOwnProperty.call(EXTENSION_MIMES, ext) ? EXTENSION_MIMES[ext] : undefined;
  return byExt ? attachmentKindFromMime(byExt) : null;
}

export type AttachmentCheck =
  | { ok: true; kind: AttachmentKind; limit: number }
  | { ok: false; code: 'unsupported_file_type' }
  | { ok: false; code: 'file_too_large'; kind: AttachmentKind; limit: number };

export function checkAttachment(file: { size: number; mime: string; name?: string }, limits?: Partial<Record<AttachmentKind, number>>): AttachmentCheck {
  if (!file || typeof file !== 'object') return { ok: false, code: 'unsupported_file_type' };
  const kind = attachmentKind(file.mime, file.name);
  if (kind === null) return { ok: false, code: 'unsupported_file_type' };
  const override = limits && typeof limits === 'object' ? limits[kind] : undefined;
  const limit = typeof override === 'number' && Number.isFinite(override) && override > 0 ? override : DEFAULT_ATTACHMENT_LIMITS[kind];
  const size = file.size;
  if (typeof size !== 'number' || !(size >= 0) || size > limit) return { ok: false, code: 'file_too_large', kind, limit };
  return { ok: true, kind, limit };
}

const UNITS: Readonly<Record<'ru' | 'en' | 'fr', readonly [string, string, string, string]>> = {
  en: ['B', 'KB', 'MB', 'GB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ'],
  fr: ['o', 'Ko', 'Mo', 'Go'],
};

/**
 * '5 MB' / '5 МБ' / '5 Mo' (1024-based, at most one decimal, decimal comma in ru and fr, a plain
 * space before the unit). NaN and negatives read as 0; unknown locales fall back to English.
 */
export function formatBytes(n: number, locale: 'ru' | 'en' | 'fr'): string {
  const key = locale === 'ru' || locale === 'fr' ? locale : 'en';
  const units = UNITS[key];
  let value = typeof n === 'number' && n > 0 ? n : 0;
  if (value === Infinity) return `∞ ${units[3]}`;
  let i = 0;
  while (i < 3 && value >= 1024) {
    value /= 1024;
    i++;
  }
  let rounded = i === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  // 1023.96 KB would print as "1024 KB": show "1 MB" instead.
  if (rounded >= 1024 && i < 3) {
    rounded = 1;
    i++;
  }
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return `${key === 'en' ? text : text.replace('.', ',')} ${units[i]}`;
}
