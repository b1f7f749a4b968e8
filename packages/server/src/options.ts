import { resolve } from 'node:path';
import type { BucketRule } from './rate-limit';

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
}

export interface ServerOptions {
  /** Where the database, files and the demo credentials live. */
  dataDir: string;
  port?: number;
  host?: string;
  /** Fastify/pino level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent'. */
  logLevel?: string;
  rateLimits?: Partial<RateLimitOptions>;
  /** How long operators stay "online" after their last console socket closes (reloads must not flap). */
  presenceGraceMs?: number;
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
  /** After SIGTERM, /readyz answers 503 this long before connections close. */
  drainMs?: number;
  /** After SIGTERM, in-flight work gets this long. */
  shutdownTimeoutMs?: number;
  /** Run the retention job at start-up and every hour (default true). */
  retentionJob?: boolean;
  /** Worker threads for long reads (lists, search); 0 runs them on the main thread (default 1). */
  readWorkers?: number;
  /** Visitor location from the local GeoIP database (default true; PARLEY_GEOIP=off). */
  geoip?: boolean;
  /** Tests: every answer must match the schema the route table documents for its status (else 500). */
  checkResponses?: boolean;
}

export interface ResolvedOptions {
  dataDir: string;
  port: number;
  host: string;
  logLevel: string;
  rateLimits: RateLimitOptions;
  presenceGraceMs: number;
  clock: () => number;
  demo: boolean;
  staticDirs: { examples?: string; dist?: string };
  trustProxy: boolean | number | string;
  publicUrl: string | null;
  metricsToken: string | null;
  metricsOpen: boolean;
  smtpUrl: string | null;
  mailFrom: string | null;
  drainMs: number;
  shutdownTimeoutMs: number;
  retentionJob: boolean;
  readWorkers: number;
  geoip: boolean;
  checkResponses: boolean;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  httpPerIp: { capacity: 300, perSecond: 20 },
  connectPerIp: { capacity: 30, perSecond: 1 },
  loginPerIp: { capacity: 10, perSecond: 0.1 },
  messagesPerVisitor: { capacity: 30, perSecond: 2 },
  uploadsPerVisitor: { capacity: 10, perSecond: 0.2 },
  framesPerConnection: { capacity: 200, perSecond: 20 },
};

export function resolveOptions(o: ServerOptions): ResolvedOptions {
  return {
    dataDir: resolve(o.dataDir),
    port: o.port ?? 8080,
    host: o.host ?? '127.0.0.1',
    logLevel: o.logLevel ?? 'warn',
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...o.rateLimits },
    presenceGraceMs: o.presenceGraceMs ?? 30_000,
    clock: o.clock ?? Date.now,
    demo: o.demo ?? false,
    staticDirs: o.staticDirs ?? {},
    trustProxy: o.trustProxy ?? false,
    publicUrl: o.publicUrl ?? null,
    metricsToken: o.metricsToken ?? null,
    metricsOpen: o.metricsOpen ?? false,
    smtpUrl: o.smtpUrl ?? null,
    mailFrom: o.mailFrom ?? null,
    drainMs: o.drainMs ?? 0,
    shutdownTimeoutMs: o.shutdownTimeoutMs ?? 10_000,
    retentionJob: o.retentionJob ?? true,
    readWorkers: o.readWorkers ?? 1,
    geoip: o.geoip ?? true,
    checkResponses: o.checkResponses ?? false,
  };
}
