import type { Presence } from '@parley/protocol';
import type { AllowList } from './ssrf';

/**
 * What the rest of the server uses of integrations (services/webhooks/index.ts implements it): a
 * type of its own so the context can name it without importing the service (no cycle).
 */
export interface IntegrationHub {
  /** The SSRF allow-list (PARLEY_WEBHOOK_ALLOW). */
  readonly allow: AllowList;
  /** Something was committed that may have made deliveries or alerts: send them. */
  kick(): void;
  /** Presence or the schedule changed for a project (Presence.refresh). */
  presenceChanged(projectId: string, state: Presence): void;
  start(): void;
  stop(): Promise<void>;
  /** Tests: the checks and alert mail started so far have finished. */
  idle(): Promise<void>;
}
