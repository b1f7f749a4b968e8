import type { ClaimColumns } from '../cluster/schema';
/** Tables of migration 0012_integrations (see integrations/migration.ts). */
export interface WebhookEndpointsTable {
  id: string;
  project_id: string;
  url: string;
  description: string;
  /** JSON array of event types. */
  events: string;
  secret: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface WebhookEventsTable {
  id: string;
  project_id: string;
  type: string;
  /** The exact JSON body every delivery of this event sends (and signs). */
  body: string;
  created_at: number;
}

export interface WebhookDeliveriesTable extends ClaimColumns {
  id: string;
  project_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** pending | delivered | failed (given up after 24 h, or the endpoint was removed from the event). */
  status: string;
  attempts: number;
  next_at: number | null;
  response_code: number | null;
  last_error: string | null;
  duration_ms: number | null;
  last_at: number | null;
  created_at: number;
}

export interface CrmLeadsTable {
  id: string;
  project_id: string;
  dialog_id: string;
  operator_id: string | null;
  event_id: string | null;
  created_at: number;
}

export interface AlertsTable {
  id: string;
  project_id: string;
  kind: string;
  dialog_id: string | null;
  score: number | null;
  comment: string | null;
  created_at: number;
  seen_at: number | null;
  /** Claimed when the alert mail was queued (email on: once; off: never). */
  mailed_at: number | null;
}

export interface VisitorJourneysTable {
  visitor_id: string;
  landing_page: string | null;
  referrer: string | null;
  /** JSON object of utm_* parameters. */
  utm: string | null;
  visits: number;
  first_seen: number;
  updated_at: number;
}

export interface IntegrationTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  crm_leads: CrmLeadsTable;
  alerts: AlertsTable;
  visitor_journeys: VisitorJourneysTable;
}
