import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { BucketRule } from './rate-limit';
import { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from './services/webhooks/options';

const MB = 1024 * 1024;

export interface RateLimitOptions {
  /** Every HTTP request under /api, per client IP. */
  httpPerIp: BucketRule;
  /** WebSocket connects (visitor and operator), per client IP. */
  connectPerIp: BucketRule;
  /** Operator login attempts, per client IP. */
  loginPerIp: BucketRule;
  /** message.send frames (and operator sends), per visitor. */
  messagesPerVisitor: BucketRule;
  /** File uploads, per visitor (or operator). */
  uploadsPerVisitor: BucketRule;
  /** Any frame, per connection: typing and page views included. */
  framesPerConnection: BucketRule;
  /** Uploaded bytes per client IP (visitors and operators): capacity and refill in bytes. */
  uploadBytesPerIp: BucketRule;
  /** Uploaded bytes per project, whoever uploads. */
  uploadBytesPerProject: BucketRule;
}

/** What a project may keep and how long uploads nobody sent may wait. */
export interface StorageLimits {
  /** Bytes of files a project may store (attachments and pending uploads). */
  projectQuotaBytes: number;
  /** Uploads not attached to a message within this time are deleted. */
  unattachedUploadTtlMs: number;
}

/** Sockets that have not said hello yet. */
export interface HelloLimits {
  /** A visitor socket must send session.hello within this time or it is closed. */
  deadlineMs: number;
  /** Visitor sockets per client IP still waiting for their hello; more are refused (429). */
  perIp: number;
}

/** Mail beyond the SMTP URL: reply addresses, inbound, timings. */
export interface MailOptions {
  /** Domain of reply+<token>@ addresses (null: the public URL's host, else localhost). */
  replyDomain: string | null;
  /** Built-in inbound SMTP server port (0: off). */
  inboundSmtpPort: number;
  inboundSmtpHost: string;
  /** Bearer token of POST /api/v1/email/inbound (null: the webhook is off). */
  inboundToken: string | null;
  /** An operator reply to an away visitor is mailed this long after it (batched per dialog). */
  replyDelayMs: number;
  /** "Unread chats" alerts: at most one per dialog per this long. */
  alertIntervalMs: number;
  /** First retry of mail the SMTP server did not take; doubles each time. */
  retryMs: number;
  /** How often due mail is looked for. */
  tickMs: number;
  /** Reply tokens stay valid this long after the last mail of their dialog. */
  tokenTtlMs: number;
}

export const DEFAULT_MAIL_OPTIONS: MailOptions = {
  replyDomain: null,
  inboundSmtpPort: 0,
  inboundSmtpHost: '127.0.0.1',
  inboundToken: null,
  replyDelayMs: 120_000,
  alertIntervalMs: 900_000,
  retryMs: 60_000,
  tickMs: 5_000,
  tokenTtlMs: 180 * 86_400_000,
};

/** Messenger channels: where the platforms' APIs are (tests: loopback stand-ins) and how sends are retried. */
export interface ChannelOptions {
  telegramApiUrl: string;
  whatsappApiUrl: string;
  /** Outbox retries: protocol's backoff from baseMs, capped at capMs. */
  retryBaseMs: number;
  retryCapMs: number;
  /** Telegram long polling: getUpdates waits this long for updates. */
  pollSeconds: number;
  /**
   * WhatsApp's customer service window: free-form messages only this long after the client last
   * wrote (24 hours); later ones wait until they write again.
   */
  whatsappWindowMs: number;
}

export const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  telegramApiUrl: 'https://api.telegram.org',
  whatsappApiUrl: 'https://graph.facebook.com/v21.0',
  retryBaseMs: 1000,
  retryCapMs: 5 * 60_000,
  pollSeconds: 25,
  whatsappWindowMs: 86_400_000,
};

export interface ServerOptions {
  /** Where the database, files and the demo credentials live. */
  dataDir: string;
  /** Uploaded files and avatars, when not in the data dir: on several nodes, one directory all of them mount. */
  filesDir?: string | null;
  port?: number;
  host?: string;
  /** Fastify/pino level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent'. */
  logLevel?: string;
  rateLimits?: Partial<RateLimitOptions>;
  /** How long operators stay "online" after their last console socket closes (reloads must not flap). */
  presenceGraceMs?: number;
  /**
   * Several nodes: how long a node's claim lasts (an outbox row being sent, the Telegram poller)
   * before another node may take it over; the holder renews it while alive.
   */
  leaseMs?: number;
  /** Server clock; tests shift it to exercise retention. */
  clock?: () => number;
  /** Enables the demo endpoints (POST /demo/sign). */
  demo?: boolean;
  /** Static files: the examples pages at / and the built bundles (dist/) at their names. */
  staticDirs?: { examples?: string; dist?: string };
  /**
   * Behind a reverse proxy: honour X-Forwarded-For/-Host/-Proto (client IP, CSRF origin check,
   * absolute URLs, secure cookies). true, a hop count, or the proxies' addresses.
   */
  trustProxy?: boolean | number | string;
  /** The address people reach the server at, for links in emails (default: from each request). */
  publicUrl?: string | null;
  /** /metrics: served to this bearer token; or to anyone with metricsOpen. Off when neither. */
  metricsToken?: string | null;
  metricsOpen?: boolean;
  /** Outgoing mail (password resets): smtp:// or smtps:// URL and the From address. */
  smtpUrl?: string | null;
  mailFrom?: string | null;
  mail?: Partial<MailOptions>;
  /** After SIGTERM, /readyz answers 503 this long before connections close. */
  drainMs?: number;
  /** After SIGTERM, in-flight work gets this long. */
  shutdownTimeoutMs?: number;
  /** Run the retention job at start-up and every hour (default true). */
  retentionJob?: boolean;
  /** Worker threads for long reads (lists, search); 0 runs them on the main thread (default 1). */
  readWorkers?: number;
  /**
   * The read workers' CPU, in percent of one core, while the event loop is busy (their jobs queue
   * beyond it); null: no cap; 'auto' (default): 25 on machines with fewer cores than workers + 2.
   */
  readCpuPercent?: number | null | 'auto';
  /** `postgres://...`: PostgreSQL instead of the data dir's SQLite file (many nodes may share it). */
  databaseUrl?: string | null;
  /** `redis://...`: the bus and presence shared by every node (else in this process); rate limits stay per node. */
  redisUrl?: string | null;
  /** Visitor location from the local GeoIP database (default true; PARLEY_GEOIP=off). */
  geoip?: boolean;
  storage?: Partial<StorageLimits>;
  hello?: Partial<HelloLimits>;
  channels?: Partial<ChannelOptions>;
  webhooks?: Partial<WebhookOptions>;
  /** Tests: every answer must match the schema the route table documents for its status (else 500). */
  checkResponses?: boolean;
}

export interface ResolvedOptions {
  dataDir: string;
  filesDir: string | null;
  port: number;
  host: string;
  logLevel: string;
  rateLimits: RateLimitOptions;
  presenceGraceMs: number;
  leaseMs: number;
  /** This process among the nodes on one database (claims and leases name it). */
  nodeId: string;
  clock: () => number;
  demo: boolean;
  staticDirs: { examples?: string; dist?: string };
  trustProxy: boolean | number | string;
  publicUrl: string | null;
  metricsToken: string | null;
  metricsOpen: boolean;
  smtpUrl: string | null;
  mailFrom: string | null;
  mail: MailOptions;
  drainMs: number;
  shutdownTimeoutMs: number;
  retentionJob: boolean;
  readWorkers: number;
  readCpuPercent: number | null | 'auto';
  databaseUrl: string | null;
  redisUrl: string | null;
  geoip: boolean;
  storage: StorageLimits;
  hello: HelloLimits;
  channels: ChannelOptions;
  webhooks: WebhookOptions;
  checkResponses: boolean;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  httpPerIp: { capacity: 300, perSecond: 20 },
  connectPerIp: { capacity: 30, perSecond: 1 },
  loginPerIp: { capacity: 10, perSecond: 0.1 },
  messagesPerVisitor: { capacity: 30, perSecond: 2 },
  uploadsPerVisitor: { capacity: 10, perSecond: 0.2 },
  framesPerConnection: { capacity: 200, perSecond: 20 },
  // One IP: a full-size document at once, then about 360 MB an hour.
  uploadBytesPerIp: { capacity: 128 * MB, perSecond: 100 * 1024 },
  // One project: a burst of 1 GB, then about 7 GB an hour.
  uploadBytesPerProject: { capacity: 1024 * MB, perSecond: 2 * MB },
};

export const DEFAULT_STORAGE_LIMITS: StorageLimits = {
  projectQuotaBytes: 10 * 1024 * MB,
  unattachedUploadTtlMs: 30 * 60_000,
};

export const DEFAULT_HELLO_LIMITS: HelloLimits = { deadlineMs: 10_000, perIp: 20 };

export function resolveOptions(o: ServerOptions): ResolvedOptions {
  return {
    dataDir: resolve(o.dataDir),
    filesDir: o.filesDir ? resolve(o.filesDir) : null,
    port: o.port ?? 8080,
    host: o.host ?? '127.0.0.1',
    logLevel: o.logLevel ?? 'info',
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...o.rateLimits },
    presenceGraceMs: o.presenceGraceMs ?? 30_000,
    leaseMs: o.leaseMs ?? 60_000,
    nodeId: randomBytes(8).toString('hex'),
    clock: o.clock ?? Date.now,
    demo: o.demo ?? false,
    staticDirs: o.staticDirs ?? {},
    trustProxy: o.trustProxy ?? false,
    publicUrl: o.publicUrl ?? null,
    metricsToken: o.metricsToken ?? null,
    metricsOpen: o.metricsOpen ?? false,
    smtpUrl: o.smtpUrl ?? null,
    mailFrom: o.mailFrom ?? null,
    mail: { ...DEFAULT_MAIL_OPTIONS, ...o.mail },
    drainMs: o.drainMs ?? 0,
    shutdownTimeoutMs: o.shutdownTimeoutMs ?? 10_000,
    retentionJob: o.retentionJob ?? true,
    readWorkers: o.readWorkers ?? 1,
    readCpuPercent: o.readCpuPercent === undefined ? 'auto' : o.readCpuPercent,
    databaseUrl: o.databaseUrl ?? null,
    redisUrl: o.redisUrl ?? null,
    geoip: o.geoip ?? true,
    storage: { ...DEFAULT_STORAGE_LIMITS, ...o.storage },
    hello: { ...DEFAULT_HELLO_LIMITS, ...o.hello },
    channels: { ...DEFAULT_CHANNEL_OPTIONS, ...o.channels },
    webhooks: { ...DEFAULT_WEBHOOK_OPTIONS, ...o.webhooks },
    checkResponses: o.checkResponses ?? false,
  };
}
