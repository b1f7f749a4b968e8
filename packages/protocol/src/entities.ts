import * as v from 'valibot';
import { IdSchema, ClientIdSchema, ProjectIdSchema, SeqSchema, TimestampSchema } from './ids';
import { CHANNELS } from './device';
import { LocaleSchema, LOCALES } from './locales';
import {
  MAX_CUSTOM_PARAMS,
  MAX_CUSTOM_PARAM_KEY_LENGTH,
  MAX_CUSTOM_PARAM_VALUE_LENGTH,
  MAX_FILE_NAME_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_RATING_COMMENT_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
} from './limits';
import { PageFilterSchema } from './rules/page-filter';
import { DeviceFilterSchema } from './rules/device-filter';
import { ScheduleSchema } from './rules/schedule';
import { ATTACHMENT_KINDS, AttachmentSettingsSchema } from './rules/attachment-limits';
import { MultiwidgetSettingsSchema } from './multiwidget';
import { RequestNumberSchema, RequestStatusSchema } from './requests';
import { mergeEntries } from './internal/merge-entries';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const line = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** Text per built-in locale; any may be missing (the built-in text is used). */
export const LocalizedTextSchema = v.object({
  ru: v.optional(line(500)),
  en: v.optional(line(500)),
  fr: v.optional(line(500)),
});
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

/** Overrides of the widget's built-in texts, per locale, keyed by text id. */
const TextOverridesSchema = v.pipe(v.record(v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,63}$/)), text(2000)), v.maxEntries(200, 'at most 200 texts'));
export const TextsSettingsSchema = v.object({
  defaultLocale: LocaleSchema,
  overrides: v.object({
    ru: v.optional(TextOverridesSchema),
    en: v.optional(TextOverridesSchema),
    fr: v.optional(TextOverridesSchema),
  }),
});
export type TextsSettings = v.InferOutput<typeof TextsSettingsSchema>;
export type TextOverrides = v.InferOutput<typeof TextOverridesSchema>;

// ----- offline form ---------------------------------------------------------------------------

export const FIELD_MODES = ['required', 'optional', 'off'] as const;
export type FieldMode = (typeof FIELD_MODES)[number];
export const OfflineFormSettingsSchema = v.object({
  /** "Показывать оффлайн форму": when off and nobody can answer, the chat is hidden. */
  enabled: v.boolean(),
  fields: v.object({
    name: v.picklist(FIELD_MODES),
    phone: v.picklist(FIELD_MODES),
    email: v.picklist(FIELD_MODES),
    message: v.picklist(FIELD_MODES),
  }),
  /** "phone or email": at least one of the shown contact fields must be filled. */
  requireContact: v.boolean(),
});
export type OfflineFormSettings = v.InferOutput<typeof OfflineFormSettingsSchema>;

// ----- appearance ------------------------------------------------------------------------------

export const HexColorSchema = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/));
export const POSITIONS = ['bottom-right', 'bottom-left'] as const;
export const THEMES = ['auto', 'light', 'dark'] as const;
export const AppearanceSchema = v.object({
  color: HexColorSchema,
  position: v.picklist(POSITIONS),
  offsetX: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(400)),
  offsetY: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(400)),
  zIndex: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2147483647)),
  theme: v.picklist(THEMES),
});
export type Appearance = v.InferOutput<typeof AppearanceSchema>;

// ----- sound, pre-chat form, proactive greetings ----------------------------------------------------

/** A chime for new replies while the chat is not in front of the visitor; each visitor can mute it. */
export const SoundSettingsSchema = v.object({ enabled: v.boolean() });
export type SoundSettings = v.InferOutput<typeof SoundSettingsSchema>;

/**
 * Asked before a visitor's first message: name, email, phone, each required, optional or off, and
 * a consent checkbox with a link to the privacy policy (see prechat.ts).
 */
export const PreChatSettingsSchema = v.object({
  enabled: v.boolean(),
  fields: v.object({ name: v.picklist(FIELD_MODES), email: v.picklist(FIELD_MODES), phone: v.picklist(FIELD_MODES) }),
  consent: v.picklist(FIELD_MODES),
  /** The privacy policy the consent links to (http or https; empty: no link). */
  privacyUrl: v.pipe(v.string(), v.trim(), v.maxLength(MAX_URL_LENGTH), v.regex(/^(?:https?:\/\/\S+)?$/)),
  /**
   * Which group (department) the visitor wants to talk to: the groups offered, each with the label
   * visitors see (not empty: the server refuses it). The new dialog is routed to the chosen one.
   * Absent, off or no options: not asked.
   */
  group: v.optional(
    v.object({
      mode: v.picklist(FIELD_MODES),
      options: v.pipe(v.array(v.object({ id: IdSchema, label: line(MAX_NAME_LENGTH) })), v.maxLength(20)),
    }),
  ),
});
export type PreChatSettings = v.InferOutput<typeof PreChatSettingsSchema>;

export const GREETING_TRIGGERS = ['time', 'exit'] as const;
export type GreetingTrigger = (typeof GREETING_TRIGGERS)[number];
/**
 * A proactive greeting: a message the widget offers by itself, after `delaySeconds` on a page
 * ("time") or when the pointer leaves the page for the browser's tabs ("exit", desktop), on the pages
 * its rules allow (page filter syntax; empty: every page), at most once per visitor in
 * `everyHours`, and never while the visitor is typing.
 */
export const GreetingSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)),
  enabled: v.boolean(),
  trigger: v.picklist(GREETING_TRIGGERS),
  delaySeconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
  pages: v.pipe(v.string(), v.maxLength(2000)),
  everyHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8760)),
  text: LocalizedTextSchema,
});
export type Greeting = v.InferOutput<typeof GreetingSchema>;
export const GreetingsSettingsSchema = v.pipe(v.array(GreetingSchema), v.maxLength(10));

// ----- project configuration --------------------------------------------------------------------

/**
 * What the chat widget reads about a project. The widget validates only this part, so the
 * multiwidget's channel schemas stay out of the chat's first bytes.
 */
// Entries shared between schemas are plain objects, never `XSchema.entries`: bundlers count a
// property read as a possible side effect and would keep every schema built from one.
const WIDGET_CONFIG_ENTRIES = {
  project: ProjectIdSchema,
  name: line(MAX_NAME_LENGTH),
  texts: TextsSettingsSchema,
  schedule: ScheduleSchema,
  offlineForm: OfflineFormSettingsSchema,
  pageFilter: PageFilterSchema,
  devices: DeviceFilterSchema,
  attachments: AttachmentSettingsSchema,
  appearance: AppearanceSchema,
  rating: v.object({ enabled: v.boolean() }),
  sound: SoundSettingsSchema,
  preChat: PreChatSettingsSchema,
  greetings: GreetingsSettingsSchema,
};
export const WidgetConfigSchema = v.object(WIDGET_CONFIG_ENTRIES);
export type WidgetConfig = v.InferOutput<typeof WidgetConfigSchema>;

/** Everything public about a project: cacheable, never the secret. */
export const PUBLIC_CONFIG_ENTRIES = /*#__PURE__*/ mergeEntries(WIDGET_CONFIG_ENTRIES, { multiwidget: MultiwidgetSettingsSchema });
export const PublicConfigSchema = v.object(PUBLIC_CONFIG_ENTRIES);
export type PublicConfig = v.InferOutput<typeof PublicConfigSchema>;

/** Whether anyone can answer now: in the config endpoint's body, in session.welcome and presence.update. */
export const PRESENCE_ENTRIES = {
  /** At least one operator of the project is online. */
  operatorsOnline: v.boolean(),
  /** Working hours state from the project's schedule, and when it next changes (epoch ms). */
  scheduleOpen: v.boolean(),
  nextChange: v.nullable(TimestampSchema),
};
export const PresenceSchema = v.object(PRESENCE_ENTRIES);
export type Presence = v.InferOutput<typeof PresenceSchema>;

/**
 * What the endpoint adds to the stored config, both of which change without a settings change:
 * `help`, the locales the knowledge base has published articles in (sorted; the widget offers
 * its Help tab and suggests articles only in those), and the presence.
 */
const CONFIG_LIVE_ENTRIES = { help: v.array(LocaleSchema), presence: PresenceSchema };

/**
 * The config endpoint's body: the public config, the knowledge base's locales and the presence,
 * so a page knows before any click whether anyone can answer (the ETag covers all three; widgets
 * revalidate on page show and navigation, never by polling).
 */
export const ConfigResponseSchema = v.object(/*#__PURE__*/ mergeEntries(PUBLIC_CONFIG_ENTRIES, CONFIG_LIVE_ENTRIES));
export type ConfigResponse = v.InferOutput<typeof ConfigResponseSchema>;
/** The part of the config endpoint's body the chat widget reads (the multiwidget's channels stay out of its bytes). */
export const WidgetConfigResponseSchema = v.object(/*#__PURE__*/ mergeEntries(WIDGET_CONFIG_ENTRIES, CONFIG_LIVE_ENTRIES));
export type WidgetConfigResponse = v.InferOutput<typeof WidgetConfigResponseSchema>;

// ----- people ------------------------------------------------------------------------------------

export const VISITOR_KINDS = ['anonymous', 'verified'] as const;
export type VisitorKind = (typeof VISITOR_KINDS)[number];
export const VisitorPublicSchema = v.object({
  kind: v.picklist(VISITOR_KINDS),
  /** The site's own user id, for verified visitors only. */
  userId: v.optional(v.string()),
  name: v.optional(v.string()),
  /** The project's pre-chat form asks for something this visitor has not given yet. */
  needsPreChat: v.optional(v.boolean()),
});
export type VisitorPublic = v.InferOutput<typeof VisitorPublicSchema>;

/** An operator as visitors see them: no email, no role. */
export const OperatorPublicSchema = v.object({
  id: IdSchema,
  name: line(MAX_NAME_LENGTH),
  avatarUrl: v.nullable(text(MAX_URL_LENGTH)),
});
export type OperatorPublic = v.InferOutput<typeof OperatorPublicSchema>;

// ----- dialogs and messages ------------------------------------------------------------------------

export const DIALOG_STATUSES = ['open', 'closed'] as const;
export type DialogStatus = (typeof DIALOG_STATUSES)[number];

export const RATING_ENTRIES = {
  score: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
  comment: v.optional(line(MAX_RATING_COMMENT_LENGTH)),
};
export const RatingSchema = v.object(RATING_ENTRIES);
export type Rating = v.InferOutput<typeof RatingSchema>;

export const DialogPublicSchema = v.object({
  id: IdSchema,
  status: v.picklist(DIALOG_STATUSES),
  createdAt: TimestampSchema,
  closedAt: v.optional(TimestampSchema),
  operator: v.nullable(OperatorPublicSchema),
  rating: v.optional(RatingSchema),
  /** Operators have read the dialog up to this seq (the visitor's messages up to it show "Read"). */
  readSeq: v.optional(SeqSchema),
  /** The request's number in the project (shown as `#1042`). */
  number: v.optional(RequestNumberSchema),
  /** The request's status (`requestStatus`); the dialog's events keep it current. */
  request: v.optional(RequestStatusSchema),
});
export type DialogPublic = v.InferOutput<typeof DialogPublicSchema>;

export const AttachmentSchema = v.object({
  id: IdSchema,
  name: text(MAX_FILE_NAME_LENGTH),
  mime: text(255),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  kind: v.picklist(ATTACHMENT_KINDS),
  /** Download URL for this party (may carry an expiring signature). */
  url: text(MAX_URL_LENGTH),
  width: v.optional(v.pipe(v.number(), v.integer())),
  height: v.optional(v.pipe(v.number(), v.integer())),
});
export type Attachment = v.InferOutput<typeof AttachmentSchema>;

export const AUTHOR_KINDS = ['visitor', 'operator', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export const AuthorSchema = v.object({
  kind: v.picklist(AUTHOR_KINDS),
  /** Operator id, for operator messages. */
  id: v.optional(IdSchema),
  name: v.optional(v.string()),
  avatarUrl: v.optional(v.nullable(v.string())),
});
export type Author = v.InferOutput<typeof AuthorSchema>;

export const MessageSchema = v.object({
  id: IdSchema,
  /** The sender's idempotency key; present on the sender's own messages. */
  clientId: v.optional(ClientIdSchema),
  dialogId: IdSchema,
  /** Sequence number of the event that created the message. */
  seq: SeqSchema,
  author: AuthorSchema,
  /** Empty once deleted. */
  text: text(MAX_MESSAGE_LENGTH),
  attachments: v.array(AttachmentSchema),
  /** The visitor device it was written from (operators only see the details). */
  deviceId: v.optional(IdSchema),
  /** Where a visitor message came from (web widget, Telegram, WhatsApp); absent on operator messages. */
  channel: v.optional(v.picklist(CHANNELS)),
  createdAt: TimestampSchema,
  editedAt: v.optional(TimestampSchema),
  deletedAt: v.optional(TimestampSchema),
});
export type Message = v.InferOutput<typeof MessageSchema>;

// ----- visitor-provided context ---------------------------------------------------------------------

const paramKey = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_CUSTOM_PARAM_KEY_LENGTH));
/** `setCustomParams({ product: 'Установка окон', office: 'Москва' })`. A null value removes the key. */
export const CustomParamsPatchSchema = v.pipe(
  v.record(paramKey, v.nullable(text(MAX_CUSTOM_PARAM_VALUE_LENGTH))),
  v.maxEntries(MAX_CUSTOM_PARAMS, `at most ${MAX_CUSTOM_PARAMS} params`),
);
export type CustomParamsPatch = v.InferOutput<typeof CustomParamsPatchSchema>;
export const CustomParamsSchema = v.pipe(
  v.record(paramKey, text(MAX_CUSTOM_PARAM_VALUE_LENGTH)),
  v.maxEntries(MAX_CUSTOM_PARAMS, `at most ${MAX_CUSTOM_PARAMS} params`),
);
export type CustomParams = v.InferOutput<typeof CustomParamsSchema>;

/** Merge rule shared by the widget (queued calls) and the server (stored params). */
export function mergeCustomParams(current: Readonly<CustomParams>, patch: Readonly<CustomParamsPatch>): CustomParams {
  const next: CustomParams = { ...current };
  for (const [k, val] of Object.entries(patch)) {
    if (val === null) delete next[k];
    else next[k] = val;
  }
  // Keep the newest keys when a merge would pass the cap.
  const keys = Object.keys(next);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_CUSTOM_PARAMS))) delete next[k];
  return next;
}

export const PAGE_INFO_ENTRIES = {
  url: text(MAX_URL_LENGTH),
  title: v.optional(text(MAX_TITLE_LENGTH)),
  referrer: v.optional(text(MAX_URL_LENGTH)),
};
export const PageInfoSchema = v.object(PAGE_INFO_ENTRIES);
export type PageInfo = v.InferOutput<typeof PageInfoSchema>;

export const OFFLINE_FORM_SUBMISSION_ENTRIES = {
  clientId: ClientIdSchema,
  name: v.optional(line(MAX_NAME_LENGTH)),
  phone: v.optional(line(32)),
  email: v.optional(line(254)),
  message: v.optional(line(MAX_MESSAGE_LENGTH)),
  page: v.optional(text(MAX_URL_LENGTH)),
  locale: v.optional(LocaleSchema),
};
export const OfflineFormSubmissionSchema = v.object(OFFLINE_FORM_SUBMISSION_ENTRIES);
export type OfflineFormSubmission = v.InferOutput<typeof OfflineFormSubmissionSchema>;

/** The pre-chat form as the visitor sent it (checked against the settings with validatePreChat). */
export const PRECHAT_SUBMISSION_ENTRIES = {
  clientId: ClientIdSchema,
  name: v.optional(line(MAX_NAME_LENGTH)),
  email: v.optional(line(254)),
  phone: v.optional(line(32)),
  /** The consent checkbox was ticked. */
  consent: v.optional(v.boolean()),
  /** The id of the group chosen among the offered ones. */
  group: v.optional(IdSchema),
};
export const PreChatSubmissionSchema = v.object(PRECHAT_SUBMISSION_ENTRIES);
export type PreChatSubmission = v.InferOutput<typeof PreChatSubmissionSchema>;

export const CALLBACK_REQUEST_ENTRIES = {
  clientId: ClientIdSchema,
  phone: v.pipe(line(32), v.minLength(3)),
  name: v.optional(line(MAX_NAME_LENGTH)),
  /** Free text or HH:MM, as the visitor chose ("as soon as possible", "18:30"). */
  preferredTime: v.optional(line(100)),
  page: v.optional(text(MAX_URL_LENGTH)),
  locale: v.optional(LocaleSchema),
};
export const CallbackRequestSchema = v.object(CALLBACK_REQUEST_ENTRIES);
export type CallbackRequest = v.InferOutput<typeof CallbackRequestSchema>;

export { LOCALES };
