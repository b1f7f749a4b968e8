import type { Presence } from '@parley/protocol';
import type { AllowList } from './ssrf';
import type { EndpointSubscription } from './record';

/**
 * What the rest of the server uses of integrations (services/webhooks/index.ts implements it): a
 * type of its own so the context can name it without importing the service (no cycle).
 */
export interface IntegrationHub {
  /** The SSRF allow-list (PARLEY_WEBHOOK_ALLOW). */
  readonly allow: AllowList;
  /** Something was committed that may have made deliveries or alerts: send them. */
  kick(): void;
  /**
   * The project's enabled endpoints, from memory (loaded at start, reloaded on every change here
   * and, through the bus, on other nodes): what the write path consults inside its transaction.
   */
  endpoints(projectId: string): readonly EndpointSubscription[];
  /** Endpoints of the project were added, changed or removed: reload them (here and on other nodes). */
  endpointsChanged(projectId: string): Promise<void>;
  /** Called by the after-commit fan-out of every dialog change: kicks the worker when the project has endpoints. */
  afterCommit(projectId: string): void;
  /** Alerts of the project were raised (committed) or marked seen: admins' consoles are told over their socket. */
  alertsChanged(projectId: string): void;
  /** An alert of the project was committed: admins' consoles are told, and its webhook and mail go out. */
  alertRaised(projectId: string): void;
  /** Presence or the schedule changed for a project (Presence.refresh). */
  presenceChanged(projectId: string, state: Presence): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Tests: the checks and alert mail started so far have finished. */
  idle(): Promise<void>;
}
