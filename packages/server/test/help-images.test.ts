import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, createOperator, loginOperator, openVisitorSocket, startServer, uploadAsVisitor, type OperatorClient, type RunningServer } from './harness';
import { png, pngOfSize } from './fixtures';

let srv: RunningServer;
let owner: OperatorClient;

beforeAll(async () => {
  srv = await startServer();
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
});
afterAll(async () => {
  await srv?.stop();
});

const IMAGES = '/api/v1/operator/help/images';
const article = (body: string) => ({ locale: 'en', title: `Pictures ${clientId()}`, body, category: '', status: 'published', position: 0 });
const get = (path: string) =>
  fetch(`${srv.url}${path}`).then(async (r) => ({ status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) }));

describe('article images (issue 19): uploaded through the file rules, public on the project help', () => {
  it('stores an image, answers the Markdown, serves it to anyone (CORS *, public cache), and the article shows it everywhere', async () => {
    const bytes = png(6, 4);
    const up = await owner.upload(IMAGES, bytes, { type: 'image/png', name: 'Screen shot.png' });
    expect(up.status).toBe(201);
    const id = up.body.image.id as string;
    expect(up.body).toMatchObject({ image: { kind: 'image', mime: 'image/png', size: bytes.length }, path: `/api/v1/help/demo/files/${id}` });
    expect(up.body.markdown).toBe(`![Screen shot](/api/v1/help/demo/files/${id})`);

    // Anyone reads it (no cookie, no token), from any site.
    const file = await get(up.body.path);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('access-control-allow-origin')).toBe('*');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('cache-control')).toContain('public');

    // The article: our image and an https one stay; an http image, another project's path, a chat
    // file's path (not an article file) and a data: URL are dropped, in the tree and on the page.
    const chatFile = (await owner.upload('/api/v1/operator/uploads', png(2, 2), { type: 'image/png', name: 'chat.png' })).body.upload.id;
    const body = [
      'Look:',
      '',
      up.body.markdown,
      '',
      '![cdn](https://cdn.example.com/a.png) ![plain](http://example.com/b.png) ![other](/api/v1/help/other/files/abcdef) ![chat](/api/v1/files/' +
        chatFile +
        ') ![data](data:image/png;base64,AAAA) ![rel](//evil.example/c.png)',
    ].join('\n');
    const a = (await owner.post('/api/v1/operator/help/articles', article(body))).body.article;
    const doc = (await (await fetch(`${srv.url}/api/v1/help/demo/articles/${a.id}`)).json()).article.doc;
    const imgs: { src: string; alt: string }[] = [];
    const walk = (n: any) => {
      if (n && typeof n === 'object') {
        if (n.t === 'img') imgs.push({ src: n.src, alt: n.alt });
        n.c?.forEach(walk);
      }
    };
    doc.forEach(walk);
    expect(imgs).toEqual([
      { src: up.body.path, alt: 'Screen shot' },
      { src: 'https://cdn.example.com/a.png', alt: 'cdn' },
    ]);
    const page = await fetch(`${srv.url}/help/demo/${a.id}`).then((r) => r.text());
    const srcs = [...page.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]);
    expect(srcs).toEqual([up.body.path, 'https://cdn.example.com/a.png']);
    // What the page points at loads.
    expect((await get(srcs[0]!)).status).toBe(200);
  });

  it('refuses what the file rules or the image policy refuse, and operators who may not write articles', async () => {
    // Not an image (sniffed from the bytes, whatever the name says), and SVG (can carry script).
    expect(
      (await owner.upload(IMAGES, Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), { type: 'application/pdf', name: 'a.pdf' })).status,
    ).toBe(415);
    expect((await owner.upload(IMAGES, Buffer.from('%PDF-1.4\n%%EOF\n'), { type: 'image/png', name: 'fake.png' })).status).toBe(415);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await owner.upload(IMAGES, svg, { type: 'image/svg+xml', name: 'x.svg' })).status).toBe(415);
    // The project's image size limit.
    const project = (await owner.get('/api/v1/operator/project')).body.settings;
    await owner.patch('/api/v1/operator/project', {
      settings: { attachments: { ...project.attachments, limits: { ...project.attachments.limits, image: 2048 } } },
    });
    try {
      expect((await owner.upload(IMAGES, pngOfSize(2049), { type: 'image/png', name: 'big.png' })).status).toBe(413);
      expect((await owner.upload(IMAGES, pngOfSize(2048), { type: 'image/png', name: 'fits.png' })).status).toBe(201);
    } finally {
      await owner.patch('/api/v1/operator/project', { settings: { attachments: project.attachments } });
    }
    // An operator writes articles (and so uploads their images) only when the project allows it.
    const op = (await createOperator(owner, { email: `img-${clientId()}@example.test` })).client;
    expect((await op.upload(IMAGES, png(2, 2), { type: 'image/png', name: 'op.png' })).status).toBe(403);
    // Unknown and non-article ids are not found on the public path.
    expect((await get('/api/v1/help/demo/files/nope')).status).toBe(404);
  });

  it('keeps article images past the unsent-upload purge, and counts them in storage but not as pending', async () => {
    const img = (await owner.upload(IMAGES, png(3, 3), { type: 'image/png', name: 'keep.png' })).body;
    const v = await openVisitorSocket(srv.url);
    const token = (await v.welcome).token as string;
    const dropped = (await uploadAsVisitor(srv.url, token, png(5, 5), { type: 'image/png', name: 'never-sent.png' })).body.upload.id;
    await v.close();
    const files = () => readdirSync(join(srv.dataDir, 'files'));
    expect(files()).toContain(dropped);
    await srv.restart({ PARLEY_CLOCK_OFFSET_MS: String(31 * 60_000) });
    expect(files()).not.toContain(dropped);
    expect(files()).toContain(img.image.id);
    expect((await get(img.path)).status).toBe(200);
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const storage = (await owner.get('/api/v1/operator/project/storage')).body.storage;
    expect(storage.pendingBytes).toBe(0);
  });
});
