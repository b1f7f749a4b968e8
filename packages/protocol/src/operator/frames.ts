import * as v from 'valibot';
import { IdSchema, ProjectIdSchema, SeqSchema } from '../ids';
import { ErrorCodeSchema } from '../errors';
import { MAX_MESSAGE_LENGTH } from '../limits';
import { DialogEventSchema } from '../frames/server';
import { PageInfoSchema } from '../entities';
import { VisitorEventSchema } from '../visitor-events';
import {
  DialogSummarySchema,
  DialogVisitorSchema,
  LeadSchema,
  MessageMailSchema,
  NoteSchema,
  OperatorRefSchema,
  OperatorSchema,
  OPERATOR_STATUSES,
  PRESENCES,
} from './entities';

/** Frames on the operator WebSocket (OperatorRoutes.socket, authenticated by the session cookie). */
export const OC = {
  /** The operator is typing in a dialog (or stopped); the visitor sees it. */
  Typing: 'typing.update',
  /** Application-level ping; answered with session.pong. */
  Ping: 'session.ping',
} as const;
export const OS = {
  /** The signed-in operator, first on every connection. */
  Welcome: 'session.welcome',
  /** The answer to session.ping. */
  Pong: 'session.pong',
  /** A refused frame. */
  Error: 'session.error',
  /** A dialog appeared or changed (assignment, status, last message, unread, tags, rating). */
  DialogUpdated: 'dialog.updated',
  /** A sequenced event of a dialog the operator may see (the same event objects visitors get). */
  DialogEvent: 'dialog.event',
  /** An internal note was added to a dialog the operator may see. */
  NoteNew: 'note.new',
  /** The visitor (with their draft) or another operator is typing in a dialog. Live only. */
  Typing: 'typing.update',
  /** The visitor of a dialog moved to another page. */
  VisitorPage: 'visitor.page',
  /** The site recorded an event about the visitor of a dialog (`parley('event', …)`). */
  VisitorEvent: 'visitor.event',
  /** The visitor has read the dialog up to seq (also kept: DialogSummary.visitorReadSeq). */
  VisitorRead: 'visitor.read',
  /** A message went by email (mailed to the visitor, or came as their reply mail): operators only. */
  MessageMail: 'message.mail',
  /** Show a desktop notification and play a sound: sent only to the operator it concerns. */
  Notification: 'notification.new',
  /** An operator of the project went online, away or offline. */
  OperatorPresence: 'operator.presence',
  /** A new offline-form message or callback request. */
  LeadNew: 'lead.new',
  /** The project's problem alerts changed (one was raised, or marked seen): admins only; the console reloads its banner. */
  AlertsChanged: 'alerts.changed',
  /** Another project of this operator changed its unread count (the project switcher's badge). */
  ProjectUnread: 'project.unread',
} as const;

export const OperatorClientFrameSchema = v.variant('type', [
  v.object({
    type: v.literal(OC.Typing),
    dialogId: IdSchema,
    typing: v.boolean(),
  }),
  v.object({ type: v.literal(OC.Ping), t: v.optional(v.number()) }),
]);
export type OperatorClientFrame = v.InferOutput<typeof OperatorClientFrameSchema>;

export const OperatorServerFrameSchema = v.variant('type', [
  v.object({ type: v.literal(OS.Welcome), operator: OperatorSchema }),
  v.object({ type: v.literal(OS.Pong), t: v.optional(v.number()) }),
  v.object({
    type: v.literal(OS.Error),
    code: ErrorCodeSchema,
    message: v.string(),
    /** What was wrong, for the developer (a refused call frame's fields, say). */
    detail: v.optional(v.string()),
    /** The call a refused call frame was about. */
    callId: v.optional(IdSchema),
  }),
  v.object({ type: v.literal(OS.DialogUpdated), dialog: DialogSummarySchema }),
  v.object({ type: v.literal(OS.DialogEvent), dialogId: IdSchema, event: DialogEventSchema }),
  v.object({ type: v.literal(OS.NoteNew), note: NoteSchema }),
  v.object({
    type: v.literal(OS.Typing),
    dialogId: IdSchema,
    typing: v.boolean(),
    /** 'visitor', or the operator who types. */
    by: v.union([v.literal('visitor'), OperatorRefSchema]),
    /** The visitor's draft, when the widget shares it. */
    draft: v.optional(v.pipe(v.string(), v.maxLength(MAX_MESSAGE_LENGTH))),
  }),
  v.object({ type: v.literal(OS.VisitorPage), dialogId: IdSchema, page: PageInfoSchema, at: v.number() }),
  v.object({ type: v.literal(OS.VisitorEvent), dialogId: IdSchema, event: VisitorEventSchema }),
  v.object({ type: v.literal(OS.VisitorRead), dialogId: IdSchema, seq: SeqSchema }),
  v.object({ type: v.literal(OS.MessageMail), dialogId: IdSchema, mail: MessageMailSchema }),
  v.object({
    type: v.literal(OS.Notification),
    /** new: an unassigned chat started (only to operators who opted in). */
    reason: v.picklist(['assigned', 'message', 'new']),
    /** Set when the dialog is in another project than the one the console shows. */
    projectId: v.optional(ProjectIdSchema),
    dialogId: IdSchema,
    seq: SeqSchema,
    title: v.string(),
    /** The first words of the message. */
    body: v.string(),
    /** Who wrote, so the console names them in its own language (title is the server's fallback). */
    visitor: v.optional(DialogVisitorSchema),
  }),
  v.object({
    type: v.literal(OS.OperatorPresence),
    operatorId: IdSchema,
    status: v.picklist(OPERATOR_STATUSES),
    /** What the widget shows of them: online, away (console closed) or offline. */
    presence: v.picklist(PRESENCES),
  }),
  v.object({ type: v.literal(OS.LeadNew), lead: LeadSchema }),
  v.object({ type: v.literal(OS.AlertsChanged) }),
  v.object({ type: v.literal(OS.ProjectUnread), projectId: ProjectIdSchema, unread: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
]);
export type OperatorServerFrame = v.InferOutput<typeof OperatorServerFrameSchema>;
export type OperatorServerFrameOf<T extends OperatorServerFrame['type']> = Extract<OperatorServerFrame, { type: T }>;
