import type { AttachmentKind } from './attachment-limits';

/** The allowlist of attachments' MIME types (attachments.ts has the rules that use it). */
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
export const EXTENSION_MIMES: Record<string, string> = {};
for (const kind of Object.keys(TABLE) as AttachmentKind[]) {
  for (const entry of TABLE[kind].split(',')) {
    const [mime = '', ...extensions] = entry.replace('~', OOXML).replace('^', ODF).split(' ');
    MIME_KINDS[mime] = kind;
    for (const e of extensions) EXTENSION_MIMES[e] = mime;
  }
}

export const SUPPORTED_MIME_TYPES: readonly string[] = Object.freeze(Object.keys(MIME_KINDS));

/** Value for `<input type="file" accept>`: MIME types plus extensions, for files the OS gives no type. */
export function acceptAttribute(): string {
  return [...SUPPORTED_MIME_TYPES, ...Object.keys(EXTENSION_MIMES).map((e) => '.' + e)].join(',');
}

export function normalizeMime(mime: unknown): string {
  if (typeof mime !== 'string') return '';
  const semi = mime.indexOf(';');
  return (semi < 0 ? mime : mime.slice(0, semi)).trim().toLowerCase();
}

/** Kind of a MIME type (the server calls this with the sniffed, real type); null = unsupported. */
export function attachmentKindFromMime(mime: string): AttachmentKind | null {
  const m = normalizeMime(mime);
  return Object.prototype.hasOwnProperty.call(MIME_KINDS, m) ? (MIME_KINDS[m] ?? null) : null;
}
