/**
 * The widget's own valibot schemas (options, cache, upload answer), next to protocol's. Nothing in
 * a bundle imports this file: scripts/gen-validators.ts compiles these and protocol's schemas into
 * generated/validators.ts, and validators.test.ts checks the two agree.
 */
import * as v from 'valibot';
import {
  ApiErrorSchema,
  AppInfoSchema,
  AppearanceSchema,
  DeviceFilterSchema,
  DialogPublicSchema,
  ErrorFrameSchema,
  MessageSchema,
  PageFilterSchema,
  PresenceSchema,
  ServerFrameSchema,
  TextsSettingsSchema,
  UploadedFileSchema,
  WidgetConfigResponseSchema,
} from '@parley/protocol';
import { EVENT_NAMES } from './core/events';

export const GoalTargetsSchema = v.strictObject({
  gtag: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  ym: v.optional(v.strictObject({ counter: v.pipe(v.number(), v.integer(), v.minValue(1)), goal: v.pipe(v.string(), v.minLength(1)) })),
  dataLayer: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
});
export const GoalsSchema = v.record(v.picklist(EVENT_NAMES), GoalTargetsSchema);
export const InstanceNameSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/));
export const NonceSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/=_-]{1,200}$/));
export const AppearanceOptionSchema = v.strictObject(v.partial(AppearanceSchema).entries);
export const AppOptionSchema = AppInfoSchema;

/**
 * Server frames as the widget checks them: an error's code is any short string, not only the codes
 * this build knows. A newer server may add codes; with the strict list an older widget (cached, or
 * bundled in an app) dropped the whole error frame and left the request waiting. The widget acts on
 * a few known codes and otherwise on the frame's `retryable` flag and `message`, which the server
 * writes for every code (and the list cost ~150 B brotli in the chat chunk).
 */
const AnyErrorCodeSchema = v.pipe(v.string(), v.maxLength(64));
export const WidgetServerFrameSchema = v.variant(
  'type',
  ServerFrameSchema.options.map((o) => (o === ErrorFrameSchema ? v.object({ ...ErrorFrameSchema.entries, code: AnyErrorCodeSchema }) : o)),
);
/** An HTTP error body (an upload's) as the widget checks it: any code, as for the error frame. */
export const WidgetApiErrorSchema = v.object({ error: v.object({ ...ApiErrorSchema.entries.error.entries, code: AnyErrorCodeSchema }) });

/**
 * What the loader checks of the config body before interaction: the parts the launcher reads
 * (texts, filters, appearance, whether the offline form and any greeting are on, presence). The
 * whole body (WidgetConfigResponseSchema) is checked by the chat chunk when it loads, and from then
 * on at every revalidation, before the chat uses any of it.
 */
export const LauncherConfigSchema = v.object({
  texts: TextsSettingsSchema,
  offlineForm: v.object({ enabled: v.boolean() }),
  pageFilter: PageFilterSchema,
  devices: DeviceFilterSchema,
  appearance: AppearanceSchema,
  greetings: v.array(v.object({ enabled: v.boolean() })),
  presence: PresenceSchema,
});

/**
 * The body as the chat checks it. Not the project's working hours: the server evaluates them and
 * sends the result in `presence`; no widget code reads them (schedule-timer.ts runs only the
 * schedule given to init). Of the parts only lazily loaded code reads (the offline and pre-chat
 * forms, greetings, the attachment limits), only what the launcher and the chat read: each is
 * passed on as it came (session/index.ts) and checked whole where it is read (CONFIG_PARTS).
 */
const ENABLED = v.object({ enabled: v.boolean() });
export const ChatConfigSchema = v.object({
  ...v.omit(WidgetConfigResponseSchema, ['schedule', 'offlineForm', 'attachments', 'preChat', 'greetings']).entries,
  offlineForm: ENABLED,
  attachments: ENABLED,
  greetings: v.array(ENABLED),
  // Only ever compared with the widget's own locale: any strings will do (checking locales here would make the
  // loader export its locale check to this chunk, bytes before interaction).
  help: v.array(v.string()),
});

/** The history cache of one identity in IndexedDB (written by this code, read back defensively). */
export const CacheSchema = v.object({
  dialog: v.nullable(DialogPublicSchema),
  messages: v.array(MessageSchema),
  seq: v.number(),
  hasMore: v.boolean(),
  lastReadSeq: v.number(),
});

export const UploadResponseSchema = v.object({ upload: UploadedFileSchema });
