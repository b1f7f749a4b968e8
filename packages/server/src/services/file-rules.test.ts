import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, decideFileType } from './file-rules';

const png = { mime: 'image/png' };
describe('decideFileType', () => {
  it.each([
    ['a PNG declared as PNG', png, 'image/png', 'a.png', 'image/png', 'image'],
    ['a PNG declared as JPEG (same kind): the bytes win', png, 'image/jpeg', 'a.jpg', 'image/png', 'image'],
    ['a PNG without a type and without an extension', png, '', 'scan', 'image/png', 'image'],
    ['a PDF as octet-stream', { mime: 'application/pdf' }, 'application/octet-stream', 'doc.pdf', 'application/pdf', 'document'],
    ['a legacy .doc (CFB container)', { mime: 'application/x-cfb' }, 'application/msword', 'a.doc', 'application/msword', 'document'],
    ['a .xls without a type (CFB container)', { mime: 'application/x-cfb' }, '', 'a.xls', 'application/vnd.ms-excel', 'document'],
    ['a voice note in WebM', { mime: 'video/webm' }, 'audio/webm;codecs=opus', 'voice.webm', 'audio/webm', 'audio'],
    ['a video in WebM', { mime: 'video/webm' }, 'video/webm', 'clip.webm', 'video/webm', 'video'],
    ['plain text declared so', undefined, 'text/plain; charset=utf-8', 'notes.txt', 'text/plain', 'document'],
    ['CSV by extension', undefined, '', 'table.csv', 'text/csv', 'document'],
  ])('accepts %s', (_n, sniffed, declared, name, mime, kind) => {
    expect(decideFileType(sniffed, declared, name)).toMatchObject({ ok: true, mime, kind });
  });
  it('text without magic bytes still needs the UTF-8 check', () => {
    expect(decideFileType(undefined, 'text/plain', 'a.txt')).toMatchObject({ needsTextCheck: true });
    expect(decideFileType(png, 'image/png', 'a.png')).toMatchObject({ needsTextCheck: false });
  });
  it.each([
    ['an EXE declared as PNG', { mime: 'application/x-msdownload' }, 'image/png', 'a.png'],
    ['a ZIP declared as PNG', { mime: 'application/zip' }, 'image/png', 'a.png'],
    ['a ZIP named .png without a type', { mime: 'application/zip' }, '', 'a.png'],
    ['unknown bytes declared as PNG (HTML)', undefined, 'image/png', 'a.png'],
    ['HTML declared as HTML', undefined, 'text/html', 'a.html'],
    ['SVG', { mime: 'application/xml' }, 'image/svg+xml', 'a.svg'],
    ['a PNG named .html', png, 'image/png', 'a.html'],
    ['a PNG named .exe. (trailing dot)', png, 'image/png', 'a.exe.'],
    ['unknown bytes without a type', undefined, '', 'blob'],
    ['a video declared as audio in another container', { mime: 'video/mp4' }, 'audio/webm', 'a.webm'],
    ['a PDF declared as an image', { mime: 'application/pdf' }, 'image/jpeg', 'a.jpg'],
  ])('refuses %s', (_n, sniffed, declared, name) => {
    expect(decideFileType(sniffed, declared, name)).toEqual({ ok: false });
  });
});

describe('file names', () => {
  it('strips paths and control characters, keeps Unicode', () => {
    expect(cleanFileName(encodeURIComponent('../../etc/пароли\u0000.txt'))).toBe('пароли.txt');
    expect(cleanFileName('C:\\Users\\me\\photo.png')).toBe('photo.png');
    expect(cleanFileName('%E0%A4%A')).toBe('%E0%A4%A');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName('x'.repeat(300) + '.pdf')).toMatch(/^x+\.pdf$/);
    expect(cleanFileName('x'.repeat(300) + '.pdf').length).toBe(200);
  });
  it('always downloads, with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('отчёт "Q1".pdf')).toBe(`attachment; filename="_____ _Q1_.pdf"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%22Q1%22.pdf`);
    expect(contentDisposition("it's (1).txt")).toBe(`attachment; filename="it_s (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`);
  });
});
