/**
 * Frame type names, `domain.verb`. Use these constants, never string literals, so a rename is
 * one edit and a typo is a compile error. The comment on each is its line in the generated
 * protocol reference (docs/protocol.md, `npm run docs:protocol`).
 */
export const C = {
  /** First frame on every connection; negotiates the protocol version. */
  Hello: 'session.hello',
  /** Signs the visitor out: the server revokes this token and ends its other connections. */
  Logout: 'session.logout',
  /** Application-level ping; answered with session.pong (echoing `t`) and the server's clock. */
  Ping: 'session.ping',
  /** A visitor message (text and uploaded attachments); acked with message.ack, then sent to every party as message.new. */
  MessageSend: 'message.send',
  /** The visitor is typing (or stopped); operators may see the draft. Live only. */
  Typing: 'typing.update',
  /** The visitor has read the dialog up to `seq`; operators see the read mark. Live only. */
  Read: 'read.mark',
  /** Rates a dialog (the visitor's own); acked with request.ack kind 'rating'. */
  RatingSubmit: 'rating.submit',
  /** The offline form, when nobody can answer; acked with request.ack kind 'offline_form'. */
  OfflineFormSubmit: 'offline_form.submit',
  /** The pre-chat form, before a new conversation (when the project asks for one); acked with request.ack kind 'prechat'. */
  PreChatSubmit: 'prechat.submit',
  /** A callback request (the multiwidget's form); acked with request.ack kind 'callback'. */
  CallbackRequest: 'callback.request',
  /** Merges custom params operators see on the dialog (`null` removes a key). */
  ParamsSet: 'params.set',
  /** The visitor moved to another page (single-page apps included). */
  PageView: 'page.view',
  /** Older messages of the followed dialog; answered with history.batch. */
  HistoryFetch: 'history.fetch',
  /** A developer event about the visitor (`parley('event', name, props)`), acked with request.ack. */
  EventTrack: 'event.track',
} as const;

export const S = {
  /** The answer to session.hello: token, visitor, dialog, presence, and how the client will be brought up to date. */
  Welcome: 'session.welcome',
  /** A new visitor token (an anonymous visitor's next contact starts an unlinked dialog). */
  Token: 'session.token',
  /** The answer to session.ping. */
  Pong: 'session.pong',
  /** This token no longer works (logout, revoked, replaced): forget it. The connection closes. */
  Ended: 'session.ended',
  /** A refused frame or request; `clientId` names the request it answers, `fatal` closes the connection. */
  Error: 'session.error',
  /** The server has stored the message with this `clientId` (safe to forget it locally). */
  MessageAck: 'message.ack',
  /** The server has stored the request with this `clientId`: offline form, callback, rating or event. */
  RequestAck: 'request.ack',
  // Sequenced dialog events: each carries dialogId + seq and is replayed on resume.
  /** A message in the dialog (the visitor's own included, from any of their devices). Sequenced. */
  MessageNew: 'message.new',
  /** An operator edited a message. Sequenced. */
  MessageEdited: 'message.edited',
  /** An operator deleted a message. Sequenced. */
  MessageDeleted: 'message.deleted',
  /** The dialog started, or (a signed-in visitor's) opened again. Sequenced. */
  DialogOpened: 'dialog.opened',
  /** The dialog was closed. Sequenced. */
  DialogClosed: 'dialog.closed',
  /** An operator took the dialog (or it was unassigned: `operator: null`). Sequenced. */
  DialogAssigned: 'dialog.assigned',
  /** The visitor rated the dialog. Sequenced. */
  DialogRated: 'dialog.rated',
  /** An operator marked the request "waiting for the client", or took the mark off. Sequenced. */
  DialogWaiting: 'dialog.waiting',
  // Live only, never replayed.
  /** An operator is typing in the dialog (or stopped). Live only. */
  Typing: 'typing.update',
  Read: 'read.update',
  /** Whether anyone can answer now: operators online, working hours, and when that next changes. */
  Presence: 'presence.update',
  /** The project's settings changed: fetch the config again (its ETag is `configVersion`). */
  ConfigUpdated: 'config.updated',
  /** The latest (snapshot) or older (history.fetch) messages of the dialog, edits and deletions applied. */
  History: 'history.batch',
} as const;

export type ClientFrameType = (typeof C)[keyof typeof C];
export type ServerFrameType = (typeof S)[keyof typeof S];
