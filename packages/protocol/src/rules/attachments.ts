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
import { EXTENSION_MIMES, attachmentKindFromMime, normalizeMime } from './attachment-types';

// The allowlist (and the file input's accept list) and the size format are modules of their own:
// the widget's chat chunk needs those, and loads these checks only when a visitor attaches a file.
export { SUPPORTED_MIME_TYPES, acceptAttribute, attachmentKindFromMime } from './attachment-types';
export { formatBytes } from './format-bytes';

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

/** Extensions that make a file unsupported whatever MIME type it claims. */
const DANGEROUS_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'html htm xhtml xht shtml mht mhtml svg svgz xml xsl xslt hta js mjs cjs jse vbs vbe wsf wsh ' +
    'exe msi msp com scr pif cpl dll sys bat cmd ps1 psm1 sh bash zsh csh ksh command jar class apk ' +
    'app dmg pkg deb rpm appimage php phtml asp aspx jsp cgi pl py rb swf lnk url reg inf scf ' +
    'docm dotm xlsm xltm xlam pptm potm ppsm iso vhd vhdx'
  ).split(' '),
);

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
