import {
  AlertListResponseSchema, CreateLeadResponseSchema, CreateWebhookBodySchema, DeliveryListQuerySchema, DeliveryListResponseSchema,
  DeliveryResponseSchema, DialogLeadsResponseSchema, IntegrationRoutes, StatsQuerySchema, StatsRoutes, StatsSchema, UpdateWebhookBodySchema, WebhookListResponseSchema, WebhookResponseSchema,
} from '@parley/protocol';
import type { RouteSpec } from './route-spec';

const E = 'ApiError';

/** Routes of issue 16 (webhooks, CRM leads, problem alerts); spread into ROUTES by api-spec.ts. */
export const INTEGRATION_ROUTES = {
  webhooks: { method: 'get', path: IntegrationRoutes.webhooks, summary: 'Webhook endpoints of the project (with their signing secrets), and the event types they may take', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', responses: { 200: WebhookListResponseSchema, 403: E } },
  createWebhook: { method: 'post', path: IntegrationRoutes.webhooks, summary: 'Add a webhook endpoint (http/https; private, loopback and reserved addresses are refused unless the server allows them with PARLEY_WEBHOOK_ALLOW)', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', body: CreateWebhookBodySchema, responses: { 201: WebhookResponseSchema, 400: E, 403: E } },
  updateWebhook: { method: 'patch', path: IntegrationRoutes.webhookPattern, summary: 'Change an endpoint: URL, description, events, enabled; rotateSecret makes a new signing secret', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', body: UpdateWebhookBodySchema, responses: { 200: WebhookResponseSchema, 400: E, 403: E, 404: E } },
  deleteWebhook: { method: 'delete', path: IntegrationRoutes.webhookPattern, summary: 'Remove an endpoint and its delivery log', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', responses: { 204: 'Removed', 403: E, 404: E } },
  webhookDeliveries: { method: 'get', path: IntegrationRoutes.deliveriesPattern, summary: 'The endpoint\'s delivery log, newest first: status, response code, time, attempts', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', query: DeliveryListQuerySchema, responses: { 200: DeliveryListResponseSchema, 403: E, 404: E } },
  testWebhook: { method: 'post', path: IntegrationRoutes.testPattern, summary: 'Send test event: a signed webhook.test to this endpoint', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', responses: { 201: DeliveryResponseSchema, 403: E, 404: E } },
  resendDelivery: { method: 'post', path: IntegrationRoutes.resendPattern, summary: 'Resend: the same event (same id and body) again, now, as a new delivery', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', responses: { 201: DeliveryResponseSchema, 403: E, 404: E } },
  dialogLeads: { method: 'get', path: IntegrationRoutes.dialogLeadsPattern, summary: 'CRM leads made from this dialog and their delivery state', auth: 'operator', scope: 'project', tag: 'integrations', responses: { 200: DialogLeadsResponseSchema, 404: E } },
  createDialogLead: { method: 'post', path: IntegrationRoutes.dialogLeadsPattern, summary: 'Create lead: lead.created to the project\'s endpoints with the visitor\'s contacts, custom params, CRM fields, pages and referrer, the transcript without notes, response times or rating, and your email', auth: 'operator', scope: 'project', tag: 'integrations', responses: { 201: CreateLeadResponseSchema, 404: E } },
  alerts: { method: 'get', path: IntegrationRoutes.alerts, summary: 'Problem alerts (rating below 4; nobody online in working hours), newest first, with the unseen count', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', responses: { 200: AlertListResponseSchema, 403: E } },
  alertsSeen: { method: 'post', path: IntegrationRoutes.alertsSeen, summary: 'Mark every alert of the project seen (the banner goes away)', auth: 'operator', scope: 'project', role: 'admin', tag: 'integrations', responses: { 200: AlertListResponseSchema, 403: E } },
  stats: { method: 'get', path: StatsRoutes.stats, summary: 'Statistics of a period (from/to: epoch ms, at most 400 days): dialogs started, closed, missed; rating average and distribution; first response and resolution time (median, p90); per operator; per day; busiest hours; top tags and words of first messages. Owners and admins see the project (or operatorId); operators their own dialogs', auth: 'operator', scope: 'project', tag: 'integrations', query: StatsQuerySchema, responses: { 200: StatsSchema, 400: E } },
} as const satisfies Record<string, RouteSpec>;
