import * as v from 'valibot';
import { IdSchema, TimestampSchema } from './ids';
import { MessageSchema } from './entities';
import { CLOSE_STATUSES, DialogVisitorSchema } from './operator/entities';
import { CHANNELS } from './device';

/**
 * Webhooks (issue 16): what the server POSTs to a project's endpoints, how the body is signed, and
 * the operator API that manages endpoints, deliveries, CRM leads and problem alerts.
 * The one way out of Parley for CRMs and automations. Documented in docs/webhooks.md.
 */

/** Version of the webhook envelope; a breaking change of any payload bumps it. */
export const WEBHOOK_VERSION = 1;
/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (the Stripe scheme). */
export const WEBHOOK_SIGNATURE_HEADER = 'Parley-Signature';
/** Receivers should refuse a signature whose timestamp is further than this from their clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** Deliveries that keep failing are retried (exponential backoff with jitter) for this long. */
export const WEBHOOK_MAX_AGE_MS = 24 * 3_600_000;
export const MAX_WEBHOOK_ENDPOINTS = 20;

export const WEBHOOK_EVENTS = [
  'message.created',
  'dialog.opened',
  'dialog.closed',
  'dialog.assigned',
  'lead.created',
  'rating.submitted',
  'alert.raised',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by "Send test event"; endpoints cannot subscribe to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The dialog as every dialog event carries it. */
export const WebhookDialogSchema = v.object({
  id: IdSchema,
  status: v.picklist(['open', 'closed']),
  closeStatus: v.nullable(v.picklist(CLOSE_STATUSES)),
  channel: v.picklist(CHANNELS),
  createdAt: TimestampSchema,
  visitor: DialogVisitorSchema,
  /** The assignee; `email` lets a CRM make the same person responsible. */
  assignee: v.nullable(v.object({ id: IdSchema, name: v.string(), email: v.string() })),
});
export type WebhookDialog = v.InferOutput<typeof WebhookDialogSchema>;

const RatingSchema = v.nullable(v.object({ score: v.number(), comment: v.nullable(v.string()) }));

/** A page of the visitor's journey. */
export const JourneyPageSchema = v.object({ url: v.string(), title: v.nullable(v.string()), at: TimestampSchema });

/** One line of a lead's transcript: what the visitor and the operators said (never notes). */
export const TranscriptLineSchema = v.object({
  at: TimestampSchema,
  author: v.picklist(['visitor', 'operator', 'system']),
  name: v.nullable(v.string()),
  text: v.string(),
  attachments: v.array(v.object({ name: v.string(), url: v.string() })),
});

/**
 * `lead.created`. `source`: the operator's "Create lead" (crm), the offline form or a callback request.
 * A CRM lead never carries notes, response times or the rating (the product documents' rule).
 */
export const WebhookLeadSchema = v.object({
  id: IdSchema,
  source: v.picklist(['crm', 'offline_form', 'callback']),
  contact: v.object({ name: v.nullable(v.string()), email: v.nullable(v.string()), phone: v.nullable(v.string()) }),
  message: v.nullable(v.string()),
  preferredTime: v.nullable(v.string()),
  /** setCustomParams values of the visitor. */
  customParams: v.record(v.string(), v.unknown()),
  /** The admin's extra CRM fields (Settings → CRM fields), as key → value. */
  crmFields: v.record(v.string(), v.string()),
  page: v.nullable(v.string()),
  referrer: v.nullable(v.string()),
  landingPage: v.nullable(v.string()),
  utm: v.record(v.string(), v.string()),
  pages: v.array(JourneyPageSchema),
  dialogId: v.nullable(IdSchema),
  visitorId: v.nullable(IdSchema),
  /** The operator who created the lead (their email names the responsible person in the CRM). */
  operator: v.nullable(v.object({ id: IdSchema, name: v.string(), email: v.string() })),
  transcript: v.array(TranscriptLineSchema),
  createdAt: TimestampSchema,
});
export type WebhookLead = v.InferOutput<typeof WebhookLeadSchema>;

export const ALERT_KINDS = ['low_rating', 'nobody_online'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** A problem alert: a dialog closed with a rating below 4, or nobody online in working hours. */
export const AlertSchema = v.object({
  id: IdSchema,
  kind: v.picklist(ALERT_KINDS),
  dialogId: v.nullable(IdSchema),
  score: v.nullable(v.number()),
  comment: v.nullable(v.string()),
  createdAt: TimestampSchema,
  seenAt: v.nullable(TimestampSchema),
});
export type Alert = v.InferOutput<typeof AlertSchema>;

/** `data` of each event type. */
export const WebhookDataSchemas = {
  'message.created': v.object({ dialog: WebhookDialogSchema, message: MessageSchema }),
  'dialog.opened': v.object({ dialog: WebhookDialogSchema, reopened: v.boolean() }),
  'dialog.closed': v.object({ dialog: WebhookDialogSchema, closeStatus: v.nullable(v.picklist(CLOSE_STATUSES)), rating: RatingSchema }),
  'dialog.assigned': v.object({ dialog: WebhookDialogSchema, operator: v.nullable(v.object({ id: IdSchema, name: v.string(), email: v.string() })) }),
  'lead.created': v.object({ lead: WebhookLeadSchema }),
  'rating.submitted': v.object({ dialog: WebhookDialogSchema, score: v.number(), comment: v.nullable(v.string()) }),
  'alert.raised': v.object({ alert: AlertSchema }),
} as const;

/** The body of every delivery: `{ id, type, version, projectId, createdAt, data }`. */
export const WebhookEnvelopeSchema = v.object({
  /** The event's id: the same on every retry and resend (receivers deduplicate on it). */
  id: IdSchema,
  type: v.union([v.picklist(WEBHOOK_EVENTS), v.literal(WEBHOOK_TEST_EVENT)]),
  version: v.literal(WEBHOOK_VERSION),
  projectId: v.string(),
  createdAt: TimestampSchema,
  data: v.record(v.string(), v.unknown()),
});
export type WebhookEnvelope = v.InferOutput<typeof WebhookEnvelopeSchema>;

// ---- operator API ----

const WebhookUrlSchema = v.pipe(v.string(), v.trim(), v.maxLength(2000), v.url(), v.regex(/^https?:\/\//, 'http(s) URL'));
const EventListSchema = v.pipe(v.array(v.picklist(WEBHOOK_EVENTS)), v.minLength(1), v.maxLength(WEBHOOK_EVENTS.length));

export const WebhookEndpointSchema = v.object({
  id: IdSchema,
  url: v.string(),
  description: v.string(),
  events: v.array(v.picklist(WEBHOOK_EVENTS)),
  enabled: v.boolean(),
  /** whsec_… : shown to admins so they can verify signatures. */
  secret: v.string(),
  createdAt: TimestampSchema,
  /** Deliveries still waiting for a retry, and the last one's outcome. */
  pending: v.number(),
  lastStatus: v.nullable(v.picklist(['delivered', 'pending', 'failed'])),
});
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpointSchema>;

export const CreateWebhookBodySchema = v.object({
  url: WebhookUrlSchema,
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  events: EventListSchema,
  enabled: v.optional(v.boolean()),
});
export type CreateWebhookBody = v.InferOutput<typeof CreateWebhookBodySchema>;
export const UpdateWebhookBodySchema = v.object({
  url: v.optional(WebhookUrlSchema),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  events: v.optional(EventListSchema),
  enabled: v.optional(v.boolean()),
  /** true: a new secret (the old one stops signing at once). */
  rotateSecret: v.optional(v.boolean()),
});
export type UpdateWebhookBody = v.InferOutput<typeof UpdateWebhookBodySchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const WebhookDeliverySchema = v.object({
  id: IdSchema,
  endpointId: IdSchema,
  eventId: IdSchema,
  eventType: v.string(),
  status: v.picklist(DELIVERY_STATUSES),
  attempts: v.number(),
  /** HTTP status of the last attempt; null when it never got an answer. */
  responseCode: v.nullable(v.number()),
  error: v.nullable(v.string()),
  durationMs: v.nullable(v.number()),
  createdAt: TimestampSchema,
  lastAttemptAt: v.nullable(TimestampSchema),
  nextAttemptAt: v.nullable(TimestampSchema),
});
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;

export const WebhookListResponseSchema = v.object({ endpoints: v.array(WebhookEndpointSchema), events: v.array(v.picklist(WEBHOOK_EVENTS)) });
export const WebhookResponseSchema = v.object({ endpoint: WebhookEndpointSchema });
export const DeliveryListQuerySchema = v.object({
  status: v.optional(v.picklist(DELIVERY_STATUSES)),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/))),
});
export const DeliveryListResponseSchema = v.object({ deliveries: v.array(WebhookDeliverySchema) });
export const DeliveryResponseSchema = v.object({ delivery: WebhookDeliverySchema });

/** The lead state a dialog shows: the CRM leads made from it and how their deliveries stand. */
export const DialogLeadSchema = v.object({
  id: IdSchema,
  createdAt: TimestampSchema,
  operatorName: v.nullable(v.string()),
  /** none: no endpoint subscribes to lead.created (nothing was sent). */
  state: v.picklist(['none', 'pending', 'delivered', 'failed']),
  endpoints: v.number(),
  delivered: v.number(),
});
export type DialogLead = v.InferOutput<typeof DialogLeadSchema>;
export const DialogLeadsResponseSchema = v.object({ leads: v.array(DialogLeadSchema) });
export const CreateLeadResponseSchema = v.object({ lead: DialogLeadSchema });

export const AlertListResponseSchema = v.object({ alerts: v.array(AlertSchema), unseen: v.number() });

const OPI = '/api/v1/operator';
export const IntegrationRoutes = {
  /** GET (admins): endpoints; POST: add one. */
  webhooks: `${OPI}/webhooks`,
  /** PATCH / DELETE (admins). */
  webhook: (id: string) => `${OPI}/webhooks/${encodeURIComponent(id)}`,
  webhookPattern: `${OPI}/webhooks/:endpointId`,
  /** GET (admins): the endpoint's delivery log, newest first. */
  deliveries: (id: string) => `${OPI}/webhooks/${encodeURIComponent(id)}/deliveries`,
  deliveriesPattern: `${OPI}/webhooks/:endpointId/deliveries`,
  /** POST (admins): a `webhook.test` event to this endpoint. */
  test: (id: string) => `${OPI}/webhooks/${encodeURIComponent(id)}/test`,
  testPattern: `${OPI}/webhooks/:endpointId/test`,
  /** POST (admins): deliver this event again now (a new delivery row, the same event id). */
  resend: (id: string) => `${OPI}/webhook-deliveries/${encodeURIComponent(id)}/resend`,
  resendPattern: `${OPI}/webhook-deliveries/:deliveryId/resend`,
  /** GET: the dialog's CRM leads; POST: "Create lead". */
  dialogLeads: (dialogId: string) => `${OPI}/dialogs/${encodeURIComponent(dialogId)}/crm-leads`,
  dialogLeadsPattern: `${OPI}/dialogs/:dialogId/crm-leads`,
  /** GET (admins): problem alerts; POST seen: mark them all seen. */
  alerts: `${OPI}/alerts`,
  alertsSeen: `${OPI}/alerts/seen`,
} as const;
