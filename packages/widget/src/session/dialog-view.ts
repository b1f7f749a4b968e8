import { S, type DialogEvent, type DialogPublic, type HistoryBatchFrame, type Message, type WelcomeFrame } from '@parley/protocol';

/** What this client knows of the visitor's current dialog: applied in seq order, nothing skipped. */
export interface DialogView {
  dialog: DialogPublic | null;
  /** Ascending by seq. */
  messages: Message[];
  /** The last seq applied; the resume cursor. */
  seq: number;
  hasMore: boolean;
}

export const EMPTY_VIEW: DialogView = { dialog: null, messages: [], seq: 0, hasMore: false };

export type ApplyResult =
  | { kind: 'applied'; view: DialogView }
  /** Already applied (a replay overlapping what we have). */
  | { kind: 'stale' }
  /** Something is missing before this event: resynchronise. */
  | { kind: 'gap' };

const at = (ev: DialogEvent): number => ('at' in ev ? ev.at : ev.type === S.MessageNew ? ev.message.createdAt : Date.now());

/** Applies one sequenced event. Events must come in seq order with no holes; anything else is reported. */
export function applyEvent(view: DialogView, ev: DialogEvent): ApplyResult {
  let base = view;
  if (!view.dialog || view.dialog.id !== ev.dialogId) {
    // Another dialog: only its very first event can start it cleanly (a new dialog after a closed one).
    if (ev.seq !== 1 || (view.dialog && view.dialog.status === 'open')) return { kind: 'gap' };
    base = { dialog: { id: ev.dialogId, status: 'open', createdAt: at(ev), operator: null, request: 'new' }, messages: [], seq: 0, hasMore: false };
  }
  if (ev.seq <= base.seq) return { kind: 'stale' };
  if (ev.seq > base.seq + 1) return { kind: 'gap' };
  const dialog = base.dialog as DialogPublic;
  let messages = base.messages;
  let next: DialogPublic = dialog;
  // The request's status follows the events (protocol's requestStatus, step by step).
  const req = dialog.request;
  switch (ev.type) {
    case S.MessageNew: {
      messages = [...messages.filter((m) => m.id !== ev.message.id), ev.message];
      const k = ev.message.author.kind;
      if ((k === 'operator' && req === 'new') || (k === 'visitor' && req === 'waiting')) next = { ...dialog, request: 'in_progress' };
      break;
    }
    case S.MessageEdited:
      messages = messages.map((m) => (m.id === ev.messageId ? { ...m, text: ev.text, editedAt: ev.editedAt } : m));
      break;
    case S.MessageDeleted:
      messages = messages.map((m) => (m.id === ev.messageId ? { ...m, text: '', attachments: [], deletedAt: ev.deletedAt } : m));
      break;
    case S.DialogOpened: {
      const { closedAt: _c, rating: _r, ...rest } = dialog;
      const answered = !!dialog.operator || messages.some((m) => m.author.kind === 'operator');
      next = { ...rest, status: 'open', request: answered ? 'in_progress' : 'new' };
      if (ev.number) next.number = ev.number;
      break;
    }
    case S.DialogClosed:
      next = { ...dialog, status: 'closed', closedAt: ev.at, request: 'resolved' };
      break;
    case S.DialogAssigned:
      next = { ...dialog, operator: ev.operator, request: ev.operator && req === 'new' ? 'in_progress' : req };
      break;
    case S.DialogWaiting:
      next = { ...dialog, request: ev.waiting ? 'waiting' : 'in_progress' };
      break;
    case S.DialogRated:
      next = { ...dialog, rating: ev.comment === undefined ? { score: ev.score } : { score: ev.score, comment: ev.comment } };
      break;
  }
  return { kind: 'applied', view: { dialog: next, messages, seq: ev.seq, hasMore: base.hasMore } };
}

/**
 * After `session.welcome`: keep what we have when the server sends the gap after our cursor;
 * otherwise start from the server's dialog (a snapshot follows, or there is nothing).
 */
export function applyWelcome(view: DialogView, w: Pick<WelcomeFrame, 'dialog' | 'sync' | 'cursor'>): DialogView {
  if (!w.dialog) return EMPTY_VIEW;
  if (view.dialog?.id === w.dialog.id) {
    // The same dialog: keep the messages on screen; a gap or a snapshot brings them up to date.
    return w.sync === 'gap' ? { ...view, dialog: w.dialog } : { ...view, dialog: w.dialog, seq: w.sync === 'none' ? w.cursor : view.seq };
  }
  return { dialog: w.dialog, messages: [], seq: w.sync === 'none' ? w.cursor : 0, hasMore: false };
}

/** A history batch: the latest messages (a snapshot), or older ones requested with history.fetch. */
export function applyHistory(view: DialogView, b: HistoryBatchFrame, older: boolean): DialogView {
  if (older && view.dialog?.id === b.dialogId) {
    const known = new Set(view.messages.map((m) => m.id));
    const messages = [...b.messages.filter((m) => !known.has(m.id)), ...view.messages].sort((x, y) => x.seq - y.seq);
    return { ...view, messages, hasMore: b.hasMore };
  }
  return { dialog: b.dialog, messages: [...b.messages].sort((x, y) => x.seq - y.seq), seq: b.cursor, hasMore: b.hasMore };
}

/** Operator and system messages after the visitor's read mark. */
export function unreadCount(messages: readonly Message[], lastReadSeq: number): number {
  let n = 0;
  for (const m of messages) if (m.author.kind !== 'visitor' && m.seq > lastReadSeq && !m.deletedAt) n++;
  return n;
}

/** Keeps the cache small: the newest `max` messages. */
export function trimView(view: DialogView, max: number): DialogView {
  if (view.messages.length <= max) return view;
  return { ...view, messages: view.messages.slice(-max), hasMore: true };
}
