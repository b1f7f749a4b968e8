import * as v from 'valibot';
import { IdSchema } from '../ids';
import { MessageSchema } from '../entities';
import {
  DIALOG_VISITOR_ENTRIES,
  DialogSummarySchema,
  GroupSchema,
  LeadSchema,
  NoteSchema,
  OperatorSchema,
  ProjectSummarySchema,
  TagDefSchema,
  ErasedCountsSchema,
  ProjectStorageSchema,
  TemplateSchema,
  UploadedFileSchema,
} from './entities';
import { TimestampSchema } from '../ids';

/**
 * Response bodies of the HTTP API (besides DialogDetailSchema, TimelineSchema and ProjectInfoSchema,
 * which are returned as they are). Every non-2xx response is an ApiError.
 */
export const OperatorResponseSchema = v.object({ operator: OperatorSchema });
/** GET OperatorRoutes.session: the signed-in operator, or null (never a 401). */
export const SessionResponseSchema = v.object({ operator: v.nullable(OperatorSchema) });
export const OperatorListResponseSchema = v.object({ operators: v.array(OperatorSchema) });
export const DialogListResponseSchema = v.object({
  dialogs: v.array(DialogSummarySchema),
  /** Pass as `cursor` to get the next page; null on the last page. */
  next: v.nullable(v.string()),
});
export const DialogResponseSchema = v.object({ dialog: DialogSummarySchema });
export const MessageResponseSchema = v.object({ message: MessageSchema });
export const NoteResponseSchema = v.object({ note: NoteSchema });
export const TemplateResponseSchema = v.object({ template: TemplateSchema });
export const TemplateListResponseSchema = v.object({ templates: v.array(TemplateSchema) });
export const LeadResponseSchema = v.object({ lead: LeadSchema });
export const LeadListResponseSchema = v.object({ leads: v.array(LeadSchema) });
/** Widget and operator uploads. */
export const UploadResponseSchema = v.object({ upload: UploadedFileSchema });
/** POST WidgetRoutes.callback. */
export const CallbackResponseSchema = v.object({ id: IdSchema });

export type DialogListResponse = v.InferOutput<typeof DialogListResponseSchema>;
export const GroupListResponseSchema = v.object({ groups: v.array(GroupSchema) });
export const GroupResponseSchema = v.object({ group: GroupSchema });
export const TagListResponseSchema = v.object({ tags: v.array(TagDefSchema) });
export const BlockedVisitorsResponseSchema = v.object({
  visitors: v.array(v.object({ ...DIALOG_VISITOR_ENTRIES, blockedAt: TimestampSchema })),
});
export type BlockedVisitor = v.InferOutput<typeof BlockedVisitorsResponseSchema>['visitors'][number];
export const ProjectStorageResponseSchema = v.object({ storage: ProjectStorageSchema });
export const EraseResponseSchema = v.object({ erased: ErasedCountsSchema });

/** GET OperatorRoutes.projects: the operator's projects, for the switcher. */
export const ProjectListResponseSchema = v.object({ projects: v.array(ProjectSummarySchema) });
export const ProjectResponseSchema = v.object({ project: ProjectSummarySchema });
/** POST OperatorRoutes.resetRequest: `mail` says whether this server sends email (it never says whether the address is known). */
export const ResetRequestResponseSchema = v.object({ mail: v.boolean() });
/** POST SetupRoutes.setup: the owner (now signed in) and the first project. */
export const SetupResponseSchema = v.object({ operator: OperatorSchema, project: ProjectSummarySchema });
/** GET SetupRoutes.setup. */
export const SetupStatusSchema = v.object({ needed: v.boolean() });
/** GET OpsRoutes.healthz / readyz. */
export const HealthSchema = v.object({ status: v.picklist(['ok', 'draining', 'unavailable']), checks: v.optional(v.record(v.string(), v.string())) });

/** Whether this dialog's visitor can be mailed (the composer's "email" choice), and if not why. */
export const DialogEmailSchema = v.object({
  available: v.boolean(),
  /** The visitor's address, when they left one. */
  address: v.nullable(v.string()),
  /** Why "email" cannot be chosen (English, for the tooltip), when it cannot. */
  reason: v.nullable(v.string()),
});
export type DialogEmail = v.InferOutput<typeof DialogEmailSchema>;
export const TestEmailResponseSchema = v.object({ sent: v.boolean(), to: v.string(), error: v.optional(v.string()) });
export type TestEmailResponse = v.InferOutput<typeof TestEmailResponseSchema>;
export const QueuedResponseSchema = v.object({ queued: v.boolean() });
