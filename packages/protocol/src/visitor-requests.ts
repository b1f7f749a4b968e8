import * as v from 'valibot';
import { IdSchema, TimestampSchema } from './ids';
import { MessageSchema, RatingSchema } from './entities';
import { REQUEST_STATUSES, RequestNumberSchema, RequestStatusSchema } from './requests';
/**
 * routes.ts' API_PREFIX, written out: importing it made the widget's loader (where routes.ts lives)
 * export it to the chat chunk, 12 bytes more before interaction. routes.test.ts checks they agree.
 */
const API_PREFIX = '/api/v1';

/** At most this many requests in "My requests" (newest first). */
export const MAX_VISITOR_REQUESTS = 100;

const numeric = v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number));

/** "My requests": filter by status and by creation date (epoch ms, `from` inclusive, `to` exclusive). */
export const VisitorRequestsQuerySchema = v.object({
  status: v.optional(v.picklist(REQUEST_STATUSES)),
  from: v.optional(numeric),
  to: v.optional(numeric),
});
export type VisitorRequestsQuery = v.InferOutput<typeof VisitorRequestsQuerySchema>;

/** One of the visitor's requests, as the visitor sees it. */
export const VisitorRequestSchema = v.object({
  id: IdSchema,
  number: RequestNumberSchema,
  status: RequestStatusSchema,
  /** The subject the visitor gave when starting it, else its first message (cut), or '' when it has none yet. */
  subject: v.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  closedAt: v.nullable(TimestampSchema),
  rating: v.nullable(RatingSchema),
  /** The request the visitor's chat shows now (the one their next message continues). */
  current: v.boolean(),
});
export type VisitorRequest = v.InferOutput<typeof VisitorRequestSchema>;

export const VisitorRequestsResponseSchema = v.object({ requests: v.array(VisitorRequestSchema) });
export type VisitorRequestsResponse = v.InferOutput<typeof VisitorRequestsResponseSchema>;

/** One request with its latest messages (edits and deletions applied), ascending. */
export const VisitorRequestDetailSchema = v.object({ request: VisitorRequestSchema, messages: v.array(MessageSchema) });
export type VisitorRequestDetail = v.InferOutput<typeof VisitorRequestDetailSchema>;

/** The request continued, now the visitor's current one (its messages arrive over the socket). */
export const VisitorRequestResponseSchema = v.object({ request: VisitorRequestSchema });
export type VisitorRequestResponse = v.InferOutput<typeof VisitorRequestResponseSchema>;

/**
 * "My requests" (issue 19). Here, not in routes.ts next to WidgetRoutes: a module belongs to one chunk, and
 * routes.ts is in the widget's loader, while only the chunk that shows the requests needs these paths.
 */
export const VisitorRequestRoutes = {
  /** GET: the visitor's requests (Authorization: Bearer <visitor token>); ?status=&from=&to=. */
  list: `${API_PREFIX}/widget/requests`,
  /** GET: one of the visitor's requests with its messages. */
  one: (id: string) => `${API_PREFIX}/widget/requests/${encodeURIComponent(id)}`,
  onePattern: `${API_PREFIX}/widget/requests/:dialogId`,
  /** POST: continue (reopen) one of the visitor's requests: it becomes the one their chat shows. */
  continue: (id: string) => `${API_PREFIX}/widget/requests/${encodeURIComponent(id)}/continue`,
  continuePattern: `${API_PREFIX}/widget/requests/:dialogId/continue`,
} as const;
