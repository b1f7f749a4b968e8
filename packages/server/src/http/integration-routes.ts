import { WEBHOOK_EVENTS } from '@parley/protocol';
import { visibleDialog } from '../services/operator-actions';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, resendDelivery, sendTestEvent, updateEndpoint } from '../services/webhooks/endpoints';
import { createCrmLead, dialogLeads } from '../services/webhooks/leads';
import { listAlerts, markAlertsSeen } from '../services/webhooks/alerts';
import { projectStats } from '../services/stats';
import { handlers } from './router';

/** Webhook endpoints and their log (admins), "Create lead" (anyone who sees the dialog), problem alerts (admins). */
export const integrationHandlers = handlers({
  async webhooks({ ctx, actor }) {
    return { endpoints: await listEndpoints(ctx, actor.projectId), events: [...WEBHOOK_EVENTS] };
  },
  async createWebhook({ ctx, actor, body, reply }) {
    reply.code(201);
    return { endpoint: await createEndpoint(ctx, ctx.integrations.allow, actor.projectId, body) };
  },
  async updateWebhook({ ctx, actor, params, body }) {
    return { endpoint: await updateEndpoint(ctx, ctx.integrations.allow, actor.projectId, params.endpointId, body) };
  },
  async deleteWebhook({ ctx, actor, params, reply }) {
    await deleteEndpoint(ctx, actor.projectId, params.endpointId);
    return reply.code(204).send();
  },
  async webhookDeliveries({ ctx, actor, params, query }) {
    return { deliveries: await listDeliveries(ctx, actor.projectId, params.endpointId, query) };
  },
  async testWebhook({ ctx, actor, params, reply }) {
    const delivery = await sendTestEvent(ctx, actor.projectId, params.endpointId);
    ctx.integrations.kick();
    reply.code(201);
    return { delivery };
  },
  async resendDelivery({ ctx, actor, params, reply }) {
    const delivery = await resendDelivery(ctx, actor.projectId, params.deliveryId);
    ctx.integrations.kick();
    reply.code(201);
    return { delivery };
  },
  async dialogLeads({ ctx, actor, params }) {
    await visibleDialog(ctx, actor, params.dialogId);
    return { leads: await dialogLeads(ctx, params.dialogId) };
  },
  async createDialogLead({ ctx, actor, params, reply }) {
    const d = await visibleDialog(ctx, actor, params.dialogId);
    const lead = await createCrmLead(ctx, d, actor.id);
    ctx.integrations.kick();
    reply.code(201);
    return { lead };
  },
  async stats({ ctx, actor, query }) {
    return projectStats(ctx, actor, query);
  },
  async alerts({ ctx, actor }) {
    return listAlerts(ctx, actor.projectId);
  },
  async alertsSeen({ ctx, actor }) {
    await markAlertsSeen(ctx, actor.projectId);
    return listAlerts(ctx, actor.projectId);
  },
});
