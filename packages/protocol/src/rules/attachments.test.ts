import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import {
  ATTACHMENT_KINDS,
  AttachmentLimitsSchema,
  AttachmentSettingsSchema,
  DEFAULT_ATTACHMENT_LIMITS,
  MB,
  SUPPORTED_MIME_TYPES,
  acceptAttribute,
  attachmentKind,
  attachmentKindFromMime,
  checkAttachment,
  formatBytes,
  type AttachmentKind,
} from './attachments';

describe('constants', () => {
  it('defines the product limits with a 1024-based megabyte', () => {
    expect(MB).toBe(1_048_576);
    expect(ATTACHMENT_KINDS).toEqual(['image', 'video', 'audio', 'document']);
    expect(DEFAULT_ATTACHMENT_LIMITS).toEqual({
      image: 5_242_880,
      video: 16_777_216,
      audio: 16_777_216,
      document: 104_857_600,
    });
    expect(Object.isFrozen(DEFAULT_ATTACHMENT_LIMITS)).toBe(true);
  });
});

describe('attachmentKindFromMime', () => {
  const supported: [string, AttachmentKind][] = [
    ['image/jpeg', 'image'],
    ['image/png', 'image'],
    ['image/gif', 'image'],
    ['image/webp', 'image'],
    ['image/heic', 'image'],
    ['image/heif', 'image'],
    ['image/avif', 'image'],
    ['image/bmp', 'image'],
    ['video/mp4', 'video'],
    ['video/webm', 'video'],
    ['video/quicktime', 'video'],
    ['video/3gpp', 'video'],
    ['video/x-matroska', 'video'],
    ['video/ogg', 'video'],
    ['audio/mpeg', 'audio'],
    ['audio/ogg', 'audio'],
    ['audio/opus', 'audio'],
    ['audio/wav', 'audio'],
    ['audio/x-wav', 'audio'],
    ['audio/webm', 'audio'],
    ['audio/aac', 'audio'],
    ['audio/mp4', 'audio'],
    ['audio/x-m4a', 'audio'],
    ['audio/flac', 'audio'],
    ['audio/amr', 'audio'],
    ['application/pdf', 'document'],
    ['text/plain', 'document'],
    ['text/csv', 'document'],
    ['application/rtf', 'document'],
    ['application/msword', 'document'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'document'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'document'],
    ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'document'],
    ['application/vnd.ms-excel', 'document'],
    ['application/vnd.ms-powerpoint', 'document'],
    ['application/vnd.oasis.opendocument.text', 'document'],
    ['application/vnd.oasis.opendocument.spreadsheet', 'document'],
    ['application/vnd.oasis.opendocument.presentation', 'document'],
    ['application/zip', 'document'],
    ['application/x-zip-compressed', 'document'],
    ['application/x-7z-compressed', 'document'],
    ['application/vnd.rar', 'document'],
    ['application/x-rar-compressed', 'document'],
    ['application/json', 'document'],
    // normalization
    ['IMAGE/PNG', 'image'],
    ['text/plain; charset=utf-8', 'document'],
    ['  audio/ogg ; codecs=opus ', 'audio'],
  ];
  it.each(supported)('%s => %s', (mime, kind) => {
    expect(attachmentKindFromMime(mime)).toBe(kind);
  });

  it.each([
    'text/html',
    'application/xhtml+xml',
    'image/svg+xml',
    'application/javascript',
    'text/javascript',
    'application/x-msdownload',
    'application/x-sh',
    'application/xml',
    'text/xml',
    'application/vnd.ms-word.document.macroEnabled.12',
    'application/octet-stream',
    'image/',
    'image',
    '',
    'constructor',
    '__proto__',
    'toString',
  ])('%s is unsupported', (mime) => {
    expect(attachmentKindFromMime(mime)).toBeNull();
  });

  it('is total on non-strings', () => {
    expect(attachmentKindFromMime(undefined as unknown as string)).toBeNull();
    expect(attachmentKindFromMime(42 as unknown as string)).toBeNull();
  });
});

describe('attachmentKind', () => {
  const cases: [mime: string, name: string | undefined, expected: AttachmentKind | null][] = [
    // MIME decides
    ['image/png', 'photo.png', 'image'],
    ['image/png', undefined, 'image'],
    ['image/png', 'photo', 'image'],
    ['image/png', 'photo.dat', 'image'],
    ['application/pdf', 'scan.PDF', 'document'],
    ['text/html', 'notes.txt', null], // an unsupported declared type is not rescued by the name
    // fallback to the extension for empty or generic MIME types
    ['', 'IMG_0001.HEIC', 'image'],
    ['application/octet-stream', 'clip.mkv', 'video'],
    ['application/octet-stream', 'voice.m4a', 'audio'],
    ['', 'archive.7z', 'document'],
    ['', 'archive.rar', 'document'],
    ['', 'data.json', 'document'],
    ['', 'report.docx', 'document'],
    ['', 'README', null],
    ['', undefined, null],
    ['application/octet-stream', 'blob.bin', null],
    ['', 'constructor', null],
    ['', 'x.constructor', null],
    ['', 'x.__proto__', null],
    // dangerous extensions win over any MIME type
    ['image/png', 'x.html', null],
    ['image/png', 'x.HTM', null],
    ['image/png', 'x.svg', null],
    ['application/pdf', 'invoice.pdf.exe', null],
    ['text/plain', 'run.sh', null],
    ['text/plain', 'script.js', null],
    ['application/zip', 'installer.msi', null],
    ['application/vnd.ms-excel', 'book.xlsm', null],
    ['image/png', 'x.exe.', null], // Windows drops trailing dots
    ['image/png', 'x.exe . ', null],
    ['image/png', 'x.exe::$DATA', null],
    ['image/png', 'C:\\fakepath\\x.html', null],
    ['image/png', 'dir/x.bat', null],
    ['image/png', '.html', null],
    ['', 'page.html', null],
    ['', 'logo.svg', null],
    // a harmless final extension after a dangerous-looking one is judged by the final one
    ['application/pdf', 'invoice.exe.pdf', 'document'],
    ['image/png', 'dir.html/photo.png', 'image'],
  ];
  it.each(cases)('%j %j => %s', (mime, name, expected) => {
    expect(attachmentKind(mime, name)).toBe(expected);
  });

  it('is total on non-strings', () => {
    expect(attachmentKind(null as unknown as string, 3 as unknown as string)).toBeNull();
    expect(attachmentKind(undefined as unknown as string, 'a.png')).toBe('image');
  });
});

describe('checkAttachment', () => {
  it.each([
    ['image', 'image/png', 5 * MB],
    ['video', 'video/mp4', 16 * MB],
    ['audio', 'audio/mpeg', 16 * MB],
    ['document', 'application/pdf', 100 * MB],
  ] as const)('%s: size === limit is fine, limit + 1 is too large', (kind, mime, limit) => {
    expect(checkAttachment({ size: limit, mime })).toEqual({ ok: true, kind, limit });
    expect(checkAttachment({ size: limit + 1, mime })).toEqual({ ok: false, code: 'file_too_large', kind, limit });
    expect(checkAttachment({ size: limit - 1, mime })).toEqual({ ok: true, kind, limit });
  });

  it('accepts empty files', () => {
    expect(checkAttachment({ size: 0, mime: 'text/plain', name: 'empty.txt' })).toEqual({
      ok: true,
      kind: 'document',
      limit: 100 * MB,
    });
  });

  it('reports the type before the size', () => {
    expect(checkAttachment({ size: 10 ** 12, mime: 'text/html', name: 'a.html' })).toEqual({
      ok: false,
      code: 'unsupported_file_type',
    });
    expect(checkAttachment({ size: 1, mime: 'image/png', name: 'a.svg' })).toEqual({ ok: false, code: 'unsupported_file_type' });
  });

  it.each([Number.NaN, -1, -0.5, Infinity, '12' as unknown as number, undefined as unknown as number])('size %s fails closed as too large', (size) => {
    expect(checkAttachment({ size, mime: 'image/png' })).toEqual({
      ok: false,
      code: 'file_too_large',
      kind: 'image',
      limit: 5 * MB,
    });
  });

  it('uses per-project overrides and the defaults for kinds not overridden', () => {
    const limits = { image: 10 * MB, document: 1 * MB };
    expect(checkAttachment({ size: 10 * MB, mime: 'image/jpeg' }, limits)).toEqual({ ok: true, kind: 'image', limit: 10 * MB });
    expect(checkAttachment({ size: 1 * MB + 1, mime: 'application/pdf' }, limits)).toEqual({
      ok: false,
      code: 'file_too_large',
      kind: 'document',
      limit: 1 * MB,
    });
    expect(checkAttachment({ size: 16 * MB, mime: 'video/mp4' }, limits)).toEqual({ ok: true, kind: 'video', limit: 16 * MB });
  });

  it.each([0, -5, Number.NaN, Infinity, '5' as unknown as number, null as unknown as number])('ignores an invalid override (%s)', (image) => {
    expect(checkAttachment({ size: 5 * MB, mime: 'image/png' }, { image })).toEqual({ ok: true, kind: 'image', limit: 5 * MB });
  });

  it('uses the extension when the MIME type is generic', () => {
    expect(checkAttachment({ size: 6 * MB, mime: '', name: 'IMG_1.heic' })).toEqual({
      ok: false,
      code: 'file_too_large',
      kind: 'image',
      limit: 5 * MB,
    });
  });

  it('is total on odd input', () => {
    expect(checkAttachment(null as unknown as { size: number; mime: string })).toEqual({ ok: false, code: 'unsupported_file_type' });
    expect(checkAttachment({ size: 1, mime: 'image/png' }, 'big' as unknown as Record<string, number>)).toEqual({
      ok: true,
      kind: 'image',
      limit: 5 * MB,
    });
  });
});

describe('formatBytes', () => {
  it.each([
    [5 * MB, '5 MB', '5 МБ', '5 Mo'],
    [16 * MB, '16 MB', '16 МБ', '16 Mo'],
    [100 * MB, '100 MB', '100 МБ', '100 Mo'],
    [1024 * MB, '1 GB', '1 ГБ', '1 Go'],
    [1.5 * MB, '1.5 MB', '1,5 МБ', '1,5 Mo'],
    [0, '0 B', '0 Б', '0 o'],
    [1, '1 B', '1 Б', '1 o'],
    [1023, '1023 B', '1023 Б', '1023 o'],
    [1024, '1 KB', '1 КБ', '1 Ko'],
    [1536, '1.5 KB', '1,5 КБ', '1,5 Ko'],
    [MB - 1, '1 MB', '1 МБ', '1 Mo'], // 1023.999 KB rounds up a unit, not to "1024 KB"
    [5 * MB + 1, '5 MB', '5 МБ', '5 Mo'],
    [5.25 * MB, '5.3 MB', '5,3 МБ', '5,3 Mo'],
    [2048 * 1024 * MB, '2048 GB', '2048 ГБ', '2048 Go'],
  ])('%d => %s / %s / %s', (n, en, ru, fr) => {
    expect(formatBytes(n, 'en')).toBe(en);
    expect(formatBytes(n, 'ru')).toBe(ru);
    expect(formatBytes(n, 'fr')).toBe(fr);
  });

  it('is total on odd input', () => {
    expect(formatBytes(Number.NaN, 'en')).toBe('0 B');
    expect(formatBytes(-5, 'ru')).toBe('0 Б');
    expect(formatBytes(Infinity, 'fr')).toBe('∞ Go');
    expect(formatBytes(MB, 'de' as unknown as 'en')).toBe('1 MB');
  });
});

describe('SUPPORTED_MIME_TYPES and acceptAttribute', () => {
  it('lists only supported types, none of them dangerous', () => {
    for (const mime of SUPPORTED_MIME_TYPES) expect(attachmentKindFromMime(mime)).not.toBeNull();
    for (const bad of ['text/html', 'image/svg+xml', 'application/javascript', 'application/octet-stream']) {
      expect(SUPPORTED_MIME_TYPES).not.toContain(bad);
    }
    expect(Object.isFrozen(SUPPORTED_MIME_TYPES)).toBe(true);
  });

  it('builds an accept value of MIME types and extensions', () => {
    const accept = acceptAttribute().split(',');
    expect(accept).toEqual(expect.arrayContaining(['image/png', 'application/pdf', '.heic', '.docx', '.m4a']));
    expect(accept).not.toContain('.svg');
    expect(accept).not.toContain('.html');
    for (const item of accept) {
      if (item.startsWith('.')) expect(attachmentKind('', 'x' + item)).not.toBeNull();
      else expect(attachmentKindFromMime(item)).not.toBeNull();
    }
  });
});

describe('schemas', () => {
  const limits = { image: 5 * MB, video: 16 * MB, audio: 16 * MB, document: 100 * MB };
  it('accepts limits from 1 byte to 1 GiB', () => {
    expect(v.safeParse(AttachmentLimitsSchema, limits).success).toBe(true);
    expect(v.safeParse(AttachmentLimitsSchema, { ...limits, image: 1 }).success).toBe(true);
    expect(v.safeParse(AttachmentLimitsSchema, { ...limits, image: 1024 * MB }).success).toBe(true);
    expect(v.safeParse(AttachmentSettingsSchema, { enabled: true, limits }).success).toBe(true);
  });
  it.each([0, -1, 1.5, 1024 * MB + 1, Number.NaN, '5'])('rejects a limit of %s', (image) => {
    expect(v.safeParse(AttachmentLimitsSchema, { ...limits, image }).success).toBe(false);
  });
  it('rejects missing parts', () => {
    expect(v.safeParse(AttachmentLimitsSchema, { image: 1, video: 1, audio: 1 }).success).toBe(false);
    expect(v.safeParse(AttachmentSettingsSchema, { enabled: true }).success).toBe(false);
  });
});
