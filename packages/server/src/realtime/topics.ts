import type {
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

/** Bus topics and their messages (plain JSON: they may cross nodes). */
export const topics = {
  /** Visitor sockets joined to a dialog. */
  dialog: (dialogId: string) => `dialog:${dialogId}`,
  /**
   * Messages for the sockets of one visitor row (all devices of a signed-in user), addressed by
   * visitorId within the project: one subscription per project and node, not one per socket.
   */
  visitors: (projectId: string) => `visitors:${projectId}`,
  /** Every widget socket of a project. */
  widgets: (projectId: string) => `widgets:${projectId}`,
  /** Every console socket of a project. */
  ops: (projectId: string) => `ops:${projectId}`,
  /** Every console socket of one operator account, whatever project it shows. */
  operator: (operatorId: string) => `operator:${operatorId}`,
  /** Webhook endpoints of a project changed (`{ projectId }`): every node reloads its copy. */
  webhookEndpoints: 'webhook-endpoints',
};

export type DialogTopicMsg = { t: 'events'; events: DialogEvent[] } | { t: 'typing'; typing: boolean; operator?: OperatorPublic } | { t: 'read'; seq: number };

export type VisitorTopicMsg =
  | { t: 'dialog'; visitorId: string; dialogId: string }
  /** An anonymous visitor's closed dialog was continued as a new visitor row: the sockets of `visitorId` follow it. */
  | { t: 'successor'; visitorId: string; successorId: string }
  /** Without tokenHash: every socket of the visitor (erased). */
  | { t: 'ended'; visitorId: string; tokenHash?: string; reason: 'logout' | 'revoked' | 'erased' };

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
  | { t: 'kick'; operatorId: string; sessionHash?: string };

/** To one operator's consoles, in every project. */
export type OperatorTopicMsg = { t: 'kick'; sessionHash?: string };
