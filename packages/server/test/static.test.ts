import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';

let srv: RunningServer;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'parley-static-'));
  const dist = join(root, 'dist');
  const examples = join(root, 'examples');
  mkdirSync(join(dist, 'widget'), { recursive: true });
  mkdirSync(join(dist, 'console'), { recursive: true });
  mkdirSync(examples, { recursive: true });
  writeFileSync(join(dist, 'widget.js'), 'console.log("widget")');
  writeFileSync(join(dist, 'widget.js.map'), '{"version":3}');
  writeFileSync(join(dist, 'multiwidget.js'), 'console.log("multi")');
  // Precompressed siblings, as the build writes them; one stale .gz must be ignored.
  writeFileSync(join(dist, 'widget', 'big-1a2b3c4d.js'), 'export const big = "' + 'parley '.repeat(500) + '";');
  writeFileSync(join(dist, 'widget', 'big-1a2b3c4d.js.br'), brotliCompressSync('export const big = "' + 'parley '.repeat(500) + '";'));
  writeFileSync(join(dist, 'widget', 'big-1a2b3c4d.js.gz'), gzipSync('stale'));
  utimesSync(join(dist, 'widget', 'big-1a2b3c4d.js.gz'), new Date(0), new Date(0));
  writeFileSync(join(dist, 'widget', 'chunk-abc123.js'), 'export const x = 1');
  // The embed's layout: plain names in a folder named by the build's hash, maps beside them.
  mkdirSync(join(dist, 'widget', '3f9a1c2e07'));
  writeFileSync(join(dist, 'widget', '3f9a1c2e07', 'chat.js'), 'export const chat = 1');
  writeFileSync(join(dist, 'widget', '3f9a1c2e07', 'chat.js.map'), '{"version":3}');
  mkdirSync(join(dist, 'widget', '.build'));
  writeFileSync(join(dist, 'widget', '.build', 'chat.js'), 'export const staged = 1');
  writeFileSync(join(dist, 'console', 'index.html'), '<!doctype html><title>Console</title>');
  writeFileSync(join(dist, 'console', 'app-9f8e7d6c.js'), 'console.log("console")');
  writeFileSync(join(examples, 'index.html'), '<!doctype html><title>Examples</title>');
  writeFileSync(join(examples, '.secret'), 'no');
  srv = await startServer({ env: { PARLEY_DIST_DIR: dist, PARLEY_EXAMPLES_DIR: examples } });
});
afterAll(async () => {
  await srv?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves the entry bundles to any site with an hour of caching and an ETag', async () => {
    for (const name of ['widget.js', 'multiwidget.js']) {
      const r = await fetch(`${srv.url}/${name}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(r.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
      const etag = r.headers.get('etag') ?? '';
      expect(etag).not.toBe('');
      expect((await fetch(`${srv.url}/${name}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
    expect((await fetch(`${srv.url}/widget.js.map`)).status).toBe(200);
  });

  it('sends the precompressed brotli file when the client accepts it, never a stale one', async () => {
    const original = 'export const big = "' + 'parley '.repeat(500) + '";';
    const br = await fetch(`${srv.url}/widget/big-1a2b3c4d.js`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(Number(br.headers.get('content-length'))).toBeLessThan(original.length / 10);
    expect(await br.text()).toBe(original);
    // The .gz beside it is older than the file: plain bytes instead.
    const gz = await fetch(`${srv.url}/widget/big-1a2b3c4d.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBeNull();
    expect(await gz.text()).toBe(original);
    const plain = await fetch(`${srv.url}/widget/big-1a2b3c4d.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('etag')).not.toBe(br.headers.get('etag'));
  });

  it('sends the widget config compressed as the client accepts, and revalidates it with its version tag', async () => {
    const url = `${srv.url}/api/v1/widget/projects/demo/config`;
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const text = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const etag = plain.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const r = await fetch(url, { headers: { 'accept-encoding': accept } });
      expect(r.headers.get('content-encoding')).toBe(coding);
      expect(r.headers.get('vary')).toBe('Accept-Encoding');
      expect(r.headers.get('etag')).toBe(`W/${etag}`);
      expect(Number(r.headers.get('content-length'))).toBeLessThan(Buffer.byteLength(text) / 2);
      expect(await r.text()).toBe(text);
      // Either form of the tag revalidates, whatever the coding.
      for (const tag of [etag, `W/${etag}`]) {
        expect((await fetch(url, { headers: { 'accept-encoding': accept, 'if-none-match': tag } })).status).toBe(304);
      }
    }
  });

  it('hashed chunks are immutable', async () => {
    const r = await fetch(`${srv.url}/widget/chunk-abc123.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it("files in a build's hashed folder are immutable; the staging folder is never served", async () => {
    const r = await fetch(`${srv.url}/widget/3f9a1c2e07/chat.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${srv.url}/widget/.build/chat.js`)).status).toBe(404);
  });

  it("names a script's source map in a SourceMap header when the build wrote one beside it", async () => {
    expect((await fetch(`${srv.url}/widget/3f9a1c2e07/chat.js`)).headers.get('sourcemap')).toBe('chat.js.map');
    expect((await fetch(`${srv.url}/widget.js`)).headers.get('sourcemap')).toBe('widget.js.map');
    // HEAD too (what tools probe with), and none where no map exists.
    expect((await fetch(`${srv.url}/widget.js`, { method: 'HEAD' })).headers.get('sourcemap')).toBe('widget.js.map');
    expect((await fetch(`${srv.url}/multiwidget.js`)).headers.get('sourcemap')).toBeNull();
    expect((await fetch(`${srv.url}/widget/3f9a1c2e07/chat.js.map`)).headers.get('sourcemap')).toBeNull();
  });

  it('serves the console at /console (client-side routes too) and the examples at /', async () => {
    for (const p of ['/console', '/console/', '/console/dialogs/abc']) {
      const r = await fetch(srv.url + p);
      expect(r.status, p).toBe(200);
      expect(await r.text()).toContain('<title>Console</title>');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await fetch(`${srv.url}/console/app-9f8e7d6c.js`)).headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${srv.url}/console/missing.js`)).status).toBe(404);
    const home = await fetch(`${srv.url}/`);
    expect(await home.text()).toContain('<title>Examples</title>');
    expect(home.headers.get('cache-control')).toBe('no-cache');
  });

  it('refuses dotfiles, traversal and missing files', async () => {
    for (const p of ['/.secret', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/nope.js']) {
      expect((await fetch(srv.url + p)).status, p).toBe(404);
    }
  });
});
