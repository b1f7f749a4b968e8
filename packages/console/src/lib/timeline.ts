import { S, type DialogEvent, type Message, type MessageMail, type Note, type Timeline, type TimelineEvent, type VisitorEvent } from '@parley/protocol';

/** What the console keeps of one dialog's history: the server's timeline plus live events applied. */
export interface TimelineState {
  messages: Message[];
  notes: Note[];
  events: TimelineEvent[];
  /** What the site recorded about the visitor (`parley('event', …)`). */
  visitorEvents: VisitorEvent[];
  /** Email marks by message id (mailed to the visitor, came by mail, spoofed sender). */
  mail: Readonly<Record<string, MessageMail>>;
  /** Highest seq applied; events at or below it are already reflected. */
  cursor: number;
  hasMore: boolean;
}

/** A message the operator sent that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  text: string;
  attachmentNames: string[];
  attachmentIds: string[];
  createdAt: number;
  error: string | null;
  /** 'email': mailed to the visitor as well. */
  via?: 'chat' | 'email';
}

export type TimelineItem =
  | { kind: 'message'; key: string; at: number; message: Message }
  | { kind: 'note'; key: string; at: number; note: Note }
  | { kind: 'event'; key: string; at: number; event: TimelineEvent }
  | { kind: 'visitor-event'; key: string; at: number; event: VisitorEvent }
  | { kind: 'pending'; key: string; at: number; pending: PendingMessage }
  | { kind: 'day'; key: string; at: number };

export function emptyTimeline(): TimelineState {
  return { messages: [], notes: [], events: [], visitorEvents: [], mail: {}, cursor: 0, hasMore: false };
}

export function fromServer(t: Timeline): TimelineState {
  return {
    messages: [...t.messages].sort((a, b) => a.seq - b.seq),
    notes: [...t.notes],
    events: [...t.events],
    visitorEvents: [...t.visitorEvents],
    mail: Object.fromEntries(t.mail.map((m) => [m.messageId, m])),
    cursor: t.cursor,
    hasMore: t.hasMore,
  };
}

/** Prepends an older page (timeline?before=…) to what is loaded, skipping anything already there. */
export function prependOlder(state: TimelineState, older: Timeline): TimelineState {
  const ids = new Set(state.messages.map((m) => m.id));
  const noteIds = new Set(state.notes.map((n) => n.id));
  const eventSeqs = new Set(state.events.map((e) => `${e.kind}:${e.seq}`));
  return {
    ...state,
    messages: [...older.messages.filter((m) => !ids.has(m.id)), ...state.messages].sort((a, b) => a.seq - b.seq),
    notes: [...older.notes.filter((n) => !noteIds.has(n.id)), ...state.notes],
    events: [...older.events.filter((e) => !eventSeqs.has(`${e.kind}:${e.seq}`)), ...state.events],
    visitorEvents: addVisitorEvents(state.visitorEvents, older.visitorEvents),
    mail: { ...Object.fromEntries(older.mail.map((m) => [m.messageId, m])), ...state.mail },
    hasMore: older.hasMore,
  };
}

export interface ApplyResult {
  state: TimelineState;
  /** Events were missed between the cursor and this one: refetch the timeline. */
  gap: boolean;
}

function upsertMessage(list: Message[], m: Message): Message[] {
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) return list.map((x, j) => (j === i ? m : x));
  const next = [...list, m];
  // Events arrive in seq order; only a replay after a refetch can land out of order.
  return next.length > 1 && next[next.length - 2]!.seq > m.seq ? next.sort((a, b) => a.seq - b.seq) : next;
}

function patchMessage(list: Message[], id: string, patch: Partial<Message>): Message[] {
  return list.map((m) => (m.id === id ? { ...m, ...patch } : m));
}

function toTimelineEvent(ev: DialogEvent): TimelineEvent | null {
  switch (ev.type) {
    case S.DialogOpened:
      return { kind: ev.reopened ? 'reopened' : 'opened', seq: ev.seq, at: ev.at };
    case S.DialogClosed:
      return { kind: 'closed', seq: ev.seq, at: ev.at };
    case S.DialogAssigned:
      return { kind: 'assigned', seq: ev.seq, at: ev.at, operator: ev.operator ? { id: ev.operator.id, name: ev.operator.name } : null };
    case S.DialogRated:
      return {
        kind: 'rated',
        seq: ev.seq,
        at: ev.at,
        rating: ev.comment === undefined ? { score: ev.score } : { score: ev.score, comment: ev.comment },
      };
    default:
      return null;
  }
}

/**
 * Applies one live dialog event. Idempotent: an event at or below the cursor is already part of
 * the state (the timeline snapshot or an earlier frame) and changes nothing.
 */
export function applyDialogEvent(state: TimelineState, ev: DialogEvent): ApplyResult {
  if (ev.seq <= state.cursor) return { state, gap: false };
  const gap = ev.seq > state.cursor + 1;
  let next: TimelineState = { ...state, cursor: ev.seq };
  switch (ev.type) {
    case S.MessageNew:
      next = { ...next, messages: upsertMessage(next.messages, ev.message) };
      break;
    case S.MessageEdited:
      next = { ...next, messages: patchMessage(next.messages, ev.messageId, { text: ev.text, editedAt: ev.editedAt }) };
      break;
    case S.MessageDeleted:
      next = { ...next, messages: patchMessage(next.messages, ev.messageId, { text: '', attachments: [], deletedAt: ev.deletedAt }) };
      break;
    default: {
      const te = toTimelineEvent(ev);
      if (te) next = { ...next, events: [...next.events, te] };
    }
  }
  return { state: next, gap };
}

/** Adds a note unless it is already there (the POST answer and the note.new frame both carry it). */
export function addNote(state: TimelineState, note: Note): TimelineState {
  if (state.notes.some((n) => n.id === note.id)) return state;
  return { ...state, notes: [...state.notes, note] };
}

/** Adds visitor events not there yet (a page and a live frame may both carry one), in time order. */
function addVisitorEvents(list: readonly VisitorEvent[], more: readonly VisitorEvent[]): VisitorEvent[] {
  const ids = new Set(list.map((e) => e.id));
  const fresh = more.filter((e) => !ids.has(e.id));
  return fresh.length === 0 ? [...list] : [...list, ...fresh].sort((a, b) => a.at - b.at);
}

/** A message went by email (live). */
export function addMail(state: TimelineState, mail: MessageMail): TimelineState {
  return state.mail[mail.messageId] ? state : { ...state, mail: { ...state.mail, [mail.messageId]: mail } };
}

export function addVisitorEvent(state: TimelineState, event: VisitorEvent): TimelineState {
  if (state.visitorEvents.some((e) => e.id === event.id)) return state;
  return { ...state, visitorEvents: addVisitorEvents(state.visitorEvents, [event]) };
}

/** Applies a message the server returned (send or edit answer) without moving the cursor. */
export function upsertReturnedMessage(state: TimelineState, m: Message): TimelineState {
  const existing = state.messages.find((x) => x.id === m.id);
  // A live event may already have applied a newer state (e.g. deleted after this edit).
  if (existing && (existing.deletedAt || (existing.editedAt ?? 0) > (m.editedAt ?? 0))) return state;
  return { ...state, messages: upsertMessage(state.messages, m) };
}

/** Pending sends the server has not confirmed: those whose clientId is not among the messages yet. */
export function unconfirmed(pending: readonly PendingMessage[], messages: readonly Message[]): PendingMessage[] {
  const confirmed = new Set(messages.map((m) => m.clientId).filter((c): c is string => !!c));
  return pending.filter((p) => !confirmed.has(p.clientId));
}

function localDayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/**
 * One list in reading order: messages, notes, events and visitor events by time (sequenced items
 * by seq when the times tie; notes and visitor events, which have no seq, after them), pending sends last, with a day separator
 * before the first item of each day.
 */
export function mergeTimeline(state: TimelineState, pending: readonly PendingMessage[] = [], dayKey: (ts: number) => string = localDayKey): TimelineItem[] {
  type Sortable = { item: TimelineItem; seq: number };
  const all: Sortable[] = [
    ...state.messages.map((m): Sortable => ({ item: { kind: 'message', key: `m:${m.id}`, at: m.createdAt, message: m }, seq: m.seq })),
    ...state.events.map((e): Sortable => ({ item: { kind: 'event', key: `e:${e.kind}:${e.seq}`, at: e.at, event: e }, seq: e.seq })),
    ...state.notes.map((n): Sortable => ({ item: { kind: 'note', key: `n:${n.id}`, at: n.createdAt, note: n }, seq: Number.POSITIVE_INFINITY })),
    ...state.visitorEvents.map((e): Sortable => ({ item: { kind: 'visitor-event', key: `v:${e.id}`, at: e.at, event: e }, seq: Number.POSITIVE_INFINITY })),
  ];
  all.sort((a, b) => a.item.at - b.item.at || (a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1));
  const ordered = all.map((s) => s.item);
  for (const p of unconfirmed(pending, state.messages)) {
    ordered.push({ kind: 'pending', key: `p:${p.clientId}`, at: p.createdAt, pending: p });
  }
  const out: TimelineItem[] = [];
  let lastDay = '';
  for (const item of ordered) {
    const day = dayKey(item.at);
    if (day !== lastDay) {
      out.push({ kind: 'day', key: `d:${day}`, at: item.at });
      lastDay = day;
    }
    out.push(item);
  }
  return out;
}
