import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import * as v from 'valibot';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions, type ResolvedOptions } from './options';

/**
 * Every setting of the server, in one table: its environment variable, its command-line flag,
 * its default and what it means. `--help` is printed from this table, the config file may hold
 * the same names, and each value is checked at start: a bad one stops the server with one line
 * naming the variable.
 */
/** What the command line and environment configure: the server's options, plus where its files are. */
export interface Config extends Pick<
  ResolvedOptions,
  | 'port'
  | 'host'
  | 'dataDir'
  | 'filesDir'
  | 'publicUrl'
  | 'demo'
  | 'logLevel'
  | 'trustProxy'
  | 'metricsToken'
  | 'metricsOpen'
  | 'smtpUrl'
  | 'mailFrom'
  | 'drainMs'
  | 'shutdownTimeoutMs'
  | 'presenceGraceMs'
  | 'leaseMs'
  | 'rateLimits'
  | 'checkResponses'
  | 'geoip'
  | 'readWorkers'
  | 'readCpuPercent'
  | 'databaseUrl'
  | 'redisUrl'
> {
  staticFiles: boolean;
  examplesDir: string;
  distDir: string;
  ownerPassword: string | null;
  clockOffsetMs: number;
  /** Stored as `storage.projectQuotaBytes` and `storage.unattachedUploadTtlMs`. */
  projectQuotaMb: number;
  uploadTtlMinutes: number;
  /** Stored as `hello.deadlineMs` and `hello.perIp`. */
  helloDeadlineMs: number;
  helloPendingPerIp: number;
  /** Stored as `mail.*` (see MailOptions). */
  replyDomain: string | null;
  inboundSmtpPort: number;
  inboundSmtpHost: string | null;
  inboundToken: string | null;
  mailReplyDelayMs: number;
  mailAlertIntervalMs: number;
  mailRetryMs: number;
  mailTickMs: number;
  telegramApiUrl: string;
  whatsappApiUrl: string;
  channelRetryMs: number;
  channelRetryCapMs: number;
  telegramPollSeconds: number;
  /** Stored as `webhooks.*` (see WebhookOptions). */
  webhookAllow: string[];
  webhookRetryMs: number;
  webhookRetryCapMs: number;
  webhookLogDays: number;
  whatsappWindowMs: number;
}

type Parser<T> = (raw: string) => T;

export class ConfigError extends Error {}

const fail = (msg: string): never => {
  throw new ConfigError(msg);
};

const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) fail(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    if (n < min || n > max) fail(`must be a whole number from ${min} to ${max}`);
    return n;
  };

const requiredUrl =
  (protocols: string[]): Parser<string> =>
  (raw) =>
    url(protocols)(raw) ?? fail('must not be empty');

const bool: Parser<boolean> = (raw) => {
  const s = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  return fail('must be 1 or 0 (true or false)');
};

const text: Parser<string> = (raw) => raw;
const optionalText: Parser<string | null> = (raw) => (raw.trim() === '' ? null : raw.trim());

const url =
  (protocols: string[]): Parser<string | null> =>
  (raw) => {
    if (raw.trim() === '') return null;
    let u: URL;
    try {
      u = new URL(raw.trim());
    } catch {
      return fail(`must be a URL (${protocols.join(' or ')})`);
    }
    if (!protocols.includes(u.protocol.replace(/:$/, ''))) fail(`must be a URL (${protocols.join(' or ')})`);
    return raw.trim().replace(/\/+$/, '');
  };

const domain: Parser<string | null> = (raw) => {
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(s) || s.length > 253)
    fail('must be a domain name (e.g. reply.example.com)');
  return s;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const BucketSchema = v.strictObject({
  capacity: v.pipe(v.number(), v.minValue(1)),
  perSecond: v.pipe(v.number(), v.minValue(0)),
});
const RateLimitsSchema = v.strictObject(
  Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((k) => [k, v.optional(BucketSchema)])) as Record<
    keyof RateLimitOptions,
    v.OptionalSchema<typeof BucketSchema, undefined>
  >,
);

const rateLimits: Parser<RateLimitOptions> = (raw) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail('must be JSON, e.g. {"messagesPerVisitor":{"capacity":30,"perSecond":2}}');
  }
  const r = v.safeParse(RateLimitsSchema, parsed);
  if (!r.success) {
    const at = v.getDotPath(r.issues[0]) ?? '(root)';
    return fail(`has a bad value at ${at}: each limit is {"capacity": >= 1, "perSecond": >= 0}; limits: ${Object.keys(DEFAULT_RATE_LIMITS).join(', ')}`);
  }
  const out = { ...DEFAULT_RATE_LIMITS };
  for (const [k, b] of Object.entries(r.output)) if (b) out[k as keyof RateLimitOptions] = b;
  return out;
};

/** PARLEY_TRUST_PROXY: 1/true (every hop), 0/false, a hop count, or the proxies' addresses/CIDRs. */
const trustProxy: Parser<boolean | number | string> = (raw) => {
  const s = raw.trim();
  if (/^\d+$/.test(s) && s !== '0' && s !== '1') return Number(s);
  if (/^(1|0|true|false|yes|no|on|off)?$/i.test(s)) return bool(s);
  const parts = s.split(',').map((p) => p.trim());
  if (parts.every((p) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p) || ['loopback', 'linklocal', 'uniquelocal'].includes(p))) return parts.join(',');
  return fail("must be 1 or 0, a number of proxies, or the proxies' addresses (e.g. 127.0.0.1,10.0.0.0/8)");
};

interface Option<K extends keyof Config> {
  key: K;
  env: string;
  flag: string;
  /** For --help: the value's shape. Empty for on/off flags. */
  arg: string;
  help: string;
  parse: Parser<Config[K]>;
  /** Default, given the repository root (some defaults are paths in it). */
  def: (root: string) => Config[K];
  /** Shown in --help instead of the computed default. */
  shownDefault?: string;
  /** Testing only: not listed in --help. */
  hidden?: boolean;
}

function opt<K extends keyof Config>(o: Option<K>): Option<K> {
  return o;
}

export const OPTIONS = [
  opt({ key: 'port', env: 'PORT', flag: '--port', arg: 'N', help: 'Port to listen on.', parse: int(0, 65535), def: () => 8080 }),
  opt({
    key: 'host',
    env: 'HOST',
    flag: '--host',
    arg: 'ADDR',
    help: 'Address to listen on (0.0.0.0 or :: for every interface).',
    parse: text,
    def: () => '127.0.0.1',
  }),
  opt({
    key: 'dataDir',
    env: 'PARLEY_DATA_DIR',
    flag: '--data-dir',
    arg: 'DIR',
    help: 'The database (parley.db), uploaded files and avatars.',
    parse: text,
    def: (root) => resolve(root, 'data'),
    shownDefault: '<repo>/data',
  }),
  opt({
    key: 'filesDir',
    env: 'PARLEY_FILES_DIR',
    flag: '--files-dir',
    arg: 'DIR',
    help: 'Uploaded files and avatars. Several nodes: one directory every node mounts (NFS, a shared volume); a node that sees another directory refuses to start.',
    parse: text,
    def: () => null,
    shownDefault: 'the data dir',
  }),
  opt({
    key: 'publicUrl',
    env: 'PARLEY_PUBLIC_URL',
    flag: '--public-url',
    arg: 'URL',
    help: 'The address people reach the server at (https://chat.example.com), for links in emails and the setup link. Default: from each request.',
    parse: url(['http', 'https']),
    def: () => null,
    shownDefault: 'none',
  }),
  opt({
    key: 'demo',
    env: 'PARLEY_DEMO',
    flag: '--demo',
    arg: '',
    help: 'Demo mode (npm start): seeds the demo project and owner, serves the example pages and POST /demo/sign.',
    parse: bool,
    def: () => false,
    shownDefault: 'off',
  }),
  opt({
    key: 'logLevel',
    env: 'PARLEY_LOG_LEVEL',
    flag: '--log-level',
    arg: 'LEVEL',
    help: `Log level: ${LOG_LEVELS.join(', ')}. info logs every purge and erasure with counts (never one line per request).`,
    parse: (raw) => (LOG_LEVELS.includes(raw.trim()) ? raw.trim() : fail(`must be one of ${LOG_LEVELS.join(', ')}`)),
    def: () => 'info',
  }),
  opt({
    key: 'trustProxy',
    env: 'PARLEY_TRUST_PROXY',
    flag: '--trust-proxy',
    arg: 'WHO',
    help: "Behind a reverse proxy: 1 (trust X-Forwarded-For/Host/Proto), a number of hops, or the proxies' addresses.",
    parse: trustProxy,
    def: () => false,
    shownDefault: 'off',
  }),
  opt({
    key: 'metricsToken',
    env: 'PARLEY_METRICS_TOKEN',
    flag: '--metrics-token',
    arg: 'TOKEN',
    help: 'Serve GET /metrics (Prometheus) to "Authorization: Bearer TOKEN". Without it /metrics is off.',
    parse: optionalText,
    def: () => null,
    shownDefault: 'off',
  }),
  opt({
    key: 'metricsOpen',
    env: 'PARLEY_METRICS_OPEN',
    flag: '--metrics-open',
    arg: '',
    help: 'Serve /metrics without a token (only on a private network).',
    parse: bool,
    def: () => false,
    shownDefault: 'off',
  }),
  opt({
    key: 'smtpUrl',
    env: 'PARLEY_SMTP_URL',
    flag: '--smtp-url',
    arg: 'URL',
    help: 'Send mail (replies to visitors, notifications, transcripts, password resets) through this server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS). Without it no mail is sent.',
    parse: url(['smtp', 'smtps']),
    def: () => null,
    shownDefault: 'none',
  }),
  opt({
    key: 'mailFrom',
    env: 'PARLEY_MAIL_FROM',
    flag: '--mail-from',
    arg: 'ADDR',
    help: 'The From address of that mail (e.g. "Parley <chat@example.com>"); mail to visitors shows the project\'s sender name with it.',
    parse: optionalText,
    def: () => null,
    shownDefault: 'parley@<host>',
  }),
  opt({
    key: 'replyDomain',
    env: 'PARLEY_REPLY_DOMAIN',
    flag: '--reply-domain',
    arg: 'DOMAIN',
    help: 'The domain of reply addresses (reply+<token>@DOMAIN) whose mail reaches this server (inbound SMTP or the webhook); a project may set its own.',
    parse: domain,
    def: () => null,
    shownDefault: "the public URL's host",
  }),
  opt({
    key: 'inboundSmtpPort',
    env: 'PARLEY_INBOUND_SMTP_PORT',
    flag: '--inbound-smtp-port',
    arg: 'N',
    help: "Receive visitors' email replies with a built-in SMTP server on this port (e.g. 25, or 2525 behind a relay); 0: off.",
    parse: int(0, 65535),
    def: () => 0,
    shownDefault: '0 (off)',
  }),
  opt({
    key: 'inboundSmtpHost',
    env: 'PARLEY_INBOUND_SMTP_HOST',
    flag: '--inbound-smtp-host',
    arg: 'ADDR',
    help: 'Address the inbound SMTP server listens on.',
    parse: optionalText,
    def: () => null,
    shownDefault: 'same as HOST',
  }),
  opt({
    key: 'inboundToken',
    env: 'PARLEY_INBOUND_TOKEN',
    flag: '--inbound-token',
    arg: 'TOKEN',
    help: 'Accept forwarded replies at POST /api/v1/email/inbound (a raw RFC 822 message) with "Authorization: Bearer TOKEN". Without it the webhook is off.',
    parse: optionalText,
    def: () => null,
    shownDefault: 'off',
  }),
  opt({
    key: 'mailReplyDelayMs',
    env: 'PARLEY_MAIL_REPLY_DELAY_MS',
    flag: '--mail-reply-delay-ms',
    arg: 'MS',
    help: 'Operator replies to a visitor who is away are mailed this long after the first one (together, unless read in the widget meanwhile).',
    parse: int(0, 86_400_000),
    def: () => 120_000,
  }),
  opt({
    key: 'mailAlertIntervalMs',
    env: 'PARLEY_MAIL_ALERT_INTERVAL_MS',
    flag: '--mail-alert-interval-ms',
    arg: 'MS',
    help: '"Unread chats" mail to an offline assignee: at most one per dialog this often.',
    parse: int(0, 86_400_000),
    def: () => 900_000,
  }),
  opt({
    key: 'mailRetryMs',
    env: 'PARLEY_MAIL_RETRY_MS',
    flag: '--mail-retry-ms',
    arg: 'MS',
    help: 'Mail the SMTP server did not take is tried again after this, then twice as long each time (8 tries in all).',
    parse: int(10, 86_400_000),
    def: () => 60_000,
  }),
  opt({
    key: 'mailTickMs',
    env: 'PARLEY_MAIL_TICK_MS',
    flag: '--mail-tick-ms',
    arg: 'MS',
    help: 'Testing: how often due mail is looked for.',
    parse: int(10, 600_000),
    def: () => 5_000,
    hidden: true,
  }),
  opt({
    key: 'drainMs',
    env: 'PARLEY_DRAIN_MS',
    flag: '--drain-ms',
    arg: 'MS',
    help: 'On SIGTERM, answer /readyz with 503 this long before closing connections (let the load balancer notice).',
    parse: int(0, 600_000),
    def: () => 0,
  }),
  opt({
    key: 'shutdownTimeoutMs',
    env: 'PARLEY_SHUTDOWN_TIMEOUT_MS',
    flag: '--shutdown-timeout-ms',
    arg: 'MS',
    help: 'On SIGTERM, give in-flight work this long to finish.',
    parse: int(100, 600_000),
    def: () => 10_000,
  }),
  opt({
    key: 'presenceGraceMs',
    env: 'PARLEY_PRESENCE_GRACE_MS',
    flag: '--presence-grace-ms',
    arg: 'MS',
    help: 'Operators stay online this long after their last console closes.',
    parse: int(0, 3_600_000),
    def: () => 30_000,
  }),
  opt({
    key: 'leaseMs',
    env: 'PARLEY_LEASE_MS',
    flag: '--lease-ms',
    arg: 'MS',
    help: 'Several nodes: a node that dies hands its outbox sends in flight and the Telegram long polling to another node after this.',
    parse: int(1000, 3_600_000),
    def: () => 60_000,
  }),
  opt({
    key: 'rateLimits',
    env: 'PARLEY_RATE_LIMITS',
    flag: '--rate-limits',
    arg: 'JSON',
    help: 'Rate limits, e.g. {"messagesPerVisitor":{"capacity":30,"perSecond":2}}.',
    parse: rateLimits,
    def: () => ({ ...DEFAULT_RATE_LIMITS }),
    shownDefault: 'see packages/server/src/options.ts',
  }),
  opt({
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    flag: '--database-url',
    arg: 'URL',
    help: 'postgres://user:password@host:5432/parley: PostgreSQL instead of the SQLite file in the data dir (several nodes may share it).',
    parse: url(['postgres', 'postgresql']),
    def: () => null,
    shownDefault: 'none (SQLite)',
  }),
  opt({
    key: 'redisUrl',
    env: 'REDIS_URL',
    flag: '--redis-url',
    arg: 'URL',
    help: 'redis://host:6379: events and presence shared by every node (without it: in this process; rate limits stay per node).',
    parse: url(['redis', 'rediss']),
    def: () => null,
    shownDefault: 'none (one node)',
  }),
  opt({
    key: 'readWorkers',
    env: 'PARLEY_READ_WORKERS',
    flag: '--read-workers',
    arg: 'N',
    help: 'Threads for long reads (dialog lists, search), each with its own read-only connection; 0 runs them on the main thread.',
    parse: int(0, 16),
    def: () => 1,
  }),
  opt({
    key: 'readCpuPercent',
    env: 'PARLEY_READ_CPU_PERCENT',
    flag: '--read-cpu-percent',
    arg: 'N|off|auto',
    help: 'While the event loop is busy, the read threads together use at most this percent of one core (their reads queue beyond it); auto: 25 when the machine has fewer cores than read threads + 2, else off.',
    parse: (raw) => {
      const s = raw.trim().toLowerCase();
      if (s === 'auto' || s === '') return 'auto';
      if (s === 'off') return null;
      return int(5, 1600)(s);
    },
    def: () => 'auto',
  }),
  opt({
    key: 'projectQuotaMb',
    env: 'PARLEY_PROJECT_QUOTA_MB',
    flag: '--project-quota-mb',
    arg: 'MB',
    help: 'Files a project may store (attachments and uploads not sent yet); past it uploads are refused (507).',
    parse: int(1, 10 ** 9),
    def: () => 10_240,
  }),
  opt({
    key: 'uploadTtlMinutes',
    env: 'PARLEY_UPLOAD_TTL_MINUTES',
    flag: '--upload-ttl-minutes',
    arg: 'MIN',
    help: 'Uploads never attached to a message are deleted after this.',
    parse: int(1, 10 ** 7),
    def: () => 30,
  }),
  opt({
    key: 'helloDeadlineMs',
    env: 'PARLEY_HELLO_DEADLINE_MS',
    flag: '--hello-deadline-ms',
    arg: 'MS',
    help: 'A visitor socket that has not said hello by then is closed.',
    parse: int(100, 600_000),
    def: () => 10_000,
  }),
  opt({
    key: 'helloPendingPerIp',
    env: 'PARLEY_HELLO_PENDING_PER_IP',
    flag: '--hello-pending-per-ip',
    arg: 'N',
    help: 'Visitor sockets per client IP that may wait for their hello at once; more are closed at once.',
    parse: int(1, 100_000),
    def: () => 20,
  }),
  opt({
    key: 'staticFiles',
    env: 'PARLEY_STATIC',
    flag: '--static',
    arg: '0|1',
    help: 'Serve the bundles (widget.js, multiwidget.js) and the console.',
    parse: bool,
    def: () => true,
    shownDefault: '1',
  }),
  opt({
    key: 'examplesDir',
    env: 'PARLEY_EXAMPLES_DIR',
    flag: '--examples-dir',
    arg: 'DIR',
    help: 'The example pages (served at / in demo mode only).',
    parse: text,
    def: (root) => resolve(root, 'examples'),
    shownDefault: '<repo>/examples',
  }),
  opt({
    key: 'distDir',
    env: 'PARLEY_DIST_DIR',
    flag: '--dist-dir',
    arg: 'DIR',
    help: 'The built bundles and console (npm run build).',
    parse: text,
    def: (root) => resolve(root, 'dist'),
    shownDefault: '<repo>/dist',
  }),
  opt({
    key: 'ownerPassword',
    env: 'PARLEY_OWNER_PASSWORD',
    flag: '--owner-password',
    arg: 'PW',
    help: "Demo mode: the demo owner's password on the first run (random otherwise).",
    parse: optionalText,
    def: () => null,
    shownDefault: 'random',
  }),
  opt({
    key: 'clockOffsetMs',
    env: 'PARLEY_CLOCK_OFFSET_MS',
    flag: '--clock-offset-ms',
    arg: 'MS',
    help: 'Testing: shifts the server clock.',
    parse: int(-(10 ** 13), 10 ** 13),
    def: () => 0,
    hidden: true,
  }),
  opt({
    key: 'geoip',
    env: 'PARLEY_GEOIP',
    flag: '--geoip',
    arg: '0|1',
    help: 'Locate visitors from their IP with the local DB-IP Lite database (no network call).',
    parse: bool,
    def: () => true,
    shownDefault: '1',
  }),
  opt({
    key: 'telegramApiUrl',
    env: 'PARLEY_TELEGRAM_API_URL',
    flag: '--telegram-api-url',
    arg: 'URL',
    help: 'The Telegram Bot API (a local Bot API server, or a stand-in in tests).',
    parse: requiredUrl(['http', 'https']),
    def: () => 'https://api.telegram.org',
  }),
  opt({
    key: 'whatsappApiUrl',
    env: 'PARLEY_WHATSAPP_API_URL',
    flag: '--whatsapp-api-url',
    arg: 'URL',
    help: 'The WhatsApp Cloud API (Graph API with its version).',
    parse: requiredUrl(['http', 'https']),
    def: () => 'https://graph.facebook.com/v21.0',
  }),
  opt({
    key: 'channelRetryMs',
    env: 'PARLEY_CHANNEL_RETRY_MS',
    flag: '--channel-retry-ms',
    arg: 'MS',
    help: 'Messenger sends that failed are retried after this, doubling (with jitter).',
    parse: int(1, 3_600_000),
    def: () => 1000,
  }),
  opt({
    key: 'channelRetryCapMs',
    env: 'PARLEY_CHANNEL_RETRY_CAP_MS',
    flag: '--channel-retry-cap-ms',
    arg: 'MS',
    help: 'The longest wait between two tries of a messenger send.',
    parse: int(1, 86_400_000),
    def: () => 300_000,
  }),
  opt({
    key: 'whatsappWindowMs',
    env: 'PARLEY_WHATSAPP_WINDOW_MS',
    flag: '--whatsapp-window-ms',
    arg: 'MS',
    help: "Testing: WhatsApp's customer service window (24 hours).",
    parse: int(1, 7 * 86_400_000),
    def: () => 86_400_000,
    hidden: true,
  }),
  opt({
    key: 'telegramPollSeconds',
    env: 'PARLEY_TELEGRAM_POLL_SECONDS',
    flag: '--telegram-poll-seconds',
    arg: 'S',
    help: 'Telegram long polling: how long one getUpdates call waits.',
    parse: int(0, 50),
    def: () => 25,
  }),
  opt({
    key: 'webhookAllow',
    env: 'PARLEY_WEBHOOK_ALLOW',
    flag: '--webhook-allow',
    arg: 'LIST',
    help: 'Webhooks never reach private, loopback or reserved addresses, except these (comma-separated host names, IPs or CIDRs, e.g. 10.0.0.0/8,crm.internal).',
    parse: (raw) =>
      raw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    def: () => [],
    shownDefault: 'none',
  }),
  opt({
    key: 'webhookRetryMs',
    env: 'PARLEY_WEBHOOK_RETRY_MS',
    flag: '--webhook-retry-ms',
    arg: 'MS',
    help: 'A webhook delivery that failed is retried after this, doubling (with jitter) for up to 24 hours.',
    parse: int(1, 3_600_000),
    def: () => 30_000,
  }),
  opt({
    key: 'webhookRetryCapMs',
    env: 'PARLEY_WEBHOOK_RETRY_CAP_MS',
    flag: '--webhook-retry-cap-ms',
    arg: 'MS',
    help: 'The longest wait between two tries of a webhook delivery.',
    parse: int(1, 86_400_000),
    def: () => 3_600_000,
  }),
  opt({
    key: 'webhookLogDays',
    env: 'PARLEY_WEBHOOK_LOG_DAYS',
    flag: '--webhook-log-days',
    arg: 'DAYS',
    help: 'Webhook events and their delivery log are deleted this many days after their last delivery (by the hourly retention job).',
    parse: int(2, 3650),
    def: () => 30,
  }),
  opt({
    key: 'checkResponses',
    env: 'PARLEY_CHECK_RESPONSES',
    flag: '--check-responses',
    arg: '',
    help: 'Testing: every answer must match its documented schema.',
    parse: bool,
    def: () => false,
    hidden: true,
  }),
] as const;

/** Command-line arguments that are not options: the command and its operands. */
export interface Parsed {
  config: Config;
  args: string[];
  /** Set when --config or PARLEY_CONFIG named a file. */
  configFile: string | null;
}

const KNOWN_ENV = new Set<string>([...OPTIONS.map((o) => o.env), 'PARLEY_CONFIG', 'PARLEY_ONLY']);

/** PARLEY_* variables we do not know: most likely typos, worth a warning line each. */
export function unknownEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith('PARLEY_') && !KNOWN_ENV.has(k))
    .sort();
}

function readConfigFile(path: string): Record<string, string> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return fail(`cannot read the config file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail(`the config file ${path} is not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail(`the config file ${path} must hold a JSON object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(json)) {
    if (!OPTIONS.some((o) => o.env === k))
      fail(`the config file ${path} has an unknown setting ${k} (settings are named like the environment variables: PORT, PARLEY_DATA_DIR, ...)`);
    out[k] = typeof val === 'string' ? val : JSON.stringify(val);
  }
  return out;
}

/**
 * Flags win over environment variables, which win over the config file, which wins over the
 * defaults. Throws ConfigError with one line naming the setting.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv, root: string): Parsed {
  const flags = new Map<string, string>();
  const args: string[] = [];
  let configFile: string | null = env.PARLEY_CONFIG || null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--') || a === '--') {
      args.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (name === '--config') {
      configFile = eq >= 0 ? a.slice(eq + 1) : (argv[++i] ?? fail('--config needs a file'));
      continue;
    }
    const o = OPTIONS.find((x) => x.flag === name);
    if (!o) {
      args.push(a);
      continue;
    }
    if (eq >= 0) flags.set(o.env, a.slice(eq + 1));
    else if (o.arg === '') flags.set(o.env, '1');
    else flags.set(o.env, argv[++i] ?? fail(`${o.flag} needs a value (${o.arg})`));
  }
  const file = configFile ? readConfigFile(isAbsolute(configFile) ? configFile : resolve(configFile)) : {};
  const config = {} as Record<keyof Config, unknown>;
  for (const o of OPTIONS) {
    const fromFlag = flags.get(o.env);
    const fromEnv = env[o.env];
    const raw = fromFlag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined) ?? file[o.env];
    if (raw === undefined) {
      config[o.key] = o.def(root);
      continue;
    }
    const where = fromFlag !== undefined ? o.flag : fromEnv !== undefined && fromEnv !== '' ? o.env : `${o.env} (in ${configFile})`;
    try {
      config[o.key] = (o.parse as Parser<unknown>)(raw);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(`${where} ${err.message} (got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)})`);
      throw err;
    }
  }
  const c = config as unknown as Config;
  c.dataDir = resolve(c.dataDir);
  if (c.filesDir) c.filesDir = resolve(c.filesDir);
  c.examplesDir = resolve(c.examplesDir);
  c.distDir = resolve(c.distDir);
  return { config: c, args, configFile };
}

/** `parley --help`: every command and every option, from the table above. */
export function helpText(): string {
  const rows = OPTIONS.filter((o) => !('hidden' in o && o.hidden)).map((o) => {
    const value = o.def('<repo>');
    const def =
      'shownDefault' in o && o.shownDefault !== undefined
        ? o.shownDefault
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value);
    return `  ${`${o.flag}${o.arg ? ` ${o.arg}` : ''}`.padEnd(26)} ${o.env.padEnd(28)} ${o.help} [default: ${def}]`;
  });
  return [
    'Parley server: an embeddable chat, its operator console and API.',
    '',
    'Usage: parley [command] [options]      (or: node packages/server/dist/main.js ...)',
    '',
    'Commands:',
    '  serve                        Run the server (the default).',
    '  setup --email E --name N --project P [--locale ru|en|fr] [--password-stdin]',
    '                               First run: create the owner and the first project. Without',
    '                               --password-stdin, prints a one-time link to choose the password.',
    '  user reset-password EMAIL    Print a one-time link that sets a new password for EMAIL.',
    '  backup FILE                  Copy the database to FILE, consistently, while the server runs.',
    '  restore FILE                 Replace the database with FILE (the server must be stopped).',
    '  help, --help                 This text.',
    '  version, --version           The version.',
    '',
    'Options (flag, environment variable; flags win over the environment, which wins over the',
    'config file, a JSON object of these variable names given by --config FILE or PARLEY_CONFIG):',
    ...rows,
    '',
    'A bad value stops the server with one line naming the setting.',
  ].join('\n');
}
