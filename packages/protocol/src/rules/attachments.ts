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

const OOXML = 'application/vnd.openxmlformats-officedocument.';
const ODF = 'application/vnd.oasis.opendocument.';

/**
 * The allowlist, per kind: `type/subtype ext ext` entries, comma-separated; the extensions are the
 * ones that stand for that type when the browser gives none. `~` is the Office Open XML prefix,
 * `^` OpenDocument's. One compact string per kind: the widget carries this table.
 */
const TABLE: Readonly<Record<AttachmentKind, string>> = {
  image: 'image/jpeg jpg jpeg jpe jfif,image/pjpeg,image/png png,image/gif gif,image/webp webp,image/heic heic,image/heif heif,image/avif avif,image/bmp bmp',
  video: 'video/mp4 mp4,video/webm webm,video/quicktime mov qt,video/3gpp 3gp,video/3gpp2 3g2,video/x-matroska mkv,video/ogg ogv,video/x-m4v m4v',
  audio:
    'audio/mpeg mp3,audio/mp3,audio/ogg ogg oga,audio/opus opus,audio/wav wav,audio/x-wav,audio/wave,audio/vnd.wave,audio/webm weba,audio/aac aac,audio/mp4 m4a,audio/x-m4a,audio/flac flac,audio/x-flac,audio/amr amr',
  document:
    'application/pdf pdf,text/plain txt log,text/csv csv,application/rtf rtf,text/rtf,application/msword doc,' +
    '~wordprocessingml.document docx,~wordprocessingml.template dotx,~spreadsheetml.sheet xlsx,~spreadsheetml.template xltx,' +
    '~presentationml.presentation pptx,~presentationml.slideshow ppsx,~presentationml.template potx,' +
    'application/vnd.ms-excel xls,application/vnd.ms-powerpoint ppt,^text odt,^spreadsheet ods,^presentation odp,' +
    'application/zip zip,application/x-zip-compressed,application/x-7z-compressed 7z,application/vnd.rar rar,application/x-rar-compressed,application/json json',
};

/** MIME type -> kind, and extension -> MIME type (used only when the browser gives no useful MIME type). */
const MIME_KINDS: Record<string, AttachmentKind> = {};
const EXTENSION_MIMES: Record<string, string> = {};
for (const kind of Object.keys(TABLE) as AttachmentKind[]) {
  for (const entry of TABLE[kind].split(',')) {
    const [mime = '', ...extensions] = entry.replace('~', OOXML).replace('^', ODF).split(' ');
    MIME_KINDS[mime] = kind;
    for (const e of extensions) EXTENSION_MIMES[e] = mime;
  }
}

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
