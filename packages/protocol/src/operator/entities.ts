import * as v from 'valibot';
import { CallSettingsSchema } from '../calls';
import { IdSchema, ProjectIdSchema, SeqSchema, TimestampSchema } from '../ids';
import { DeviceInfoSchema } from '../device';
import { AttachmentSchema, CustomParamsSchema, DIALOG_STATUSES, MessageSchema, PUBLIC_CONFIG_ENTRIES, RatingSchema, VISITOR_KINDS } from '../entities';
import { ATTACHMENT_KINDS } from '../rules/attachment-limits';
import { MAX_NAME_LENGTH, MAX_TAG_LENGTH } from '../limits';
import { CHANNELS } from '../device';
import { HexColorSchema } from '../entities';
import { PageFilterSchema } from '../rules/page-filter';
import { mergeEntries } from '../internal/merge-entries';
import { VisitorEventSchema } from '../visitor-events';
import { RequestNumberSchema, RequestStatusSchema } from '../requests';

const line = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

export const ROLES = ['owner', 'admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];
export const OPERATOR_STATUSES = ['online', 'offline'] as const;
/**
 * Workspace roles, on the account: the owner (made at setup) and the admins the owner names
 * create, rename and delete projects, and are admins of every project.
 */
export const WORKSPACE_ROLES = ['owner', 'admin'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

/**
 * What visitors and colleagues see of an operator, as the widget does: online (status on and a
 * console open), away (status on, console closed), offline (status off).
 */
export const PRESENCES = ['online', 'away', 'offline'] as const;
export type OperatorPresenceState = (typeof PRESENCES)[number];
export function presenceOf(status: OperatorStatus, consoleOpen: boolean): OperatorPresenceState {
  return status !== 'online' ? 'offline' : consoleOpen ? 'online' : 'away';
}

/** Per-operator console preferences, kept on the server so they follow the operator. */
export const OperatorPrefsSchema = v.object({
  /** New unassigned chats chime (the documents' default: only assigned chats notify). */
  newChatSound: v.boolean(),
  /** New unassigned chats count in the tab title. */
  newChatTitle: v.boolean(),
  /** The first sign-in banner (you are offline, here is how to go online) was dismissed. */
  welcomed: v.boolean(),
});
export type OperatorPrefs = v.InferOutput<typeof OperatorPrefsSchema>;
export const DEFAULT_OPERATOR_PREFS: OperatorPrefs = { newChatSound: false, newChatTitle: false, welcomed: false };
export const MAX_CHATS_LIMIT = 100;

export const OperatorSchema = v.object({
  id: IdSchema,
  email: v.string(),
  name: line(MAX_NAME_LENGTH),
  /** Role in the project the request acts in. */
  role: v.picklist(ROLES),
  /** Workspace role of the account (null: none). */
  workspaceRole: v.optional(v.nullable(v.picklist(WORKSPACE_ROLES))),
  avatarUrl: v.nullable(v.string()),
  status: v.picklist(OPERATOR_STATUSES),
  presence: v.picklist(PRESENCES),
  groupIds: v.array(IdSchema),
  /** Auto-assignment: open chats at most (null: no limit). */
  maxChats: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CHATS_LIMIT))),
  /** Only in the operator's own record (me, login, welcome). */
  prefs: v.optional(OperatorPrefsSchema),
  createdAt: TimestampSchema,
});
export type Operator = v.InferOutput<typeof OperatorSchema>;

/** A project the signed-in operator belongs to (the console's project switcher). */
export const ProjectSummarySchema = v.object({
  id: ProjectIdSchema,
  name: v.string(),
  role: v.picklist(ROLES),
  /** Open dialogs this operator may see that have unread visitor messages. */
  unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
  createdAt: TimestampSchema,
});
export type ProjectSummary = v.InferOutput<typeof ProjectSummarySchema>;

/** The keys site owners sign with, one per form (protocol `deriveIdentityKey`). */
export const IdentityKeysSchema = v.object({ hmac: v.string(), jwt: v.string() });
export type IdentityKeys = v.InferOutput<typeof IdentityKeysSchema>;

/**
 * An identity secret, shown as its keys: the newest is current (it signs); the previous one still
 * verifies until revoked or expired.
 */
export const IdentitySecretSchema = v.object({
  id: IdSchema,
  keys: IdentityKeysSchema,
  current: v.boolean(),
  createdAt: TimestampSchema,
  /** Previous secrets only: when it stops verifying on its own (null: when revoked). */
  expiresAt: v.nullable(TimestampSchema),
});
export type IdentitySecret = v.InferOutput<typeof IdentitySecretSchema>;
export const OperatorRefSchema = v.object({ id: IdSchema, name: v.string() });
export type OperatorRef = v.InferOutput<typeof OperatorRefSchema>;

/** Roles that see every dialog, assign and transfer them ("оператор-администратор"). */
export function isAdminRole(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
/** Only the owner makes admins; admins manage operators. */
export function canGrantRole(actor: Role, target: Role): boolean {
  if (target === 'owner') return false;
  if (target === 'admin') return actor === 'owner';
  return isAdminRole(actor);
}

export const CLOSE_STATUSES = ['resolved', 'unresolved', 'spam'] as const;
export type CloseStatus = (typeof CLOSE_STATUSES)[number];

export const TagSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TAG_LENGTH));
/** A tag of the project's managed list, with its colour. */
export const TagDefSchema = v.object({ name: TagSchema, color: HexColorSchema });
export type TagDef = v.InferOutput<typeof TagDefSchema>;

/** A group (department): operators belong to groups, dialogs are routed to one. */
export const GroupSchema = v.object({ id: IdSchema, name: line(MAX_NAME_LENGTH), operatorIds: v.array(IdSchema) });
export type Group = v.InferOutput<typeof GroupSchema>;

/** Where a visitor is, from the server's local GeoIP database (no network call). */
export const VisitorLocationSchema = v.object({
  countryCode: v.nullable(v.string()),
  region: v.nullable(v.string()),
  city: v.nullable(v.string()),
  /** IANA zone of the place, for the visitor's local time. */
  timeZone: v.nullable(v.string()),
});
export type VisitorLocation = v.InferOutput<typeof VisitorLocationSchema>;

/** Who the visitor is: shared by the list row (below) and the visitor card. */
const VISITOR_IDENTITY_ENTRIES = {
  id: IdSchema,
  kind: v.picklist(VISITOR_KINDS),
  userId: v.nullable(v.string()),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  phone: v.nullable(v.string()),
};

/** The visitor as dialog lists and notifications show them. */
const DIALOG_VISITOR_ENTRIES = /*#__PURE__*/ mergeEntries(VISITOR_IDENTITY_ENTRIES, {
  location: v.nullable(VisitorLocationSchema),
  blocked: v.boolean(),
});
export const DialogVisitorSchema = v.object(DIALOG_VISITOR_ENTRIES);
export { DIALOG_VISITOR_ENTRIES };
export type DialogVisitor = v.InferOutput<typeof DialogVisitorSchema>;

export const DialogSummarySchema = v.object({
  id: IdSchema,
  status: v.picklist(DIALOG_STATUSES),
  closeStatus: v.nullable(v.picklist(CLOSE_STATUSES)),
  channel: v.picklist(CHANNELS),
  visitor: DialogVisitorSchema,
  groupId: v.nullable(IdSchema),
  assignee: v.nullable(OperatorRefSchema),
  lastMessage: v.nullable(
    v.object({
      text: v.string(),
      authorKind: v.picklist(['visitor', 'operator', 'system']),
      at: TimestampSchema,
      hasAttachments: v.boolean(),
    }),
  ),
  /** Visitor messages this operator has not read yet (each operator has their own read mark). */
  unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
  lastSeq: SeqSchema,
  /** The visitor has read the dialog up to this seq (operators' messages up to it show "Read"). */
  visitorReadSeq: SeqSchema,
  rating: v.nullable(RatingSchema),
  tags: v.array(v.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  closedAt: v.nullable(TimestampSchema),
  /** Set when the visitor's data was erased: the dialog is a tombstone without personal data. */
  erasedAt: v.optional(v.nullable(TimestampSchema)),
  /** The request's number in the project (`#1042`) and its status. */
  number: v.optional(RequestNumberSchema),
  request: v.optional(RequestStatusSchema),
  /** The subject the visitor gave when starting the request (absent: none given; the first message stands for it). */
  subject: v.optional(v.string()),
});
export type DialogSummary = v.InferOutput<typeof DialogSummarySchema>;

export const DeviceRecordSchema = v.object({
  id: IdSchema,
  info: DeviceInfoSchema,
  /** deviceLabel(info), precomputed. */
  label: v.string(),
  /** appLabel(info.app) when the visitor wrote from a native app. */
  appLabel: v.nullable(v.string()),
  ip: v.nullable(v.string()),
  firstSeenAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
});
export type DeviceRecord = v.InferOutput<typeof DeviceRecordSchema>;

export const PageVisitSchema = v.object({ url: v.string(), title: v.nullable(v.string()), at: TimestampSchema });
export type PageVisit = v.InferOutput<typeof PageVisitSchema>;

/** The visitor card operators see (a plain object: shared by the dialog detail and the export). */
const VISITOR_CARD_ENTRIES = /*#__PURE__*/ mergeEntries(VISITOR_IDENTITY_ENTRIES, { firstSeenAt: TimestampSchema });

export const DialogDetailSchema = v.object({
  dialog: DialogSummarySchema,
  visitor: v.object({
    ...DIALOG_VISITOR_ENTRIES,
    /** Operators' note: never shown to the visitor. */
    note: v.nullable(v.string()),
    firstSeenAt: TimestampSchema,
    /** When the visitor consented to the privacy policy in the pre-chat form. */
    consentAt: v.nullable(TimestampSchema),
  }),
  customParams: CustomParamsSchema,
  /** Current page first. */
  pages: v.array(PageVisitSchema),
  referrer: v.nullable(v.string()),
  ip: v.nullable(v.string()),
  devices: v.array(DeviceRecordSchema),
  /** Earlier dialogs of the same person: verified visitors only, always empty for anonymous ones. */
  previousDialogs: v.array(DialogSummarySchema),
  /** Where the visitor came from and what they saw before writing (issue 16). */
  journey: v.optional(
    v.object({
      landingPage: v.nullable(v.string()),
      referrer: v.nullable(v.string()),
      utm: v.record(v.string(), v.string()),
      visits: v.number(),
      firstSeenAt: v.nullable(TimestampSchema),
      pagesBeforeFirstMessage: v.array(v.object({ url: v.string(), title: v.nullable(v.string()), at: TimestampSchema })),
    }),
  ),
});
export type DialogDetail = v.InferOutput<typeof DialogDetailSchema>;

/** Internal note: operators only, never sent to a visitor, not part of the visitor's sequence. */
export const NoteSchema = v.object({
  id: IdSchema,
  dialogId: IdSchema,
  author: OperatorRefSchema,
  text: v.string(),
  createdAt: TimestampSchema,
});
export type Note = v.InferOutput<typeof NoteSchema>;

export const TIMELINE_EVENT_KINDS = ['opened', 'reopened', 'closed', 'assigned', 'rated'] as const;
export const TimelineEventSchema = v.object({
  kind: v.picklist(TIMELINE_EVENT_KINDS),
  seq: SeqSchema,
  at: TimestampSchema,
  operator: v.optional(v.nullable(OperatorRefSchema)),
  closeStatus: v.optional(v.picklist(CLOSE_STATUSES)),
  rating: v.optional(RatingSchema),
});
export type TimelineEvent = v.InferOutput<typeof TimelineEventSchema>;

/**
 * Operators only (the visitor sees nothing of it, as in Intercom and Crisp): a message that went by
 * email. 'sent': an operator message mailed to the visitor at `address`. 'received': a visitor
 * message that came as a reply mail from `address`; `spoofed` when that is not the visitor's
 * address (`expected`, null when they had none): check before trusting it.
 */
export const MessageMailSchema = v.object({
  messageId: IdSchema,
  direction: v.picklist(['sent', 'received']),
  address: v.string(),
  at: TimestampSchema,
  spoofed: v.optional(v.boolean()),
  expected: v.optional(v.nullable(v.string())),
});
export type MessageMail = v.InferOutput<typeof MessageMailSchema>;

/** Everything in a dialog for operators; the console merges the three lists by time. */
export const TimelineSchema = v.object({
  dialogId: IdSchema,
  /** Current state (edits applied, deleted ones flagged), ascending by seq. deviceId set on visitor messages. */
  messages: v.array(MessageSchema),
  notes: v.array(NoteSchema),
  events: v.array(TimelineEventSchema),
  /**
   * What the site recorded about the visitor (`parley('event', …)`) within the page's time span; on
   * the oldest page, since the visitor's previous conversation. No seq: merged by time, like notes.
   */
  visitorEvents: v.array(VisitorEventSchema),
  /** The email marks of the page's messages (see MessageMailSchema). */
  mail: v.array(MessageMailSchema),
  cursor: SeqSchema,
  hasMore: v.boolean(),
});
export type Timeline = v.InferOutput<typeof TimelineSchema>;

export const TemplateSchema = v.object({
  id: IdSchema,
  title: v.string(),
  text: v.string(),
  /** Typed after "." in the composer, e.g. ".hello". */
  shortcut: v.nullable(v.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Template = v.InferOutput<typeof TemplateSchema>;

export const LEAD_KINDS = ['offline_form', 'callback'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];
/** Offline form submissions and callback requests: stored, shown to operators, never lost. */
export const LeadSchema = v.object({
  id: IdSchema,
  kind: v.picklist(LEAD_KINDS),
  status: v.picklist(['new', 'done']),
  name: v.nullable(v.string()),
  phone: v.nullable(v.string()),
  email: v.nullable(v.string()),
  message: v.nullable(v.string()),
  preferredTime: v.nullable(v.string()),
  page: v.nullable(v.string()),
  device: v.nullable(v.string()),
  ip: v.nullable(v.string()),
  createdAt: TimestampSchema,
});
export type Lead = v.InferOutput<typeof LeadSchema>;

export const UploadedFileSchema = v.object({
  id: IdSchema,
  name: v.string(),
  mime: v.string(),
  size: v.number(),
  kind: v.picklist(ATTACHMENT_KINDS),
});
export type UploadedFile = v.InferOutput<typeof UploadedFileSchema>;

/** CRM extra fields ("Дополнительные поля"): values sent with a lead to the CRM. */
export const CrmFieldSchema = v.object({ key: line(100), value: line(1000) });

/** Full project settings as admins edit them: the public config plus private settings. */
/**
 * Routing of new dialogs to a group: the first rule whose channels (empty: any) and page rules
 * (the page filter's syntax; disabled: any page) match the dialog's first message wins. A
 * `group` custom parameter (pre-chat choice, setCustomParams) naming a group wins over rules.
 */
export const RoutingRuleSchema = v.object({
  groupId: IdSchema,
  channels: v.pipe(v.array(v.picklist(CHANNELS)), v.maxLength(CHANNELS.length)),
  pages: PageFilterSchema,
});
export type RoutingRule = v.InferOutput<typeof RoutingRuleSchema>;
/** Off by default: the documents' flow is "an admin assigns". */
export const AutoAssignSchema = v.object({ enabled: v.boolean() });

/** Empty, or one address (what people type in settings; checked, not rewritten). */
const optionalEmail = v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.email(), v.maxLength(254))]);
/**
 * Email of a project (the server's SMTP settings decide whether any mail goes out at all):
 * replies to visitors who left an address and are away, the reply-to domain of
 * reply+<token>@<domain>, the team address for new leads, alerts to offline assignees.
 */
export const EmailSettingsSchema = v.object({
  /** Mail operator replies to a visitor who is away (and lets operators choose "email" in the composer). */
  replies: v.boolean(),
  /** The sender name visitors see (empty: the project name). */
  senderName: line(100),
  /** The domain of reply addresses, which must reach this server's inbound mail (empty: the server's default). */
  replyDomain: v.union([
    v.literal(''),
    v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(253), v.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$/)),
  ]),
  /** New offline-form and callback leads go here (empty: nobody). */
  teamAddress: optionalEmail,
  /** "You have unread chats" to an assigned operator who is offline. */
  operatorAlerts: v.boolean(),
});
export type EmailSettings = v.InferOutput<typeof EmailSettingsSchema>;

/** The knowledge base (issue 19): owners and admins always write articles; operators only when this allows. */
export const HelpSettingsSchema = v.object({ operatorsWrite: v.boolean() });
export type HelpSettings = v.InferOutput<typeof HelpSettingsSchema>;

export const PROJECT_SETTINGS_ENTRIES = /*#__PURE__*/ mergeEntries(PUBLIC_CONFIG_ENTRIES, {
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)),
  crmFields: v.pipe(v.array(CrmFieldSchema), v.maxLength(50)),
  routing: v.pipe(v.array(RoutingRuleSchema), v.maxLength(50)),
  autoAssign: AutoAssignSchema,
  email: EmailSettingsSchema,
  help: HelpSettingsSchema,
  /** Voice and video calls (issue 19): on or off, and the STUN/TURN servers. */
  calls: CallSettingsSchema,
});
export const ProjectSettingsSchema = v.object(PROJECT_SETTINGS_ENTRIES);
export type ProjectSettings = v.InferOutput<typeof ProjectSettingsSchema>;

export const ProjectInfoSchema = v.object({
  id: ProjectIdSchema,
  name: v.string(),
  settings: ProjectSettingsSchema,
  /**
   * Owners and admins only: the keys a site's back end signs visitors in with, one per form
   * (see `deriveIdentityKey`), from the current secret. The secrets themselves never leave the server.
   */
  identityKeys: v.optional(IdentityKeysSchema),
  /** Owners and admins only: the current secret's keys and, after a rotation, the previous one's. */
  secrets: v.optional(v.array(IdentitySecretSchema)),
});
export type ProjectInfo = v.InferOutput<typeof ProjectInfoSchema>;

/** What erasing a visitor removed (counts), as the API answers and the log records. */
export const ErasedCountsSchema = v.object({
  visitors: v.number(),
  dialogs: v.number(),
  messages: v.number(),
  notes: v.number(),
  files: v.number(),
  devices: v.number(),
  tokens: v.number(),
  pageVisits: v.number(),
  leads: v.number(),
});
export type ErasedCounts = v.InferOutput<typeof ErasedCountsSchema>;

const ExportMessageSchema = v.object({
  id: IdSchema,
  seq: SeqSchema,
  author: v.object({ kind: v.picklist(['visitor', 'operator', 'system']), name: v.optional(v.string()) }),
  text: v.string(),
  createdAt: TimestampSchema,
  editedAt: v.nullable(TimestampSchema),
  deletedAt: v.nullable(TimestampSchema),
  /** Where a visitor message was written ("Mobile Safari 17.6.1"). */
  device: v.nullable(v.string()),
  attachments: v.array(v.object({ id: IdSchema, name: v.string(), mime: v.string(), size: v.number(), kind: v.picklist(ATTACHMENT_KINDS), path: v.string() })),
});

/**
 * Everything stored about one visitor (a visitor's right of access): the card, devices, pages,
 * every dialog with its messages, notes and rating, uploads not sent, and their leads. In the zip
 * export, `path` names each file inside the archive.
 */
export const VisitorExportSchema = v.object({
  exportedAt: TimestampSchema,
  project: ProjectIdSchema,
  visitor: v.object(
    /*#__PURE__*/ mergeEntries(VISITOR_CARD_ENTRIES, {
      ip: v.nullable(v.string()),
      referrer: v.nullable(v.string()),
      customParams: CustomParamsSchema,
      lastSeenAt: TimestampSchema,
    }),
  ),
  devices: v.array(DeviceRecordSchema),
  pages: v.array(v.object({ url: v.string(), title: v.nullable(v.string()), referrer: v.nullable(v.string()), at: TimestampSchema })),
  dialogs: v.array(
    v.object({
      id: IdSchema,
      status: v.picklist(DIALOG_STATUSES),
      closeStatus: v.nullable(v.picklist(CLOSE_STATUSES)),
      channel: v.picklist(CHANNELS),
      createdAt: TimestampSchema,
      closedAt: v.nullable(TimestampSchema),
      customParams: CustomParamsSchema,
      tags: v.array(v.string()),
      rating: v.nullable(RatingSchema),
      messages: v.array(ExportMessageSchema),
      notes: v.array(v.object({ author: v.string(), text: v.string(), createdAt: TimestampSchema })),
    }),
  ),
  uploads: v.array(v.object({ id: IdSchema, name: v.string(), mime: v.string(), size: v.number(), createdAt: TimestampSchema, path: v.string() })),
  leads: v.array(LeadSchema),
});
export type VisitorExport = v.InferOutput<typeof VisitorExportSchema>;

/** Files a project stores against its quota (admins): attachments and uploads not yet sent. */
export const ProjectStorageSchema = v.object({
  bytes: v.number(),
  files: v.number(),
  /** Of those, uploads not attached to a message yet (deleted after `unattachedTtlMs`). */
  pendingBytes: v.number(),
  quotaBytes: v.number(),
  unattachedTtlMs: v.number(),
});
export type ProjectStorage = v.InferOutput<typeof ProjectStorageSchema>;

export { AttachmentSchema };
