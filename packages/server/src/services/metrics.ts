import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics (prom-client), one registry per server so several servers in one process
 * (tests) do not share counters. Node's default metrics come along: event-loop lag
 * (nodejs_eventloop_lag_seconds and its percentiles), heap, CPU, open handles.
 */
export interface Metrics {
  registry: Registry;
  /** A message stored for the first time (resends are not counted). */
  messageAccepted(author: 'visitor' | 'operator'): void;
  /** From the frame's arrival to its ack leaving. */
  ackLatency(seconds: number): void;
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  dbQuery(seconds: number): void;
  /** One group commit (PostgreSQL): its jobs' waits for it, and its stages. */
  writeGroup(g: WriteGroupTiming): void;
  /** A mail handed to the SMTP server ('sent'), refused for now ('retry') or given up ('failed'). */
  mail(kind: string, outcome: 'sent' | 'retry' | 'failed'): void;
}

/** Where a group commit's time went, in ms (storage/postgres/group-commit.ts). */
export interface WriteGroupTiming {
  /** Each job's wait from its submission to its group's start (a connection in hand). */
  waits: readonly number[];
  /** Waiting for a pooled connection. */
  connect: number;
  /** BEGIN and the jobs' statements. */
  jobs: number;
  /** The COMMIT (its WAL flush). */
  commit: number;
}

export function createMetrics(sockets: { visitors(): number; operators(): number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  new Gauge({
    name: 'parley_visitor_sockets',
    help: 'Open visitor WebSockets',
    registers: [registry],
    collect() {
      this.set(sockets.visitors());
    },
  });
  new Gauge({
    name: 'parley_operator_sockets',
    help: 'Open operator (console) WebSockets',
    registers: [registry],
    collect() {
      this.set(sockets.operators());
    },
  });
  const accepted = new Counter({
    name: 'parley_messages_accepted_total',
    help: 'Messages stored (acked), by author',
    labelNames: ['author'] as const,
    registers: [registry],
  });
  const ack = new Histogram({
    name: 'parley_ack_latency_seconds',
    help: 'Visitor message.send: frame received to message.ack sent',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const http = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP requests by route (the route pattern, not the URL)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  // Statement durations wait here and the histogram takes them on a scrape (or when the buffer is
  // full): inside a write transaction a statement then costs an array store, not an observe().
  const pendingDb = new Float64Array(4096);
  let pendingDbCount = 0;
  const drainDb = (h: Histogram): void => {
    for (let i = 0; i < pendingDbCount; i++) h.observe(pendingDb[i] as number);
    pendingDbCount = 0;
  };
  const db = new Histogram({
    name: 'parley_db_query_duration_seconds',
    help: 'Time spent in each database statement',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
    collect() {
      drainDb(this);
    },
  });
  const waits = new Histogram({
    name: 'parley_write_wait_seconds',
    help: 'A write job from its submission to the start of the group commit that holds it',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const group = new Histogram({
    name: 'parley_write_group_seconds',
    help: 'A group commit by stage: connect (a pooled connection), jobs (BEGIN and the statements), commit',
    labelNames: ['stage'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const groupJobs = new Histogram({
    name: 'parley_write_group_jobs',
    help: 'Jobs per group commit',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const mail = new Counter({
    name: 'parley_mail_total',
    help: 'Outgoing mail by kind and outcome (sent, retry, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  return {
    registry,
    mail: (kind, outcome) => mail.inc({ kind, outcome }),
    messageAccepted: (author) => accepted.inc({ author }),
    ackLatency: (s) => ack.observe(s),
    httpRequest: (method, route, status, s) => http.observe({ method, route, status_code: String(status) }, s),
    dbQuery(s) {
      if (pendingDbCount === pendingDb.length) drainDb(db);
      pendingDb[pendingDbCount++] = s;
    },
    writeGroup(g) {
      for (const w of g.waits) waits.observe(w / 1000);
      group.observe({ stage: 'connect' }, g.connect / 1000);
      group.observe({ stage: 'jobs' }, g.jobs / 1000);
      group.observe({ stage: 'commit' }, g.commit / 1000);
      groupJobs.observe(g.waits.length);
    },
  };
}
