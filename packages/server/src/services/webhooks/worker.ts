import { WEBHOOK_MAX_AGE_MS, backoffDelay, type BackoffRule } from '@parley/protocol';
import type { Ctx } from '../../context';
import { signWebhook } from './sign';
import { postWebhook } from './send';
import type { AllowList } from './ssrf';
import { SerialRuns } from '../../util/serial-runs';
import { RELEASE, claimRow, earliestPending } from '../../storage/cluster/claims';

const BATCH = 100;
/** A slow or dead endpoint holds its own queue, never another's: endpoints are served in parallel, up to this many. */
const PARALLEL = 8;

export interface WebhookWorkerOptions {
  rule: BackoffRule;
  allow: AllowList;
  timeoutMs: number;
}

/**
 * Sends due deliveries, outside every request: the chat never waits for a receiver. A failed
 * attempt is retried after protocol's backoff (exponential, with jitter) until the delivery is
 * 24 h old; state lives in the database, so a restart carries on where the last process stopped.
 * Each attempt first claims its row (storage/cluster/claims.ts): with several nodes on one
 * database a delivery goes out once, and one whose node died mid-send is due again after the lease.
 */
export class WebhookWorker {
  private readonly runs: SerialRuns;

  constructor(
    private readonly ctx: Ctx,
    private readonly o: WebhookWorkerOptions,
  ) {
    this.runs = new SerialRuns(
      () => this.run(),
      (err: unknown) => this.ctx.log.error({ err }, 'webhook outbox'),
      { next: () => earliestPending(this.ctx.db, 'webhook_deliveries'), now: () => this.ctx.now() },
    );
  }

  private get stopped(): boolean {
    return this.runs.stopped;
  }

  kick(): void {
    this.runs.kick();
  }

  async stop(): Promise<void> {
    await this.runs.stop();
  }

  private async run(): Promise<void> {
    for (;;) {
      const now = this.ctx.now();
      const due = await this.ctx.db
        .selectFrom('webhook_deliveries')
        .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
        .innerJoin('webhook_events', 'webhook_events.id', 'webhook_deliveries.event_id')
        .select([
          'webhook_deliveries.id',
          'webhook_deliveries.attempts',
          'webhook_deliveries.created_at',
          'webhook_deliveries.event_id',
          'webhook_deliveries.event_type',
          'webhook_endpoints.id as endpoint_id',
          'webhook_endpoints.url',
          'webhook_endpoints.secret',
          'webhook_events.body',
        ])
        .where('webhook_deliveries.status', '=', 'pending')
        .where('webhook_deliveries.next_at', '<=', now)
        .orderBy('webhook_deliveries.next_at')
        .orderBy('webhook_deliveries.id')
        .limit(BATCH)
        .execute();
      if (due.length === 0 || this.stopped) return;
      const byEndpoint = new Map<string, typeof due>();
      for (const d of due) byEndpoint.set(d.endpoint_id, [...(byEndpoint.get(d.endpoint_id) ?? []), d]);
      const queues = [...byEndpoint.values()];
      const lanes = Array.from({ length: Math.min(PARALLEL, queues.length) }, async () => {
        for (let q = queues.shift(); q; q = queues.shift()) {
          for (const d of q) {
            if (this.stopped) return;
            // Another node is sending it (or already did): the endpoint's later deliveries wait for that node.
            if (!(await claimRow(this.ctx.db, 'webhook_deliveries', d.id, d.attempts, this.ctx.opts.nodeId, this.ctx.now(), this.ctx.opts.leaseMs))) break;
            // One failure holds the endpoint's later deliveries until the next round (their order is kept).
            if (!(await this.attempt(d))) break;
          }
        }
      });
      await Promise.all(lanes);
      if (due.length < BATCH) return;
    }
  }

  private async attempt(d: {
    id: string;
    attempts: number;
    created_at: number;
    event_id: string;
    event_type: string;
    url: string;
    secret: string;
    body: string;
  }): Promise<boolean> {
    const sentAt = this.ctx.now();
    const r = await postWebhook(
      d.url,
      d.body,
      {
        'parley-signature': signWebhook(d.secret, d.body, sentAt),
        'parley-event-id': d.event_id,
        'parley-event-type': d.event_type,
        'parley-delivery-id': d.id,
      },
      this.o.allow,
      this.o.timeoutMs,
    );
    const attempts = d.attempts + 1;
    const now = this.ctx.now();
    const base = { attempts, response_code: r.status, duration_ms: r.durationMs, last_at: sentAt, last_error: r.error, ...RELEASE };
    if (r.ok) {
      await this.ctx.db
        .updateTable('webhook_deliveries')
        .set({ ...base, status: 'delivered', next_at: null })
        .where('id', '=', d.id)
        .where('claimed_by', '=', this.ctx.opts.nodeId)
        .execute();
      return true;
    }
    const next = now + backoffDelay(attempts - 1, Math.random, this.o.rule);
    const giveUp = next > d.created_at + WEBHOOK_MAX_AGE_MS;
    await this.ctx.db
      .updateTable('webhook_deliveries')
      .set({ ...base, status: giveUp ? 'failed' : 'pending', next_at: giveUp ? null : next })
      .where('id', '=', d.id)
      .where('claimed_by', '=', this.ctx.opts.nodeId)
      .execute();
    if (giveUp) this.ctx.log.warn({ delivery: d.id, url: d.url, err: r.error }, 'webhook delivery given up after 24 h');
    return false;
  }
}
