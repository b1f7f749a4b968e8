import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from './bus';
import type { Db } from './storage/open';
import type { Storage } from './storage/types';
import type { FanoutQueue } from './services/fanout-queue';
import type { BucketMap } from './rate-limit';
import type { Limiter } from './limiter';
import type { ProjectCache } from './services/projects';
import type { Presence } from './realtime/presence';
import type { GeoIp } from './services/geoip';
import type { ResolvedOptions } from './options';
import type { HelloGate } from './realtime/hello-gate';
import type { Metrics } from './services/metrics';
import type { Mailer } from './services/mail';
import type { EmailHooks } from './services/email/hooks';
import type { ChannelHub } from './channels/types';
import type { IntegrationHub } from './services/webhooks/hub';

/** Everything a route or socket handler needs, built once by createServer. */
export interface Ctx {
  /** Repositories, group-committed writes, off-thread reads. */
  store: Storage;
  /** Kysely on the same database (store.db), for the portable queries off the hot paths. */
  db: Db;
  /** Post-commit publishing, after the acks. */
  fanout: FanoutQueue;
  bus: Bus;
  log: FastifyBaseLogger;
  opts: ResolvedOptions;
  /** The server clock (overridable for retention tests). */
  now(): number;
  paths: { data: string; files: string; avatars: string; tmp: string };
  /** HMAC key for party-bound download URLs; generated once per data dir. */
  urlKey: string;
  projects: ProjectCache;
  presence: Presence;
  geoip: GeoIp;
  metrics: Metrics;
  /** Outgoing mail; null without SMTP settings. */
  mailer: Mailer | null;
  /** Mail around the chat: replies to away visitors, inbound replies, notifications (services/email). */
  email: EmailHooks;
  /** draining: a shutdown has begun (/readyz answers 503, new sockets are refused). */
  lifecycle: { draining: boolean };
  limits: {
    httpPerIp: Limiter;
    connectPerIp: Limiter;
    loginPerIp: Limiter;
    messagesPerVisitor: Limiter;
    uploadsPerVisitor: Limiter;
    framesPerConnection: BucketMap;
    uploadBytesPerIp: Limiter;
    uploadBytesPerProject: Limiter;
  };
  /** Visitor sockets that have not said hello yet, per IP. */
  helloGate: HelloGate;
  /** Telegram and WhatsApp: settings, adapters, polling, the outbox (set right after the context is built). */
  channels: ChannelHub;
  /** Webhooks (outbox worker, SSRF allow-list), CRM leads and problem alerts (services/webhooks). */
  integrations: IntegrationHub;
}
