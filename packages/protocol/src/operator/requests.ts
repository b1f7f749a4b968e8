import * as v from 'valibot';
import { ClientIdSchema, IdSchema, SeqSchema, TimestampSchema } from '../ids';
import { CHANNELS } from '../device';
import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH, MAX_TAGS_PER_DIALOG } from '../limits';
import { PROJECT_SETTINGS_ENTRIES, CLOSE_STATUSES, MAX_CHATS_LIMIT, OPERATOR_STATUSES, OperatorPrefsSchema, ROLES, TagSchema } from './entities';
import { MAX_EMAIL_LENGTH, MAX_PHONE_LENGTH } from '../limits';
import { HexColorSchema } from '../entities';
import { LOCALES } from '../locales';

const line = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const nonEmpty = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
export const EmailSchema = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(254));
export const PasswordSchema = v.pipe(v.string(), v.minLength(8, 'at least 8 characters'), v.maxLength(200));

/** Request bodies and query strings of the operator API (see routes.ts for the paths). */
export const LoginBodySchema = v.object({ email: EmailSchema, password: v.pipe(v.string(), v.maxLength(200)) });
export const UpdateMeBodySchema = v.object({
  name: v.optional(nonEmpty(MAX_NAME_LENGTH)),
  status: v.optional(v.picklist(OPERATOR_STATUSES)),
  password: v.optional(v.object({ current: v.string(), next: PasswordSchema })),
  prefs: v.optional(v.partial(OperatorPrefsSchema)),
  /** A new sign-in email; needs `currentPassword`. */
  email: v.optional(EmailSchema),
  currentPassword: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
const MaxChatsSchema = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CHATS_LIMIT)));
const GroupIdsSchema = v.pipe(v.array(IdSchema), v.maxLength(50));
/**
 * Adds someone to the project. A new email makes an account (password required); the email of
 * an existing account adds that person, who keeps their own password.
 */
export const CreateOperatorBodySchema = v.object({
  email: EmailSchema,
  name: nonEmpty(MAX_NAME_LENGTH),
  password: v.optional(PasswordSchema),
  role: v.picklist(['admin', 'operator'] as const),
  groupIds: v.optional(GroupIdsSchema),
  maxChats: v.optional(MaxChatsSchema),
});
export const UpdateOperatorBodySchema = v.object({
  name: v.optional(nonEmpty(MAX_NAME_LENGTH)),
  role: v.optional(v.picklist(['admin', 'operator'] as const)),
  password: v.optional(PasswordSchema),
  groupIds: v.optional(GroupIdsSchema),
  maxChats: v.optional(MaxChatsSchema),
  email: v.optional(EmailSchema),
  /** The workspace owner only: names (or un-names) a workspace admin. */
  workspaceAdmin: v.optional(v.boolean()),
});

/** Forgotten password: a one-time link by email when the server can send mail. */
export const ResetRequestBodySchema = v.object({ email: EmailSchema });
export const ResetPasswordBodySchema = v.object({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/)), password: PasswordSchema });

/** First run: the owner and the first project, with the one-time token from the setup link. */
export const SetupBodySchema = v.object({
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/)),
  email: EmailSchema,
  name: nonEmpty(MAX_NAME_LENGTH),
  password: PasswordSchema,
  projectName: nonEmpty(MAX_NAME_LENGTH),
  locale: v.optional(v.picklist(LOCALES)),
});

export const CreateProjectBodySchema = v.object({
  name: nonEmpty(MAX_NAME_LENGTH),
  /** The widget's default language (ru when absent). */
  locale: v.optional(v.picklist(LOCALES)),
});
export const RenameProjectBodySchema = v.object({ name: nonEmpty(MAX_NAME_LENGTH) });

/**
 * Rotation: a new current secret; the old one keeps verifying until revoked, or until
 * `previousExpiresAt` (epoch ms) when given.
 */
export const RotateSecretBodySchema = v.object({ previousExpiresAt: v.optional(v.nullable(TimestampSchema)) });

export const DIALOG_VIEWS = ['new', 'mine', 'all', 'resolved'] as const;
export type DialogView = (typeof DIALOG_VIEWS)[number];
/** Query strings arrive as strings; numeric fields are decimal strings. */
const numeric = v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number));
export const DialogListQuerySchema = v.object({
  /** new = open and unassigned; mine = assigned to me; all = every open dialog (admins); resolved = closed. */
  view: v.picklist(DIALOG_VIEWS),
  /**
   * Full-text search in message text and the visitor's card (name, email, phone, user id, custom
   * params): every word must match, the last one as a prefix; results best match first, and
   * `next` pages through that ranking.
   */
  q: v.optional(line(200)),
  /** Visitor fields, each a case-insensitive substring. */
  name: v.optional(line(200)),
  email: v.optional(line(254)),
  phone: v.optional(line(32)),
  groupId: v.optional(IdSchema),
  closeStatus: v.optional(v.picklist(CLOSE_STATUSES)),
  from: v.optional(numeric),
  to: v.optional(numeric),
  rating: v.optional(v.pipe(v.string(), v.regex(/^[1-5]$/), v.transform(Number))),
  tag: v.optional(line(40)),
  operatorId: v.optional(IdSchema),
  /** Dialogs with a visitor message from this channel (or started there). */
  channel: v.optional(v.picklist(CHANNELS)),
  /** Opaque cursor from the previous page's `next`. */
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(100))),
});
export type DialogListQuery = v.InferOutput<typeof DialogListQuerySchema>;
export const TimelineQuerySchema = v.object({
  before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number))),
});

export const AssignBodySchema = v.object({ operatorId: IdSchema });
export const SendMessageBodySchema = v.object({
  clientId: ClientIdSchema,
  text: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH)),
  attachments: v.optional(v.pipe(v.array(IdSchema), v.maxLength(MAX_ATTACHMENTS_PER_MESSAGE)), []),
  /**
   * chat (default): in the chat; also mailed after a short delay if the visitor is away and left
   * an address. email: in the chat and mailed now (refused with 409 when the visitor cannot be mailed).
   */
  via: v.optional(v.picklist(['chat', 'email']), 'chat'),
});
/** POST transcript: to the visitor's address, or to `to`. */
export const TranscriptBodySchema = v.object({ to: v.optional(EmailSchema) });
/** POST test-email: to `to`, or to the signed-in operator. */
export const TestEmailBodySchema = v.object({ to: v.optional(EmailSchema) });
export const EditMessageBodySchema = v.object({ text: nonEmpty(MAX_MESSAGE_LENGTH) });
export const NoteBodySchema = v.object({ text: nonEmpty(MAX_MESSAGE_LENGTH) });
export const CloseBodySchema = v.object({ status: v.picklist(CLOSE_STATUSES) });
/** Marks the request "waiting for the client" (true) or takes the mark off (false). */
export const WaitingBodySchema = v.object({ waiting: v.boolean() });
export const TagsBodySchema = v.object({ tags: v.pipe(v.array(TagSchema), v.maxLength(MAX_TAGS_PER_DIALOG)) });
export const ReadBodySchema = v.object({ seq: SeqSchema });
export const TemplateBodySchema = v.object({
  title: nonEmpty(200),
  text: nonEmpty(MAX_MESSAGE_LENGTH),
  shortcut: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^[\p{L}\p{N}_-]{1,32}$/u)))),
});
/** PATCH a dialog's visitor card: null clears a field. */
const optionalText = (max: number) => v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max))));
export const UpdateVisitorBodySchema = v.object({
  name: optionalText(MAX_NAME_LENGTH),
  email: v.optional(v.nullable(v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(MAX_EMAIL_LENGTH))]))),
  phone: optionalText(MAX_PHONE_LENGTH),
  note: optionalText(MAX_MESSAGE_LENGTH),
});
export const BlockBodySchema = v.object({ blocked: v.boolean() });
export const GroupBodySchema = v.object({ name: nonEmpty(MAX_NAME_LENGTH), operatorIds: v.optional(GroupIdsSchema) });
export const TagDefBodySchema = v.object({ name: TagSchema, color: HexColorSchema });
export const TemplateQuerySchema = v.object({ q: v.optional(line(200)) });
export const LeadListQuerySchema = v.object({
  kind: v.optional(v.picklist(['offline_form', 'callback'])),
  status: v.optional(v.picklist(['new', 'done'])),
});
export const UpdateLeadBodySchema = v.object({ status: v.picklist(['new', 'done']) });
/** PATCH /project: any subset of the settings; nested objects are replaced whole. */
export const UpdateProjectBodySchema = v.object({
  name: v.optional(nonEmpty(MAX_NAME_LENGTH)),
  settings: v.optional(v.partial(v.object(PROJECT_SETTINGS_ENTRIES))),
});

export { ROLES, TimestampSchema };
