export interface WebhookOptions {
  /** Host names, IPs or CIDRs webhooks may reach although private or loopback (PARLEY_WEBHOOK_ALLOW). */
  allow: string[];
  retryBaseMs: number;
  retryCapMs: number;
  timeoutMs: number;
  /** Days the delivery log (events and their deliveries) is kept (PARLEY_WEBHOOK_LOG_DAYS). */
  logDays: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { allow: [], retryBaseMs: 30_000, retryCapMs: 3_600_000, timeoutMs: 10_000, logDays: 30 };
