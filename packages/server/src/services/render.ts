import {
  S,
  requestStatus,
  type RequestStatus,
  type Rating,
  type Attachment,
  type AttachmentKind,
  type CloseStatus,
  type DialogEvent,
  type DialogPublic,
  type DialogSummary,
  type Message,
  type OperatorPublic,
  type Channel,
  type DialogVisitor,
  type VisitorLocation,
} from '@parley/protocol';
import type { SqlExec } from '../storage/sql';
import { inList } from '../storage/sql';
import type { DialogCard } from '../storage/dialogs';
import { files as fileRepo, messages as messageRepo } from '../storage/messages';
import { parseJsonObject, type DialogRow, type EventRow, type FileRow, type MessageRow, type OperatorRow, type VisitorRow } from '../storage/rows';
import { avatarUrl, operatorFileUrl, signedFileUrl } from './urls';

/**
 * Row -> protocol entity conversions. The pure ones work on rows already in hand (a write's
 * RETURNING); the loaders read what a pull or a page needs in a few statements. Operator views
 * carry plain file URLs; visitor views are re-signed per party.
 */

export async function operatorsById(x: SqlExec, ids: Iterable<string | null | undefined>): Promise<Map<string, OperatorRow>> {
  const list = [...new Set([...ids].filter((v): v is string => typeof v === 'string'))];
  if (list.length === 0) return new Map();
  const rows = await x.all<OperatorRow>(`SELECT * FROM operators WHERE id IN (${inList(list.length)})`, list);
  return new Map(rows.map((r) => [r.id, r]));
}

export function operatorPublic(op: Pick<OperatorRow, 'id' | 'name' | 'avatar_file'>): OperatorPublic {
  return { id: op.id, name: op.name, avatarUrl: avatarUrl(op) };
}

export function attachmentOf(f: FileRow): Attachment {
  const a: Attachment = {
    id: f.id,
    name: f.name,
    mime: f.mime,
    size: f.size,
    kind: f.kind as AttachmentKind,
    url: operatorFileUrl(f.id),
  };
  if (f.width !== null) a.width = f.width;
  if (f.height !== null) a.height = f.height;
  return a;
}

/** One message's current state (edits applied, a deleted one emptied), operator view. */
export function messageView(r: MessageRow, files: readonly FileRow[], op: OperatorPublic | undefined): Message {
  const m: Message = {
    id: r.id,
    dialogId: r.dialog_id,
    seq: r.seq,
    author:
      r.author_kind === 'operator'
        ? { kind: 'operator', id: r.operator_id ?? undefined, name: op?.name, avatarUrl: op ? op.avatarUrl : null }
        : { kind: r.author_kind as 'visitor' | 'system' },
    text: r.deleted_at !== null ? '' : r.text,
    attachments: r.deleted_at !== null ? [] : files.map(attachmentOf),
    createdAt: r.created_at,
  };
  if (r.client_id) m.clientId = r.client_id;
  if (r.device_id) m.deviceId = r.device_id;
  if (r.author_kind === 'visitor') m.channel = r.channel as Channel;
  if (r.edited_at !== null) m.editedAt = r.edited_at;
  if (r.deleted_at !== null) m.deletedAt = r.deleted_at;
  return m;
}

/** Messages with their files and authors: two statements for any page. */
export async function messagesView(x: SqlExec, rows: MessageRow[]): Promise<Message[]> {
  if (rows.length === 0) return [];
  const files = await fileRepo.ofMessages(
    x,
    rows.map((r) => r.id),
  );
  const byMessage = new Map<string, FileRow[]>();
  for (const f of files) {
    if (!f.message_id) continue;
    const list = byMessage.get(f.message_id) ?? [];
    list.push(f);
    byMessage.set(f.message_id, list);
  }
  const ops = await operatorsById(
    x,
    rows.map((r) => r.operator_id),
  );
  return rows.map((r) => {
    const op = r.operator_id ? ops.get(r.operator_id) : undefined;
    return messageView(r, byMessage.get(r.id) ?? [], op ? operatorPublic(op) : undefined);
  });
}

/** What the visitor (party `visitorId`) sees of a message: their own client ids, links signed for them. */
export function visitorMessage(m: Message, visitorId: string, key: string, now: number): Message {
  const out: Message =
    m.attachments.length === 0 ? { ...m } : { ...m, attachments: m.attachments.map((a) => ({ ...a, url: signedFileUrl(key, a.id, visitorId, now) })) };
  if (m.author.kind !== 'visitor') delete out.clientId;
  return out;
}

export function visitorEvent(e: DialogEvent, visitorId: string, key: string, now: number): DialogEvent {
  return e.type === S.MessageNew ? { ...e, message: visitorMessage(e.message, visitorId, key, now) } : e;
}

/** Stored payloads of non-message events. */
export interface OpenedPayload {
  at: number;
  reopened: boolean;
  /** A new dialog's request number. */
  number?: number;
  operatorId?: string | null;
}
export interface ClosedPayload {
  at: number;
  closeStatus?: CloseStatus | null;
  operatorId?: string | null;
}
export interface AssignedPayload {
  at: number;
  operator: OperatorPublic | null;
  by?: string | null;
}
export interface WaitingPayload {
  at: number;
  waiting: boolean;
  operatorId?: string | null;
}
export interface RatedPayload {
  at: number;
  score: number;
  comment?: string;
}
export interface EditedPayload {
  messageId: string;
  text: string;
  editedAt: number;
}
export interface DeletedPayload {
  messageId: string;
  deletedAt: number;
}

/**
 * Sequenced events as the wire carries them (operator view). `messages` holds the messages the
 * rows refer to; a message.new whose message is missing (purged) is skipped, and an edit of a
 * message known to be deleted since does not bring its text back.
 */
export function renderEventRows(rows: readonly EventRow[], messages: ReadonlyMap<string, Message>): DialogEvent[] {
  const out: DialogEvent[] = [];
  for (const r of rows) {
    const base = { dialogId: r.dialog_id, seq: r.seq };
    if (r.type === S.MessageNew) {
      const m = r.message_id ? messages.get(r.message_id) : undefined;
      if (m) out.push({ type: S.MessageNew, ...base, message: m });
      continue;
    }
    const p = parseJsonObject(r.payload);
    switch (r.type) {
      case S.MessageEdited: {
        const q = p as unknown as EditedPayload;
        const m = messages.get(q.messageId);
        out.push({ type: S.MessageEdited, ...base, messageId: q.messageId, text: m?.deletedAt ? '' : q.text, editedAt: q.editedAt });
        break;
      }
      case S.MessageDeleted: {
        const q = p as unknown as DeletedPayload;
        out.push({ type: S.MessageDeleted, ...base, messageId: q.messageId, deletedAt: q.deletedAt });
        break;
      }
      case S.DialogOpened: {
        const q = p as unknown as OpenedPayload;
        const e: DialogEvent = { type: S.DialogOpened, ...base, at: q.at, reopened: q.reopened === true };
        if (typeof q.number === 'number' && q.number > 0) e.number = q.number;
        out.push(e);
        break;
      }
      case S.DialogClosed:
        out.push({ type: S.DialogClosed, ...base, at: (p as unknown as ClosedPayload).at });
        break;
      case S.DialogAssigned: {
        const q = p as unknown as AssignedPayload;
        out.push({ type: S.DialogAssigned, ...base, at: q.at, operator: q.operator ?? null });
        break;
      }
      case S.DialogWaiting: {
        const q = p as unknown as WaitingPayload;
        out.push({ type: S.DialogWaiting, ...base, at: q.at, waiting: q.waiting === true });
        break;
      }
      case S.DialogRated: {
        const q = p as unknown as RatedPayload;
        const e: DialogEvent = { type: S.DialogRated, ...base, at: q.at, score: q.score };
        if (typeof q.comment === 'string') e.comment = q.comment;
        out.push(e);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Stored events rendered with the messages they refer to, read from the database (pulls, resumes). */
export async function renderEvents(x: SqlExec, rows: EventRow[]): Promise<DialogEvent[]> {
  const ids = [...new Set(rows.filter((r) => r.message_id).map((r) => r.message_id as string))];
  const views = await messagesView(x, await messageRepo.byIds(x, ids));
  return renderEventRows(rows, new Map(views.map((m) => [m.id, m])));
}

interface CardParts {
  visitor: Pick<VisitorRow, 'kind' | 'user_id' | 'name' | 'email' | 'phone' | 'location' | 'blocked_at'>;
  assignee: { id: string; name: string; avatarFile: string | null } | null;
  tags: string[];
}

function jsonArray(s: string | null): unknown[] | null {
  if (!s) return null;
  const v: unknown = JSON.parse(s);
  return Array.isArray(v) ? v : null;
}

export function cardParts(c: DialogCard): CardParts {
  const v = jsonArray(c.visitor_card) ?? [];
  const a = jsonArray(c.assignee_card);
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  return {
    visitor: {
      kind: str(v[0]) ?? 'anonymous',
      user_id: str(v[1]),
      name: str(v[2]),
      email: str(v[3]),
      phone: str(v[4]),
      location: str(v[5]),
      blocked_at: typeof v[6] === 'number' ? v[6] : null,
    },
    assignee: a ? { id: String(a[0]), name: typeof a[1] === 'string' ? a[1] : '', avatarFile: str(a[2]) } : null,
    tags: (jsonArray(c.tags_json) ?? []).filter((t): t is string => typeof t === 'string'),
  };
}

export function locationOf(json: string | null): VisitorLocation | null {
  if (!json) return null;
  const o = parseJsonObject(json);
  const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? o[k] : null);
  return { countryCode: str('countryCode'), region: str('region'), city: str('city'), timeZone: str('timeZone') };
}

/** The visitor as lists, cards and notifications show them. */
export function dialogVisitor(vis: CardParts['visitor'] | undefined, id: string): DialogVisitor {
  return {
    id,
    kind: vis?.kind === 'verified' ? 'verified' : 'anonymous',
    userId: vis?.user_id ?? null,
    name: vis?.name ?? null,
    email: vis?.email ?? null,
    phone: vis?.phone ?? null,
    location: locationOf(vis?.location ?? null),
    blocked: (vis?.blocked_at ?? null) !== null,
  };
}

/** Unread counts of one dialog: each operator with a read mark, and those without one. */
export interface UnreadMap {
  byOperator: Record<string, number>;
  none: number;
}

export function unreadMapOf(c: DialogCard): UnreadMap {
  const byOperator: Record<string, number> = {};
  for (const e of jsonArray(c.reads_json) ?? []) {
    if (Array.isArray(e) && typeof e[0] === 'string') byOperator[e[0]] = Number(e[1]) || 0;
  }
  return { byOperator, none: Number(c.unread_none) };
}

function withUnread(c: DialogCard, u: UnreadMap): DialogCard {
  return { ...c, reads_json: JSON.stringify(Object.entries(u.byOperator)), unread_none: u.none };
}

/** The card once the visitor message its statement did not see yet (inserted after it) counts. */
export function afterVisitorMessage(c: DialogCard): DialogCard {
  const u = unreadMapOf(c);
  for (const k of Object.keys(u.byOperator)) u.byOperator[k] = (u.byOperator[k] ?? 0) + 1;
  return withUnread(c, { byOperator: u.byOperator, none: u.none + 1 });
}

/** The card once this operator has read everything (their mark moved to the last seq). */
export function afterOwnRead(c: DialogCard, operatorId: string): DialogCard {
  const u = unreadMapOf(c);
  return withUnread(c, { byOperator: { ...u.byOperator, [operatorId]: 0 }, none: u.none });
}

/** The dialog as the visitor sees it. */
export function dialogPublic(c: DialogCard): DialogPublic {
  const { assignee } = cardParts(c);
  const out: DialogPublic = {
    id: c.id,
    status: c.status === 'closed' ? 'closed' : 'open',
    createdAt: c.created_at,
    operator: assignee ? operatorPublic({ id: assignee.id, name: assignee.name, avatar_file: assignee.avatarFile }) : null,
  };
  if (c.closed_at !== null && c.status === 'closed') out.closedAt = c.closed_at;
  const rating = ratingOf(c);
  if (rating) out.rating = rating;
  if (c.operator_read_seq > 0) out.readSeq = c.operator_read_seq;
  if (c.number) out.number = Number(c.number);
  out.request = requestStatusOf(c);
  return out;
}

/** A dialog's rating as the API shows it (no comment key when there is none), null when unrated. */
export function ratingOf(c: Pick<DialogRow, 'rating_score' | 'rating_comment'>): Rating | null {
  if (c.rating_score === null) return null;
  return c.rating_comment ? { score: c.rating_score, comment: c.rating_comment } : { score: c.rating_score };
}

/** The request status of a dialog row (protocol's rule over its columns). */
export function requestStatusOf(c: Pick<DialogRow, 'status' | 'waiting_at' | 'assignee_id' | 'first_reply_at'>): RequestStatus {
  return requestStatus({ closed: c.status === 'closed', waiting: c.waiting_at !== null, assigned: c.assignee_id !== null, replied: c.first_reply_at !== null });
}

/**
 * The dialog as a list row in the console, as `viewerId` sees it (their own unread count);
 * without a viewer, the count of an operator who never read it (the fan-out sends each console
 * its own from the unread map).
 */
export function summaryOf(c: DialogCard, viewerId?: string): DialogSummary {
  const { visitor, assignee, tags } = cardParts(c);
  const unread = unreadMapOf(c);
  return {
    id: c.id,
    status: c.status === 'closed' ? 'closed' : 'open',
    closeStatus: (c.close_status as CloseStatus | null) ?? null,
    channel: c.channel as Channel,
    visitor: dialogVisitor(visitor, c.visitor_id),
    groupId: c.group_id,
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    lastMessage:
      c.last_message_at !== null
        ? {
            text: c.last_message_text ?? '',
            authorKind: (c.last_message_author as 'visitor' | 'operator' | 'system' | null) ?? 'visitor',
            at: c.last_message_at,
            hasAttachments: c.last_message_has_attachments === 1,
          }
        : null,
    unread: (viewerId !== undefined ? unread.byOperator[viewerId] : undefined) ?? unread.none,
    lastSeq: c.last_seq,
    visitorReadSeq: c.visitor_read_seq,
    rating: ratingOf(c),
    tags,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    closedAt: c.status === 'closed' ? c.closed_at : null,
    erasedAt: c.erased_at,
    ...(c.number ? { number: Number(c.number) } : {}),
    request: requestStatusOf(c),
    ...(c.subject ? { subject: c.subject } : {}),
  };
}
