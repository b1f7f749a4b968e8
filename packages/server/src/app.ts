import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import { API_PREFIX, DocRoutes, MAX_FRAME_BYTES, OperatorRoutes, WidgetRoutes, matchLocale } from '@parley/protocol';
import type { Ctx } from './context';
import { createInProcessBus, type Bus } from './bus';
import { BucketMap } from './rate-limit';
import { resolveOptions, type ServerOptions } from './options';
import { openSqliteStorage } from './storage/sqlite/open';
import type { Storage } from './storage/types';
import { FanoutQueue } from './services/fanout-queue';
import { ProjectCache } from './services/projects';
import { Presence } from './realtime/presence';
import { OperatorConnection } from './realtime/operator-connection';
import { VisitorSockets } from './realtime/visitor-sockets';
import { randomId } from './util/crypto';
import { DomainError } from './util/errors';
import { cleanTemp, runRetention, type RetentionReport } from './services/retention';
import { installErrorHandlers, sendApiError } from './http/errors';
import { actorOf, checkCsrf, operatorOf, sessionOperator } from './http/auth';
import { registerWidgetRoutes } from './http/widget-routes';
import { registerFileRoutes } from './http/file-routes';
import { registerOperatorAccountRoutes } from './http/operator-account-routes';
import { registerOperatorDialogRoutes } from './http/operator-dialog-routes';
import { registerOperatorProjectRoutes } from './http/operator-project-routes';
import { registerDemoRoutes } from './http/demo-routes';
import { registerStatic } from './http/static';
import { openApiDocument } from './http/openapi';

export interface ParleyServer {
  app: FastifyInstance;
  ctx: Ctx;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
  runRetention(): Promise<RetentionReport>;
}

const HEARTBEAT_MS = 30_000;
const RETENTION_EVERY_MS = 3_600_000;
const SWEEP_EVERY_MS = 60_000;

async function urlKey(storage: Storage): Promise<string> {
  const row = await storage.db.selectFrom('server_meta').select('value').where('key', '=', 'url_key').executeTakeFirst();
  if (row) return row.value;
  const value = randomId(32);
  await storage.db.insertInto('server_meta').values({ key: 'url_key', value }).execute();
  return value;
}

export interface ServerDeps {
  bus?: Bus;
  /** Post-commit fan-out (tests pause it to show that acks never wait for it). */
  fanout?: FanoutQueue;
}

export async function createServer(options: ServerOptions, deps: ServerDeps = {}): Promise<ParleyServer> {
  const opts = resolveOptions(options);
  const paths = {
    data: opts.dataDir,
    files: join(opts.dataDir, 'files'),
    avatars: join(opts.dataDir, 'avatars'),
    tmp: join(opts.dataDir, 'tmp'),
  };
  for (const p of Object.values(paths)) await mkdir(p, { recursive: true });
  await cleanTemp(paths.tmp);
  let log: ((err: unknown, what: string) => void) | null = null;
  const storage = await openSqliteStorage(join(opts.dataDir, 'parley.db'), {
    readWorkers: opts.readWorkers,
    onError: (err) => log?.(err, 'read worker'),
  });

  const app = Fastify({
    logger: { level: opts.logLevel },
    trustProxy: opts.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  await app.register(fastifyCookie);
  // A little above the protocol limit: oversized frames get an error frame instead of a silent close.
  const maxPayload = 16 * MAX_FRAME_BYTES;
  // Upgrades reach Fastify's router through this emitter, except the visitors' (see below).
  const routedUpgrades = new EventEmitter();
  await app.register(fastifyWebsocket, { options: { maxPayload, server: routedUpgrades as unknown as Server } });

  log = (err, what) => app.log.error({ err }, what);
  const bus = deps.bus ?? createInProcessBus((err) => app.log.error({ err }, 'bus handler failed'));
  const projects = new ProjectCache(storage.db, bus);
  const now = opts.clock;
  const rl = opts.rateLimits;
  const ctx: Ctx = {
    store: storage, db: storage.db, bus, fanout: deps.fanout ?? new FanoutQueue((err) => app.log.error({ err }, 'fan-out failed')), log: app.log, opts, now, paths, urlKey: await urlKey(storage), projects,
    presence: new Presence({ db: storage.db, bus, projects, now, graceMs: opts.presenceGraceMs, onError: (err) => app.log.error({ err }, 'presence') }),
    limits: {
      httpPerIp: new BucketMap(rl.httpPerIp),
      connectPerIp: new BucketMap(rl.connectPerIp),
      loginPerIp: new BucketMap(rl.loginPerIp),
      messagesPerVisitor: new BucketMap(rl.messagesPerVisitor),
      uploadsPerVisitor: new BucketMap(rl.uploadsPerVisitor),
      framesPerConnection: new BucketMap(rl.framesPerConnection),
    },
  };

  installErrorHandlers(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    // An empty JSON body is allowed (POST /take with only the content type, for CSRF).
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new DomainError('bad_request', { detail: 'invalid JSON' }), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const isSocket = path === WidgetRoutes.socket || path === OperatorRoutes.socket;
    const bucket = isSocket ? ctx.limits.connectPerIp : path.startsWith(API_PREFIX) || path.startsWith('/demo/') ? ctx.limits.httpPerIp : null;
    if (bucket && !bucket.take(req.ip)) {
      reply.header('Retry-After', String(Math.max(1, Math.ceil(bucket.retryAfterMs(req.ip) / 1000))));
      if (path.startsWith('/api/v1/widget') || path.startsWith('/api/v1/files')) reply.header('Access-Control-Allow-Origin', '*');
      throw new DomainError('rate_limited');
    }
    if (path.startsWith(`${API_PREFIX}/operator/`) && !isSocket) checkCsrf(req);
  });

  // Visitor sockets are upgraded outside the router (realtime/visitor-sockets.ts: memory per socket).
  const visitorSockets = new VisitorSockets(ctx, { maxPayload, trustProxy: opts.trustProxy });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] === WidgetRoutes.socket) visitorSockets.upgrade(req, socket, head);
    else routedUpgrades.emit('upgrade', req, socket, head);
  });
  const operatorSockets = new Set<OperatorConnection>();
  registerWidgetRoutes(app, ctx);
  registerFileRoutes(app, ctx);
  registerOperatorAccountRoutes(app, ctx);
  registerOperatorDialogRoutes(app, ctx);
  registerOperatorProjectRoutes(app, ctx);
  if (opts.demo) registerDemoRoutes(app, ctx);

  const openapi = openApiDocument();
  app.get(DocRoutes.openapi, async (_req, reply) => reply.header('Access-Control-Allow-Origin', '*').send(openapi));

  app.get(OperatorRoutes.socket, {
    websocket: true,
    preValidation: async (req, reply) => {
      const origin = req.headers.origin;
      if (origin) {
        let host = '';
        try {
          host = new URL(origin).host;
        } catch {
          host = '';
        }
        if (host !== req.headers.host) return sendApiError(req, reply, 403, 'forbidden');
      }
      const s = await sessionOperator(ctx, req);
      if (!s) return sendApiError(req, reply, 401, 'unauthorized');
      (req as unknown as { parley: typeof s }).parley = s;
    },
  }, (socket, req) => {
    const s = (req as unknown as { parley: NonNullable<Awaited<ReturnType<typeof sessionOperator>>> }).parley;
    const conn = new OperatorConnection(ctx, socket, actorOf(s.op), s.sessionHash, matchLocale(req.headers['accept-language'], 'en'), operatorOf(s.op));
    operatorSockets.add(conn);
    socket.on('close', () => operatorSockets.delete(conn));
  });

  if (opts.staticDirs.examples || opts.staticDirs.dist) registerStatic(app, opts.staticDirs);

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    t.unref();
    timers.push(t);
  };
  every(HEARTBEAT_MS, () => {
    for (const c of visitorSockets.connections) c.heartbeat();
    for (const c of operatorSockets) c.heartbeat();
  });
  every(SWEEP_EVERY_MS, () => {
    for (const b of Object.values(ctx.limits)) b.sweep();
  });
  const retention = async () => {
    try {
      const r = await runRetention(ctx);
      if (r.messages + r.dialogs + r.files + r.visitors > 0) app.log.info({ retention: r }, 'retention purge');
      return r;
    } catch (err) {
      app.log.error({ err }, 'retention failed');
      throw err;
    }
  };
  if (opts.retentionJob) {
    await retention();
    every(RETENTION_EVERY_MS, () => void retention().catch(() => {}));
  }
  for (const id of await projects.ids()) void ctx.presence.refresh(id);

  let closed = false;
  return {
    app,
    ctx,
    async listen() {
      await app.listen({ port: opts.port, host: opts.host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      const host = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      return `http://${host}:${port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      ctx.presence.close();
      projects.close();
      visitorSockets.close();
      await app.close();
      await bus.close();
      await storage.close();
    },
    runRetention: retention,
  };
}
