import * as v from 'valibot';
import { S } from './types';
import { ClientIdSchema, IdSchema, SeqSchema, TimestampSchema, TokenSchema } from '../ids';
import { ErrorCodeSchema } from '../errors';
import { DialogPublicSchema, MessageSchema, OperatorPublicSchema, PRESENCE_ENTRIES, PresenceSchema, RATING_ENTRIES, VisitorPublicSchema } from '../entities';
import { MAX_MESSAGE_LENGTH } from '../limits';
import { RequestNumberSchema } from '../requests';

const seqd = { dialogId: IdSchema, seq: SeqSchema };

// ----- sequenced dialog events (replayed on resume, in seq order) --------------------------------

export const MessageNewEventSchema = v.object({ type: v.literal(S.MessageNew), ...seqd, message: MessageSchema });
export const MessageEditedEventSchema = v.object({
  type: v.literal(S.MessageEdited),
  ...seqd,
  messageId: IdSchema,
  text: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH)),
  editedAt: TimestampSchema,
});
export const MessageDeletedEventSchema = v.object({
  type: v.literal(S.MessageDeleted),
  ...seqd,
  messageId: IdSchema,
  deletedAt: TimestampSchema,
});
export const DialogOpenedEventSchema = v.object({
  type: v.literal(S.DialogOpened),
  ...seqd,
  at: TimestampSchema,
  /** True when a closed dialog of a verified visitor opens again. */
  reopened: v.boolean(),
  /** A new dialog's request number (`#1042`). */
  number: v.optional(RequestNumberSchema),
});
export const DialogClosedEventSchema = v.object({ type: v.literal(S.DialogClosed), ...seqd, at: TimestampSchema });
export const DialogAssignedEventSchema = v.object({
  type: v.literal(S.DialogAssigned),
  ...seqd,
  at: TimestampSchema,
  operator: v.nullable(OperatorPublicSchema),
});
/** An operator marked the request "waiting for the client" (or took the mark off); the visitor's next message takes it off too. */
export const DialogWaitingEventSchema = v.object({ type: v.literal(S.DialogWaiting), ...seqd, at: TimestampSchema, waiting: v.boolean() });
export const DialogRatedEventSchema = v.object({ type: v.literal(S.DialogRated), ...seqd, at: TimestampSchema, ...RATING_ENTRIES });

export const DialogEventSchema = v.variant('type', [
  MessageNewEventSchema,
  MessageEditedEventSchema,
  MessageDeletedEventSchema,
  DialogOpenedEventSchema,
  DialogClosedEventSchema,
  DialogAssignedEventSchema,
  DialogRatedEventSchema,
  DialogWaitingEventSchema,
]);
export type DialogEvent = v.InferOutput<typeof DialogEventSchema>;
const DIALOG_EVENT_TYPES: ReadonlySet<string> = new Set([
  S.MessageNew,
  S.MessageEdited,
  S.MessageDeleted,
  S.DialogOpened,
  S.DialogClosed,
  S.DialogAssigned,
  S.DialogRated,
  S.DialogWaiting,
]);
export function isDialogEvent(f: { type: string }): f is DialogEvent {
  return DIALOG_EVENT_TYPES.has(f.type);
}

// ----- session ------------------------------------------------------------------------------------

export const WelcomeFrameSchema = v.object({
  type: v.literal(S.Welcome),
  /** The protocol version the server chose. */
  v: v.pipe(v.number(), v.integer()),
  /** Store it; send it in the next hello. May differ from the one sent. */
  token: TokenSchema,
  visitor: VisitorPublicSchema,
  /** The dialog this visitor may see: open, or (verified) the continuous one. Null before the first message. */
  dialog: v.nullable(DialogPublicSchema),
  /**
   * What follows: 'gap' = the events after the client's resume cursor, one frame each, up to
   * `cursor`; 'snapshot' = a history.batch with the latest messages; 'none' = nothing (no dialog).
   */
  sync: v.picklist(['gap', 'snapshot', 'none']),
  /** Latest seq of the dialog on the server (0 when there is no dialog). */
  cursor: SeqSchema,
  presence: PresenceSchema,
  /** Current config ETag, so a widget with a cached config knows whether it is stale. */
  configVersion: v.string(),
  serverTime: TimestampSchema,
  /** The project takes calls: the widget offers a call button (the call itself is in calls.ts). */
  calls: v.optional(v.boolean()),
});
export type WelcomeFrame = v.InferOutput<typeof WelcomeFrameSchema>;

export const HistoryBatchFrameSchema = v.object({
  type: v.literal(S.History),
  dialogId: IdSchema,
  dialog: DialogPublicSchema,
  /** Current state of the messages (edits and deletes applied), ascending by seq. */
  messages: v.array(MessageSchema),
  /** The batch reflects the dialog up to this seq. */
  cursor: SeqSchema,
  /** Older messages exist (fetch them with history.fetch before=messages[0].seq). */
  hasMore: v.boolean(),
});
export type HistoryBatchFrame = v.InferOutput<typeof HistoryBatchFrameSchema>;

export const ErrorFrameSchema = v.object({
  type: v.literal(S.Error),
  code: ErrorCodeSchema,
  /** Human text in the connection's locale, ready to show. */
  message: v.string(),
  /** What was wrong, for the developer (a refused call frame's fields, say). */
  detail: v.optional(v.string()),
  /** The request this error answers, when it answers one. */
  clientId: v.optional(ClientIdSchema),
  retryable: v.boolean(),
  /** The server closes the connection after this frame. */
  fatal: v.optional(v.boolean(), false),
});
export type ErrorFrame = v.InferOutput<typeof ErrorFrameSchema>;

export const ServerFrameSchema = v.variant('type', [
  WelcomeFrameSchema,
  v.object({ type: v.literal(S.Token), token: TokenSchema }),
  v.object({ type: v.literal(S.Pong), t: v.optional(v.number()), serverTime: TimestampSchema }),
  v.object({ type: v.literal(S.Ended), reason: v.picklist(['logout', 'revoked', 'replaced', 'erased']) }),
  ErrorFrameSchema,
  v.object({
    type: v.literal(S.MessageAck),
    clientId: ClientIdSchema,
    messageId: IdSchema,
    dialogId: IdSchema,
    seq: SeqSchema,
    createdAt: TimestampSchema,
  }),
  v.object({
    type: v.literal(S.RequestAck),
    clientId: ClientIdSchema,
    kind: v.picklist(['offline_form', 'callback', 'rating', 'prechat', 'event']),
    id: IdSchema,
  }),
  MessageNewEventSchema,
  MessageEditedEventSchema,
  MessageDeletedEventSchema,
  DialogOpenedEventSchema,
  DialogClosedEventSchema,
  DialogAssignedEventSchema,
  DialogRatedEventSchema,
  DialogWaitingEventSchema,
  v.object({
    type: v.literal(S.Typing),
    typing: v.boolean(),
    operator: v.optional(OperatorPublicSchema),
  }),
  /** The operators have read the visitor's messages up to seq. */
  v.object({ type: v.literal(S.Read), dialogId: IdSchema, seq: SeqSchema }),
  v.object({ type: v.literal(S.Presence), ...PRESENCE_ENTRIES }),
  v.object({ type: v.literal(S.ConfigUpdated), configVersion: v.string() }),
  HistoryBatchFrameSchema,
]);
export type ServerFrame = v.InferOutput<typeof ServerFrameSchema>;
export type ServerFrameInput = v.InferInput<typeof ServerFrameSchema>;
export type ServerFrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
