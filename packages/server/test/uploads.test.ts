import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  startServer,
  uploadAsVisitor,
  type OperatorClient,
  type RunningServer,
  type VisitorSocket,
} from './harness';
import { HTML, SVG, exe, png, pngOfSize, zip } from './fixtures';

const MB = 1024 * 1024;
const IMAGE_LIMIT = 5 * MB;
const UNSUPPORTED_RU = 'Данный тип файла не поддерживается. Ваше сообщение не доставлено';
const UNSUPPORTED_EN = 'This file type is not supported. Your message was not delivered.';

let srv: RunningServer;
let owner: OperatorClient;
let v: VisitorSocket;
let token: string;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  v = await openVisitorSocket(srv.url);
  token = (await v.welcome).token;
});
afterAll(async () => {
  await v?.close();
  await srv?.stop();
});

describe('visitor uploads', () => {
  it('accept an image of exactly the limit and refuse one byte more, with the limit in the text', async () => {
    const ok = await uploadAsVisitor(srv.url, token, pngOfSize(IMAGE_LIMIT), { type: 'image/png', name: 'exact.png' });
    expect(ok.status).toBe(201);
    expect(ok.body.upload).toMatchObject({ kind: 'image', mime: 'image/png', size: IMAGE_LIMIT, name: 'exact.png' });
    const over = await uploadAsVisitor(srv.url, token, pngOfSize(IMAGE_LIMIT + 1), { type: 'image/png', name: 'over.png', locale: 'ru' });
    expect(over.status).toBe(413);
    expect(over.body.error).toEqual({ code: 'file_too_large', message: 'Файл слишком большой (не более 5 МБ). Ваше сообщение не доставлено' });
    const overEn = await uploadAsVisitor(srv.url, token, pngOfSize(IMAGE_LIMIT + 1), { type: 'image/png', name: 'over.png' });
    expect(overEn.body.error.message).toBe('The file is too large (5 MB at most). Your message was not delivered.');
  });

  it.each([
    ['a Windows executable named .png', exe(), 'image/png', 'photo.png'],
    ['a ZIP named .png', zip(), 'image/png', 'photo.png'],
    ['HTML named .png', HTML, 'image/png', 'photo.png'],
    ['HTML as text/html', HTML, 'text/html', 'page.html'],
    ['SVG', SVG, 'image/svg+xml', 'logo.svg'],
    ['an executable as octet-stream', exe(), 'application/octet-stream', 'setup.bin'],
    ['a ZIP with a .png name and no type', zip(), 'application/octet-stream', 'photo.png'],
    ['text with NUL bytes', Buffer.from('abc\0def'), 'text/plain', 'notes.txt'],
    ['a PNG named .exe', png(10, 10), 'image/png', 'photo.exe'],
  ])('refuse %s with the seed text', async (_name, bytes, type, name) => {
    const ru = await uploadAsVisitor(srv.url, token, bytes, { type, name, locale: 'ru-RU' });
    expect(ru.status).toBe(415);
    expect(ru.body.error).toEqual({ code: 'unsupported_file_type', message: UNSUPPORTED_RU });
    const en = await uploadAsVisitor(srv.url, token, bytes, { type, name });
    expect(en.body.error.message).toBe(UNSUPPORTED_EN);
  });

  it('detect the real type: plain text and real ZIPs pass, a JPEG-labelled PNG is stored as PNG', async () => {
    const txt = await uploadAsVisitor(srv.url, token, Buffer.from('Привет, это текст\n'), { type: 'text/plain', name: 'note.txt' });
    expect(txt.body.upload).toMatchObject({ kind: 'document', mime: 'text/plain' });
    const z = await uploadAsVisitor(srv.url, token, zip(), { type: 'application/zip', name: 'archive.zip' });
    expect(z.body.upload).toMatchObject({ kind: 'document', mime: 'application/zip' });
    const p = await uploadAsVisitor(srv.url, token, png(20, 10), { type: 'image/jpeg', name: 'photo.jpg' });
    expect(p.body.upload).toMatchObject({ kind: 'image', mime: 'image/png' });
  });

  it('work from any site: preflight and errors carry CORS headers', async () => {
    const pre = await fetch(`${srv.url}/api/v1/widget/uploads`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-parley-file-name,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-parley-file-name');
    const refused = await uploadAsVisitor(srv.url, token, exe(), { type: 'image/png', name: 'a.png' });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('need a valid visitor token', async () => {
    const r = await uploadAsVisitor(srv.url, 'A'.repeat(30), png(2, 2), { type: 'image/png', name: 'a.png' });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_invalid');
  });
});

describe('files in messages', () => {
  it('are downloadable only by parties of the dialog, always as attachments', async () => {
    const up = await uploadAsVisitor(srv.url, token, png(30, 20), { type: 'image/png', name: 'скриншот <1>.png' });
    const fileId = up.body.upload.id as string;
    // Before it is sent, only the uploader can fetch it.
    const stranger = await openVisitorSocket(srv.url);
    const st = (await stranger.welcome).token as string;
    const pre = await fetch(`${srv.url}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${st}` } });
    expect(pre.status).toBe(404);
    const own = await fetch(`${srv.url}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(own.status).toBe(200);

    // Someone else cannot attach it.
    const sid = clientId();
    stranger.send({ type: 'message.send', clientId: sid, text: 'mine now', attachments: [fileId] });
    expect(await stranger.waitFor((f) => f.clientId === sid)).toMatchObject({ type: 'session.error', code: 'not_found' });

    const id = clientId();
    v.send({ type: 'message.send', clientId: id, text: 'see the screenshot', attachments: [fileId] });
    const ack = await v.waitFor((f) => f.type === 'message.ack' && f.clientId === id);
    const ev = await v.waitFor((f) => f.type === 'message.new' && f.message.clientId === id);
    const att = ev.message.attachments[0];
    expect(att).toMatchObject({ id: fileId, kind: 'image', width: 30, height: 20 });
    expect(att.url).toContain(`/api/v1/files/${fileId}?`);

    const res = await fetch(srv.url + att.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="________ _1_.png"; filename*=UTF-8''${encodeURIComponent('скриншот <1>.png')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(png(30, 20))).toBe(true);

    // The link is bound to this visitor: altered, or without a party, it opens nothing.
    const url = new URL(srv.url + att.url);
    url.searchParams.set('p', 'someone-else');
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(`${srv.url}/api/v1/files/${fileId}`)).status).toBe(404);
    const other = await fetch(`${srv.url}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${st}` } });
    expect(other.status).toBe(404);

    // Operators of the project read it with their session; an operator of nothing else is still of this project.
    const op = await fetch(`${srv.url}/api/v1/files/${fileId}`, { headers: { cookie: owner.cookie } });
    expect(op.status).toBe(200);
    const tl = await owner.get(`/api/v1/operator/dialogs/${ack.dialogId}/timeline`);
    expect(tl.body.messages.at(-1).attachments[0]).toMatchObject({ id: fileId, url: `/api/v1/files/${fileId}` });
    await stranger.close();
  });
});

describe('operator avatars', () => {
  it('must be square PNG or JPG between 200 and 1500 px', async () => {
    const { client } = await createOperator(owner, { email: `avatar-${clientId()}@example.com` });
    const good = await client.upload('/api/v1/operator/me/avatar', png(300, 300), { type: 'image/png' });
    expect(good.status).toBe(200);
    const avatarUrl = good.body.operator.avatarUrl as string;
    expect(avatarUrl).toMatch(/^\/api\/v1\/avatars\//);
    const img = await fetch(srv.url + avatarUrl);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    for (const [w, h] of [
      [300, 200],
      [199, 199],
      [1501, 1501],
    ] as const) {
      const bad = await client.upload('/api/v1/operator/me/avatar', png(w, h), { type: 'image/png' });
      expect(bad.status, `${w}x${h}`).toBe(400);
      expect(bad.body.error).toEqual({
        code: 'image_invalid',
        message: 'The image must be a square PNG or JPG from 200×200 to 1500×1500 px.',
      });
    }
    const gif = await client.upload('/api/v1/operator/me/avatar', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), { type: 'image/gif' });
    expect(gif.status).toBe(400);
  });
});
