import type { RecordingState } from '@parley/protocol';
import type {
  CallToOperatorFrame,
  CallToVisitorFrame,
  DialogEvent,
  DialogSummary,
  DialogVisitor,
  Lead,
  MessageMail,
  Note,
  OperatorPresenceState,
  OperatorPublic,
  OperatorRef,
  OperatorStatus,
  PageInfo,
  Presence,
  VisitorEvent,
} from '@parley/protocol';
import type { UnreadMap } from '../services/render';
import { topic, type Topic } from '../bus';

/** Every kind of bus topic and the type of its messages (plain JSON: they cross nodes). */
export interface TopicMap {
  dialog: DialogTopicMsg;
  visitors: VisitorTopicMsg;
  widgets: WidgetsTopicMsg;
  ops: OpsTopicMsg;
  operator: OperatorTopicMsg;
  webhookEndpoints: { projectId: string };
  channelConfigs: { projectId: string };
  projectChanged: { id: string };
  presenceChanged: { projectIds: string[] };
  calls: CallTopicMsg;
}

const named =
  <K extends keyof TopicMap>(prefix: string) =>
  (id: string): Topic<TopicMap[K]> =>
    topic<TopicMap[K]>(`${prefix}:${id}`);

/** Bus topics, each typed by TopicMap. */
export const topics = {
  /** Visitor sockets joined to a dialog. */
  dialog: named<'dialog'>('dialog'),
  /**
   * Messages for the sockets of one visitor row (all devices of a signed-in user), addressed by
   * visitorId within the project: one subscription per project and node, not one per socket.
   */
  visitors: named<'visitors'>('visitors'),
  /** Every widget socket of a project. */
  widgets: named<'widgets'>('widgets'),
  /** Every console socket of a project. */
  ops: named<'ops'>('ops'),
  /** Every console socket of one operator account, whatever project it shows. */
  operator: named<'operator'>('operator'),
  /** Webhook endpoints of a project changed: every node reloads its copy. */
  webhookEndpoints: topic<TopicMap['webhookEndpoints']>('webhook-endpoints'),
  /** A project's messenger channel settings changed on some node: every node re-reads them (channels/runtime.ts). */
  channelConfigs: topic<TopicMap['channelConfigs']>('channel-configs'),
  /** A project row changed: every node drops its cached copy. */
  projectChanged: topic<TopicMap['projectChanged']>('projects:changed'),
  /** Consoles opened or closed on some node (REDIS_URL): every node recomputes these projects' presence. */
  presenceChanged: topic<TopicMap['presenceChanged']>('presence:changed'),
  /** Calls rung, answered or ended on some node: every node keeps every call's state (services/calls.ts). */
  calls: topic<TopicMap['calls']>('calls'),
};

/** A call as every node keeps it (issue 19). The connections are the server's own tags, never a client's. */
export interface CallState {
  id: string;
  projectId: string;
  dialogId: string;
  visitorId: string;
  /** The dialog's assignee when rung or answered: who may see the call's frames. */
  assigneeId: string | null;
  video: boolean;
  by: 'visitor' | 'operator';
  operatorId: string | null;
  /** The console socket in the call (the caller's, or the one that answered). */
  opConn: string | null;
  /** The visitor socket in the call (the caller's, or the one that answered). */
  visitorConn: string | null;
  /** When it was answered; null while it rings. */
  startedAt: number | null;
  /** The recording's state (null: never asked); see protocol's RECORDING_STATES. */
  recording?: RecordingState | null;
  /** How many recordings both parties agreed to in this call (each may be uploaded once). */
  recordings?: number;
}
export type CallTopicMsg = { t: 'set'; call: CallState } | { t: 'end'; id: string };
/** A call frame for some connections: one (`conn`), or all that may see it but one (`except`). */
type CallAddress = { conn?: string; except?: string };

export type DialogTopicMsg = { t: 'events'; events: DialogEvent[] } | { t: 'typing'; typing: boolean; operator?: OperatorPublic } | { t: 'read'; seq: number };

export type VisitorTopicMsg =
  | { t: 'dialog'; visitorId: string; dialogId: string }
  /** An anonymous visitor's closed dialog was continued as a new visitor row: the sockets of `visitorId` follow it. */
  | { t: 'successor'; visitorId: string; successorId: string }
  /** Without tokenHash: every socket of the visitor (erased). */
  | { t: 'ended'; visitorId: string; tokenHash?: string; reason: 'logout' | 'revoked' | 'erased' }
  | ({ t: 'call'; visitorId: string; frame: CallToVisitorFrame } & CallAddress);

export type WidgetsTopicMsg =
  | { t: 'presence'; presence: Presence }
  | { t: 'config'; configVersion: string }
  /** The project was deleted. */
  | { t: 'gone' };

export type OpsTopicMsg =
  | { t: 'events'; dialogId: string; assigneeId: string | null; events: DialogEvent[] }
  /** prevAssigneeId is present only when the assignee changed (null: it was unassigned). */
  | { t: 'dialog'; summary: DialogSummary; prevAssigneeId?: string | null; unread: UnreadMap }
  | { t: 'note'; note: Note; assigneeId: string | null }
  | { t: 'typing'; dialogId: string; assigneeId: string | null; typing: boolean; by: 'visitor' | OperatorRef; draft?: string }
  | { t: 'page'; dialogId: string; assigneeId: string | null; page: PageInfo; at: number }
  | { t: 'visitor_event'; dialogId: string; assigneeId: string | null; event: VisitorEvent }
  /** Problem alerts were raised or marked seen (issue 16): admins' consoles reload the banner. */
  | { t: 'alerts' }
  | { t: 'mail_mark'; dialogId: string; assigneeId: string | null; mail: MessageMail }
  | { t: 'read'; dialogId: string; assigneeId: string | null; seq: number }
  | { t: 'lead'; lead: Lead }
  | { t: 'presence'; operatorId: string; status: OperatorStatus; presence: OperatorPresenceState }
  | {
      t: 'notify';
      operatorId: string;
      reason: 'assigned' | 'message' | 'new';
      dialogId: string;
      seq: number;
      title: string;
      body: string;
      visitor?: DialogVisitor;
    }
  /** Close this operator's consoles (removed, role changed, or one session logged out); '*': every console of the project. */
  | { t: 'kick'; operatorId: string; sessionHash?: string }
  | ({ t: 'call'; dialogId: string; assigneeId: string | null; frame: CallToOperatorFrame } & CallAddress);

/** To one operator's consoles, in every project. */
export type OperatorTopicMsg = { t: 'kick'; sessionHash?: string };
