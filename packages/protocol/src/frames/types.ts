/**
 * Frame type names, `domain.verb`. Use these constants, never string literals, so a rename is
 * one edit and a typo is a compile error.
 */
export const C = {
  /** First frame on every connection; negotiates the protocol version. */
  Hello: 'session.hello',
  Logout: 'session.logout',
  Ping: 'session.ping',
  MessageSend: 'message.send',
  Typing: 'typing.update',
  Read: 'read.mark',
  RatingSubmit: 'rating.submit',
  OfflineFormSubmit: 'offline_form.submit',
  PreChatSubmit: 'prechat.submit',
  CallbackRequest: 'callback.request',
  ParamsSet: 'params.set',
  PageView: 'page.view',
  HistoryFetch: 'history.fetch',
} as const;

export const S = {
  Welcome: 'session.welcome',
  /** A new visitor token (an anonymous visitor's next contact starts an unlinked dialog). */
  Token: 'session.token',
  Pong: 'session.pong',
  Ended: 'session.ended',
  Error: 'session.error',
  MessageAck: 'message.ack',
  RequestAck: 'request.ack',
  // Sequenced dialog events: each carries dialogId + seq and is replayed on resume.
  MessageNew: 'message.new',
  MessageEdited: 'message.edited',
  MessageDeleted: 'message.deleted',
  DialogOpened: 'dialog.opened',
  DialogClosed: 'dialog.closed',
  DialogAssigned: 'dialog.assigned',
  DialogRated: 'dialog.rated',
  // Live only, never replayed.
  Typing: 'typing.update',
  Read: 'read.update',
  Presence: 'presence.update',
  ConfigUpdated: 'config.updated',
  History: 'history.batch',
} as const;

export type ClientFrameType = (typeof C)[keyof typeof C];
export type ServerFrameType = (typeof S)[keyof typeof S];
