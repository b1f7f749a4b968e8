import * as v from 'valibot';
import { C } from './types';
import { ClientIdSchema, IdSchema, ProjectIdSchema, SeqSchema, TimestampSchema, TokenSchema } from '../ids';
import { IdentitySchema } from '../identity';
import { ClientHintsSchema, DeviceInfoSchema } from '../device';
import { LocaleSchema } from '../locales';
import {
  CALLBACK_REQUEST_ENTRIES,
  CustomParamsPatchSchema,
  OFFLINE_FORM_SUBMISSION_ENTRIES,
  PAGE_INFO_ENTRIES,
  PRECHAT_SUBMISSION_ENTRIES,
  PageInfoSchema,
  RATING_ENTRIES,
} from '../entities';
import { EVENT_TRACK_ENTRIES } from '../visitor-events';
import { REQUEST_SUBJECT_LENGTH } from '../requests';
import { HISTORY_PAGE_SIZE, MAX_ATTACHMENTS_PER_MESSAGE, MAX_JOURNEY_PAGES, MAX_MESSAGE_LENGTH } from '../limits';

/** Where a client left off: the last sequence number it has applied in that dialog. */
export const ResumeCursorSchema = v.object({ dialogId: IdSchema, seq: SeqSchema });
export type ResumeCursor = v.InferOutput<typeof ResumeCursorSchema>;

export const HelloFrameSchema = v.object({
  type: v.literal(C.Hello),
  /** Protocol version the client speaks. The server answers with the version it chose or an error. */
  v: v.pipe(v.number(), v.integer(), v.minValue(1)),
  project: ProjectIdSchema,
  /** Token the server issued earlier on this device; absent on a first visit. */
  token: v.optional(TokenSchema),
  /** Proof of a signed-in visitor; see identity.ts. */
  identity: v.optional(IdentitySchema),
  device: DeviceInfoSchema,
  /** Client Hints, so the server can name the browser and OS exactly (see device.ts). */
  hints: v.optional(ClientHintsSchema),
  page: v.optional(PageInfoSchema),
  /**
   * Pages seen on this device since the last hello the server welcomed (earlier page loads and
   * in-app navigations before the chat connected), oldest first, each with when it was seen
   * (client clock; the server keeps it within the last 30 days and not in the future). The
   * visitor's journey: landing page, referrer, UTM and the pages before the first message.
   */
  pages: v.optional(v.pipe(v.array(v.object({ ...PAGE_INFO_ENTRIES, at: TimestampSchema })), v.maxLength(MAX_JOURNEY_PAGES))),
  resume: v.optional(ResumeCursorSchema),
  locale: v.optional(LocaleSchema),
  /** setCustomParams calls made before the connection existed. */
  params: v.optional(CustomParamsPatchSchema),
});

export const MessageSendFrameSchema = v.object({
  type: v.literal(C.MessageSend),
  clientId: ClientIdSchema,
  text: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH)),
  /** Ids returned by the upload endpoint. */
  attachments: v.optional(v.pipe(v.array(IdSchema), v.maxLength(MAX_ATTACHMENTS_PER_MESSAGE)), []),
  /**
   * Starts a new request with this message (never continues the current one), with this subject
   * (`''`: none, the message is its subject). Without it a message continues the current request.
   */
  subject: v.optional(v.pipe(v.string(), v.maxLength(REQUEST_SUBJECT_LENGTH))),
});

export const ClientFrameSchema = v.variant('type', [
  HelloFrameSchema,
  v.object({ type: v.literal(C.Logout) }),
  v.object({ type: v.literal(C.Ping), t: v.optional(v.number()) }),
  MessageSendFrameSchema,
  v.object({
    type: v.literal(C.Typing),
    typing: v.boolean(),
    /** What the visitor is typing, so the operator can prepare an answer. */
    draft: v.optional(v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH))),
  }),
  v.object({ type: v.literal(C.Read), dialogId: IdSchema, seq: SeqSchema }),
  v.object({ type: v.literal(C.RatingSubmit), clientId: ClientIdSchema, dialogId: IdSchema, ...RATING_ENTRIES }),
  v.object({ type: v.literal(C.OfflineFormSubmit), ...OFFLINE_FORM_SUBMISSION_ENTRIES }),
  v.object({ type: v.literal(C.PreChatSubmit), ...PRECHAT_SUBMISSION_ENTRIES }),
  v.object({ type: v.literal(C.CallbackRequest), ...CALLBACK_REQUEST_ENTRIES }),
  v.object({ type: v.literal(C.ParamsSet), params: CustomParamsPatchSchema }),
  v.object({ type: v.literal(C.PageView), ...PAGE_INFO_ENTRIES }),
  v.object({
    type: v.literal(C.HistoryFetch),
    dialogId: IdSchema,
    /** Return messages with seq below this one (older history). */
    before: SeqSchema,
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)), HISTORY_PAGE_SIZE),
  }),
  // Strict: a field this server does not know is refused, not silently dropped.
  v.strictObject({ type: v.literal(C.EventTrack), ...EVENT_TRACK_ENTRIES }),
]);

export type ClientFrame = v.InferOutput<typeof ClientFrameSchema>;
export type ClientFrameInput = v.InferInput<typeof ClientFrameSchema>;
export type HelloFrame = v.InferOutput<typeof HelloFrameSchema>;
export type MessageSendFrame = v.InferOutput<typeof MessageSendFrameSchema>;
/** The frame of a given type, e.g. `ClientFrameOf<typeof C.Read>`. */
export type ClientFrameOf<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;
