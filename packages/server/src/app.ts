import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import { MAX_FRAME_BYTES, WidgetRoutes, matchLocale } from '@parley/protocol';
import type { Ctx } from './context';
import { createInProcessBus, type Bus } from './bus';
import { localLimiter, redisLimiter, type Limiter } from './limiter';
import { BucketMap } from './rate-limit';
import { releaseAll } from './storage/cluster/claims';
import { getMeta, setMetaOnce } from './storage/meta';
import { checkFilesDir } from './services/shared-files';
import { ConfigError } from './config';
import { resolveOptions, type ServerOptions } from './options';
import { openSqliteStorage } from './storage/sqlite/open';
import type { Storage } from './storage/types';
import { FanoutQueue } from './services/fanout-queue';
import { ProjectCache } from './services/projects';
import { Presence } from './realtime/presence';
import { openGeoIp } from './services/geoip';
import { OperatorConnection } from './realtime/operator-connection';
import { callRelay } from './services/calls';
import { VisitorSockets } from './realtime/visitor-sockets';
import { HelloGate } from './realtime/hello-gate';
import { randomId } from './util/crypto';
import { DomainError } from './util/errors';
import { cleanTemp, purgeUnattachedUploads, runRetention, type RetentionReport } from './services/retention';
import { installErrorHandlers } from './http/errors';
import { PROXY_WARNING, installHooks, isLoopback } from './http/hooks';
import { trustFunction } from './http/trust-proxy';
import { operatorOf } from './services/accounts';
import { otherProjects } from './services/workspace';
import { widgetHandlers } from './http/widget-routes';
import { fileHandlers } from './http/file-routes';
import { accountHandlers } from './http/operator-account-routes';
import { dialogHandlers } from './http/operator-dialog-routes';
import { projectHandlers } from './http/operator-project-routes';
import { visitorHandlers } from './http/operator-visitor-routes';
import { demoHandlers } from './http/demo-routes';
import { workspaceHandlers } from './http/workspace-routes';
import { teamHandlers } from './http/operator-team-routes';
import { setupHandlers } from './http/setup-routes';
import { opsHandlers } from './http/ops-routes';
import { createMetrics } from './services/metrics';
import { createMailer } from './services/mail';
import { EmailService } from './services/email';
import { emailHandlers } from './http/email-routes';
import { registerRoutes, type Handlers } from './http/router';
import { registerStatic } from './http/static';
import { openApiDocument } from './http/openapi';
import { Channels } from './channels/runtime';
import type { ChannelHub } from './channels/types';
import { channelHandlers } from './http/channel-routes';
import { Integrations } from './services/webhooks';
import type { IntegrationHub } from './services/webhooks/hub';
import { integrationHandlers } from './http/integration-routes';
import { helpHandlers } from './http/help-routes';

export interface ParleyServer {
  app: FastifyInstance;
  ctx: Ctx;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops at once (sockets closed with 1012, in-flight requests finished). */
  close(): Promise<void>;
  /**
   * SIGTERM: /readyz answers 503 (for drainMs, while still serving), then close() within
   * shutdownTimeoutMs. Resolves false when that ran out.
   */
  shutdown(): Promise<boolean>;
  runRetention(): Promise<RetentionReport>;
}

const HEARTBEAT_MS = 30_000;
/** An upload's temporary file older than this was left by a node that died (uploads take seconds). */
const TEMP_ABANDONED_MS = 3_600_000;
const RETENTION_EVERY_MS = 3_600_000;
const SWEEP_EVERY_MS = 60_000;

/** The key signing file URLs: one for all nodes (two starting at once on a new database agree on the first written). */
async function urlKey(storage: Storage): Promise<string> {
  await setMetaOnce(storage.db, 'url_key', randomId(32));
  return (await getMeta(storage.db, 'url_key')) as string;
}

export interface ServerDeps {
  bus?: Bus;
  /** Post-commit fan-out (tests pause it to show that acks never wait for it). */
  fanout?: FanoutQueue;
}

export async function createServer(options: ServerOptions, deps: ServerDeps = {}): Promise<ParleyServer> {
  const opts = resolveOptions(options);
  // Uploads are written to tmp/ and renamed into files/: tmp/ sits next to files/ (one file system).
  const filesRoot = opts.filesDir ?? opts.dataDir;
  const paths = {
    data: opts.dataDir,
    files: join(filesRoot, 'files'),
    avatars: join(filesRoot, 'avatars'),
    tmp: join(filesRoot, 'tmp'),
  };
  for (const p of Object.values(paths)) await mkdir(p, { recursive: true });
  // A shared directory: other nodes may be writing there right now; only what is surely abandoned goes.
  await cleanTemp(paths.tmp, opts.databaseUrl ? TEMP_ABANDONED_MS : 0);
  let log: ((err: unknown, what: string) => void) | null = null;
  let visitorSockets: VisitorSockets | null = null;
  const operatorSockets = new Set<OperatorConnection>();
  const metrics = createMetrics({ visitors: () => visitorSockets?.connections.size ?? 0, operators: () => operatorSockets.size });
  // The cluster's drivers (pg, ioredis) load only when DATABASE_URL / REDIS_URL name them: a single
  // node on SQLite starts without them.
  const storage = opts.databaseUrl
    ? await (
        await import('./storage/postgres/open')
      ).openPostgresStorage(opts.databaseUrl, {
        onError: (err) => log?.(err, 'database connection'),
        onQuery: (ms) => metrics.dbQuery(ms / 1000),
        onGroup: (g) => metrics.writeGroup(g),
      })
    : await openSqliteStorage(join(opts.dataDir, 'parley.db'), {
        readWorkers: opts.readWorkers,
        readCpuPercent: opts.readCpuPercent,
        onError: (err) => log?.(err, 'read worker'),
        onQuery: (ms) => metrics.dbQuery(ms / 1000),
      });
  // Nodes sharing one database must share the files directory (services/shared-files.ts).
  const filesProblem = opts.databaseUrl ? await checkFilesDir(storage.db, filesRoot) : null;
  if (filesProblem && opts.redisUrl) {
    await storage.close();
    throw new ConfigError(`cannot start: ${filesProblem}`);
  }

  const app = Fastify({
    logger: { level: opts.logLevel },
    // One line per request is noise; what matters (purges, erasures, warnings, errors) is logged itself.
    logController: new LogController({ disableRequestLogging: true }),
    // The same rule the visitor sockets use (http/trust-proxy.ts).
    trustProxy: opts.trustProxy === false ? false : trustFunction(opts.trustProxy),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  await app.register(fastifyCookie);
  // A little above the protocol limit: oversized frames get an error frame instead of a silent close.
  const maxPayload = 16 * MAX_FRAME_BYTES;
  // Upgrades reach Fastify's router through this emitter, except the visitors' (see below).
  const routedUpgrades = new EventEmitter();
  await app.register(fastifyWebsocket, {
    options: { maxPayload, server: routedUpgrades as unknown as Server },
    errorHandler: (err, socket, req) => {
      // Protocol violations (a 10 MB frame, bad opcodes) are the client's doing: one warn line
      // without a stack, so nobody can fill the log with error-level traces.
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('WS_ERR_')) req.log.warn({ code, ip: req.ip }, `socket closed: ${err.message}`);
      else req.log.error({ err }, 'socket error');
      socket.terminate();
    },
  });

  log = (err, what) => app.log.error({ err }, what);
  // ioredis reports every failed reconnect: one line each is enough to see Redis is down.
  const redisWarn = (what: string) => (err: unknown) => app.log.warn({ err: err instanceof Error ? err.message : err }, what);
  const redis = opts.redisUrl ? await import('./bus-redis') : null;
  const bus =
    deps.bus ??
    (redis && opts.redisUrl
      ? await redis.createRedisBus(opts.redisUrl, { onError: redisWarn('bus (redis)') })
      : createInProcessBus((err) => app.log.error({ err }, 'bus handler failed')));
  const projects = new ProjectCache(storage.db, bus);
  const presenceShare = opts.redisUrl
    ? await (await import('./realtime/presence-share')).createRedisPresenceShare(opts.redisUrl, redisWarn('presence (redis)'))
    : null;
  const now = opts.clock;
  const rl = opts.rateLimits;
  // REDIS_URL: rate-limit buckets in Redis, one budget across the nodes (src/limiter.ts).
  const limitsRedis = redis && opts.redisUrl ? redis.redisClient(opts.redisUrl, `parley-limits-${opts.nodeId}`, { commandTimeout: 250 }) : null;
  if (limitsRedis) {
    limitsRedis.on('error', redisWarn('rate limits (redis)'));
    await limitsRedis.connect().catch(redisWarn('rate limits (redis)'));
  }
  const limiter = (name: Exclude<keyof typeof rl, 'framesPerConnection'>): Limiter =>
    limitsRedis ? redisLimiter(limitsRedis, name, rl[name], now, redisWarn('rate limits (redis)')) : localLimiter(rl[name], now);
  const ctx: Ctx = {
    store: storage,
    db: storage.db,
    bus,
    log: app.log,
    opts,
    now,
    paths,
    urlKey: await urlKey(storage),
    projects,
    metrics,
    fanout: deps.fanout ?? new FanoutQueue((err) => app.log.error({ err }, 'fan-out failed')),
    geoip: openGeoIp({ enabled: opts.geoip, onError: (err) => app.log.warn({ err }, 'GeoIP database unavailable') }),
    mailer: createMailer(opts.smtpUrl, opts.mailFrom, opts.publicUrl ? new URL(opts.publicUrl).hostname : 'localhost'),
    lifecycle: { draining: false },
    presence: new Presence({
      db: storage.db,
      bus,
      projects,
      now,
      graceMs: opts.presenceGraceMs,
      onError: (err) => app.log.error({ err }, 'presence'),
      onState: (projectId, state) => ctx.integrations?.presenceChanged(projectId, state),
      share: presenceShare,
    }),
    limits: {
      httpPerIp: limiter('httpPerIp'),
      connectPerIp: limiter('connectPerIp'),
      loginPerIp: limiter('loginPerIp'),
      messagesPerVisitor: limiter('messagesPerVisitor'),
      uploadsPerVisitor: limiter('uploadsPerVisitor'),
      // Per socket: this node's own by nature.
      framesPerConnection: new BucketMap(rl.framesPerConnection),
      uploadBytesPerIp: limiter('uploadBytesPerIp'),
      uploadBytesPerProject: limiter('uploadBytesPerProject'),
    },
    helloGate: new HelloGate(opts.hello.perIp),
    // Set just below: the service needs the finished context.
    email: null as unknown as EmailService,
    channels: null as unknown as ChannelHub,
    integrations: null as unknown as IntegrationHub,
  };
  const email = new EmailService(ctx, (visitorId) => visitorSockets?.online(visitorId) ?? false);
  ctx.email = email;
  ctx.channels = new Channels(ctx);
  ctx.integrations = new Integrations(ctx, opts.webhooks);

  if (!opts.trustProxy && !isLoopback(opts.host)) app.log.warn(PROXY_WARNING);
  if (filesProblem) app.log.warn(`files uploaded before are not here: ${filesProblem}`);
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

  installHooks(app, ctx);

  // Visitor sockets are upgraded before the router (realtime/visitor-sockets.ts: memory per socket).
  const visitors = new VisitorSockets(ctx, { maxPayload, trustProxy: opts.trustProxy });
  visitorSockets = visitors;
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] === WidgetRoutes.socket) visitors.upgrade(req, socket, head);
    else routedUpgrades.emit('upgrade', req, socket, head);
  });

  // Built on the first request for it, not at every start (its JSON Schemas take a while).
  let openapi: ReturnType<typeof openApiDocument> | null = null;
  const all: Handlers = {
    ...widgetHandlers(visitors),
    ...fileHandlers,
    ...accountHandlers,
    ...dialogHandlers,
    ...projectHandlers,
    ...visitorHandlers,
    ...demoHandlers,
    ...workspaceHandlers,
    ...teamHandlers,
    ...setupHandlers,
    ...opsHandlers,
    ...emailHandlers,
    ...channelHandlers,
    ...integrationHandlers,
    ...helpHandlers,
    async openapi() {
      return (openapi ??= openApiDocument());
    },
    operatorSocket(socket, { ctx: c, req, op, actor, sessionHash }) {
      const conn = new OperatorConnection(c, socket, actor, sessionHash, matchLocale(req.headers['accept-language'], 'en'), operatorOf(op, actor.role, true));
      operatorSockets.add(conn);
      socket.on('close', () => operatorSockets.delete(conn));
      void otherProjects(c, actor).then(
        (list) => conn.addOthers(list),
        (err: unknown) => c.log.error({ err }, 'projects of operator'),
      );
    },
  };
  registerRoutes(app, ctx, all);

  if (opts.staticDirs.examples || opts.staticDirs.dist) registerStatic(app, opts.staticDirs);

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    t.unref();
    timers.push(t);
  };
  every(HEARTBEAT_MS, () => {
    for (const c of visitors.connections) c.heartbeat();
    for (const c of operatorSockets) c.heartbeat();
  });
  const purgeUploads = async () => {
    try {
      const r = await purgeUnattachedUploads(ctx);
      if (r.files > 0) app.log.info({ purge: 'unattached-uploads', ...r }, `purged ${r.files} uploads never sent (${r.bytes} bytes)`);
    } catch (err) {
      app.log.error({ err }, 'upload purge failed');
    }
  };
  every(SWEEP_EVERY_MS, () => {
    for (const b of Object.values(ctx.limits)) b.sweep();
    void purgeUploads();
  });
  const retention = async () => {
    try {
      const r = await runRetention(ctx);
      if (r.messages + r.dialogs + r.files + r.visitors + r.events + r.notes > 0) {
        app.log.info({ purge: 'retention', ...r }, 'retention purge');
      }
      return r;
    } catch (err) {
      app.log.error({ err }, 'retention failed');
      throw err;
    }
  };
  if (opts.retentionJob) {
    await purgeUploads();
    await retention();
    every(RETENTION_EVERY_MS, () => void retention().catch(() => {}));
  }
  await ctx.presence.start();
  // Every node keeps every call's state from the bus (issue 19), so it subscribes before sockets come.
  callRelay(ctx);
  for (const id of await projects.ids()) void ctx.presence.refresh(id);
  // Before any outbox runs (mail included): a claim released after this node took it would let the row go out twice.
  if (!opts.databaseUrl) await releaseAll(ctx.db);
  await email.start();
  await ctx.channels.start();
  await ctx.integrations.start();

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    ctx.lifecycle.draining = true;
    for (const t of timers) clearInterval(t);
    // Sockets first, with 1012 ("restarting"): frames already received are finished and acked.
    await visitors.drain();
    await Promise.all([...operatorSockets].map((c) => c.drain()));
    await ctx.channels.stop();
    await ctx.integrations.stop();
    ctx.presence.close();
    projects.close();
    // Stops listening and waits for the HTTP requests in flight; new ones get 503.
    await app.close();
    await email.close();
    ctx.mailer?.close();
    await presenceShare?.close();
    await limitsRedis?.quit().catch(() => limitsRedis.disconnect());
    await bus.close();
    await storage.close();
  };
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
    close,
    async shutdown() {
      ctx.lifecycle.draining = true;
      if (opts.drainMs > 0) await new Promise((r) => setTimeout(r, opts.drainMs));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), opts.shutdownTimeoutMs);
      });
      const done = await Promise.race([close().then(() => 'done' as const), timeout]);
      clearTimeout(timer);
      return done === 'done';
    },
    runRetention: retention,
  };
}
