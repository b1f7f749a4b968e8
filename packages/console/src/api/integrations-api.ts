import {
  AlertListResponseSchema,
  CreateLeadResponseSchema,
  DeliveryListResponseSchema,
  DeliveryResponseSchema,
  DialogLeadsResponseSchema,
  IntegrationRoutes,
  StatsRoutes,
  StatsSchema,
  WebhookListResponseSchema,
  type StatsQuery,
  WebhookResponseSchema,
  type CreateWebhookBody,
  type DeliveryStatus,
  type UpdateWebhookBody,
} from '@parley/protocol';
import type { Http } from './http';

/** Webhooks, CRM leads and problem alerts (issue 16): spread into the operator API. */
export function integrationsApi(http: Http) {
  return {
    webhooks: () => http.get(IntegrationRoutes.webhooks, WebhookListResponseSchema),
    createWebhook: (body: CreateWebhookBody) => http.call('POST', IntegrationRoutes.webhooks, body, WebhookResponseSchema).then((r) => r.endpoint),
    updateWebhook: (id: string, body: UpdateWebhookBody) =>
      http.call('PATCH', IntegrationRoutes.webhook(id), body, WebhookResponseSchema).then((r) => r.endpoint),
    removeWebhook: (id: string) => http.fire('DELETE', IntegrationRoutes.webhook(id)),
    deliveries: (id: string, status?: DeliveryStatus) =>
      http.get(IntegrationRoutes.deliveries(id), DeliveryListResponseSchema, { status }).then((r) => r.deliveries),
    testWebhook: (id: string) => http.call('POST', IntegrationRoutes.test(id), undefined, DeliveryResponseSchema).then((r) => r.delivery),
    resendDelivery: (id: string) => http.call('POST', IntegrationRoutes.resend(id), undefined, DeliveryResponseSchema).then((r) => r.delivery),
    dialogLeads: (dialogId: string) => http.get(IntegrationRoutes.dialogLeads(dialogId), DialogLeadsResponseSchema).then((r) => r.leads),
    createLead: (dialogId: string) => http.call('POST', IntegrationRoutes.dialogLeads(dialogId), undefined, CreateLeadResponseSchema).then((r) => r.lead),
    stats: (q: StatsQuery) => http.get(StatsRoutes.stats, StatsSchema, q),
    alerts: () => http.get(IntegrationRoutes.alerts, AlertListResponseSchema),
    alertsSeen: () => http.call('POST', IntegrationRoutes.alertsSeen, undefined, AlertListResponseSchema),
  };
}
