import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '@parley/protocol';
import { acceptedEncodings } from './encoding';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const ENTRY_SCRIPTS = new Set(['widget.js', 'multiwidget.js']);
/** `chunk-abc123.js`, `widget.3f9a1c2e.js`: a content hash (6+ chars with a digit) before the extension. */
const HASHED = /[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{6,}\.[a-z0-9]+(?:\.map)?$/;
/** `widget/3f9a1c2e07/chat.js`: a file in a folder named by the hash of a whole build (10 hex digits). */
const HASHED_FOLDER = /\/[0-9a-f]{10}\/[^/]+$/;

/** Whether a bundle's URL path names content that never changes: a hashed file name or build folder. */
export function isHashedPath(urlPath: string): boolean {
  return HASHED.test(urlPath.slice(urlPath.lastIndexOf('/') + 1)) || HASHED_FOLDER.test(urlPath);
}

/** Scripts and styles whose source map the build wrote beside them without naming it in the file. */
const MAPPED = /\.(?:m?js|css)$/;

/** A path inside root, or null for anything that escapes it or names a dotfile. */
function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((seg) => seg.startsWith('.'))) return null;
  const full = resolve(root, `.${decoded}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function fileAt(path: string | null): Promise<{ path: string; size: number; mtime: number } | null> {
  if (!path) return null;
  const st = await stat(path).catch(() => null);
  if (st?.isFile()) return { path, size: st.size, mtime: st.mtimeMs };
  if (st?.isDirectory()) return fileAt(join(path, 'index.html'));
  return null;
}

/**
 * The build writes `.br` and `.gz` beside each bundle (build/rollup-common.ts precompress): send the
 * smallest one the client accepts, when it is at least as new as the file itself.
 */
async function precompressed(req: FastifyRequest, f: { path: string; mtime: number }): Promise<{ path: string; size: number; encoding: 'br' | 'gzip' } | null> {
  for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
    const ext = encoding === 'br' ? '.br' : '.gz';
    const st = await stat(f.path + ext).catch(() => null);
    if (st?.isFile() && st.mtimeMs >= f.mtime) return { path: f.path + ext, size: st.size, encoding };
  }
  return null;
}

async function serve(
  req: FastifyRequest,
  reply: FastifyReply,
  f: { path: string; size: number; mtime: number },
  kind: 'bundle' | 'page' | 'console',
  urlPath: string,
): Promise<FastifyReply> {
  const name = f.path.split(sep).pop() ?? '';
  const packed = await precompressed(req, f);
  const etag = `"${f.size.toString(36)}-${Math.floor(f.mtime).toString(36)}${packed ? `-${packed.encoding}` : ''}"`;
  reply.header('Content-Type', TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream');
  reply.header('Vary', 'Accept-Encoding');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('ETag', etag);
  if (kind === 'bundle') {
    // Any site embeds the bundles.
    reply.header('Access-Control-Allow-Origin', '*').header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (ENTRY_SCRIPTS.has(name) || !isHashedPath(urlPath)) {
      // Light enough to revalidate, short enough that an update reaches visitors within the hour.
      reply.header('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
    } else {
      reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    }
    // The widget's bundles carry no `sourceMappingURL` comment (bytes every visitor would load):
    // developer tools find the map through this header instead, relative to the script's URL.
    if (MAPPED.test(name) && (await stat(`${f.path}.map`).catch(() => null))?.isFile()) reply.header('SourceMap', `${name}.map`);
  } else {
    reply.header('Cache-Control', 'no-cache');
    if (kind === 'console') reply.header('X-Frame-Options', 'DENY').header('Referrer-Policy', 'same-origin');
  }
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  if (packed) reply.header('Content-Encoding', packed.encoding);
  reply.header('Content-Length', String(packed ? packed.size : f.size));
  // HEAD as well: Fastify sends no body for it but keeps the length (an empty send() would make it 0).
  return reply.send(createReadStream(packed ? packed.path : f.path));
}

/**
 * Serves the examples at /, the console at /console (its index.html for unknown paths, so it can
 * route client-side) and every built bundle in dist/ under its own name. Missing files are 404s.
 */
export function registerStatic(app: FastifyInstance, dirs: { examples?: string; dist?: string }): void {
  const dist = dirs.dist ? resolve(dirs.dist) : null;
  const examples = dirs.examples ? resolve(dirs.examples) : null;
  const consoleRoot = dist ? join(dist, 'console') : null;

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = (req.url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
    if (path.startsWith(API_PREFIX + '/') || path === API_PREFIX) return reply.callNotFound();
    if (path === '/console' || path.startsWith('/console/')) {
      if (!consoleRoot) return reply.callNotFound();
      const rel = path.slice('/console'.length) || '/';
      const f = (await fileAt(safeJoin(consoleRoot, rel))) ?? (extname(rel) ? null : await fileAt(join(consoleRoot, 'index.html')));
      return f ? serve(req, reply, f, f.path.endsWith('.html') ? 'console' : 'bundle', path) : reply.callNotFound();
    }
    if (dist && path !== '/') {
      const f = await fileAt(safeJoin(dist, path));
      if (f && !f.path.endsWith('.html')) return serve(req, reply, f, 'bundle', path);
    }
    if (examples) {
      const f = await fileAt(safeJoin(examples, path));
      if (f) return serve(req, reply, f, 'page', path);
    }
    return reply.callNotFound();
  };
  // GET routes answer HEAD too (Fastify exposes head routes).
  app.get('/', handler);
  app.get('/*', handler);
}
