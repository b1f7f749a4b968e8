import {
  S, type Attachment, type AttachmentKind, type CloseStatus, type DialogEvent, type DialogPublic, type DialogSummary,
  type Message, type OperatorPublic, type Channel, type DialogVisitor, type VisitorLocation,
} from '@parley/protocol';
import { unreadFor } from './reads';
import type { Db } from '../storage/open';
import { parseJsonObject, type DialogRow, type EventRow, type FileRow, type MessageRow, type OperatorRow, type VisitorRow } from '../storage/rows';
import { avatarUrl, operatorFileUrl, signedFileUrl } from './urls';

/** Row -> protocol entity conversions. Operator views carry plain file URLs; visitor views are re-signed per party. */

export async function operatorsById(db: Db, ids: Iterable<string | null | undefined>): Promise<Map<string, OperatorRow>> {
  const list = [...new Set([...ids].filter((x): x is string => typeof x === 'string'))];
  if (list.length === 0) return new Map();
  const rows = await db.selectFrom('operators').selectAll().where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function operatorPublic(op: OperatorRow): OperatorPublic {
  return { id: op.id, name: op.name, avatarUrl: avatarUrl(op) };
}

export function attachmentOf(f: FileRow): Attachment {
  const a: Attachment = {
    id: f.id, name: f.name, mime: f.mime, size: f.size, kind: f.kind as AttachmentKind, url: operatorFileUrl(f.id),
  };
  if (f.width !== null) a.width = f.width;
  if (f.height !== null) a.height = f.height;
  return a;
}

/** Current state of messages (edits applied, deleted ones emptied), operator view. */
export async function messagesView(db: Db, rows: MessageRow[]): Promise<Message[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const files = await db.selectFrom('files').selectAll().where('message_id', 'in', ids).orderBy('created_at').orderBy('id').execute();
  const byMessage = new Map<string, FileRow[]>();
  for (const f of files) {
    if (!f.message_id) continue;
    const list = byMessage.get(f.message_id) ?? [];
    list.push(f);
    byMessage.set(f.message_id, list);
  }
  const ops = await operatorsById(db, rows.map((r) => r.operator_id));
  return rows.map((r) => {
    const op = r.operator_id ? ops.get(r.operator_id) : undefined;
    const m: Message = {
      id: r.id,
      dialogId: r.dialog_id,
      seq: r.seq,
      author:
        r.author_kind === 'operator'
          ? { kind: 'operator', id: r.operator_id ?? undefined, name: op?.name, avatarUrl: op ? avatarUrl(op) : null }
          : { kind: r.author_kind as 'visitor' | 'system' },
      text: r.deleted_at !== null ? '' : r.text,
      attachments: r.deleted_at !== null ? [] : (byMessage.get(r.id) ?? []).map(attachmentOf),
      createdAt: r.created_at,
    };
    if (r.client_id) m.clientId = r.client_id;
    if (r.device_id) m.deviceId = r.device_id;
    if (r.author_kind === 'visitor') m.channel = r.channel as Channel;
    if (r.edited_at !== null) m.editedAt = r.edited_at;
    if (r.deleted_at !== null) m.deletedAt = r.deleted_at;
    return m;
  });
}

/** What the visitor (party `visitorId`) sees of a message: their own client ids, links signed for them. */
export function visitorMessage(m: Message, visitorId: string, key: string, now: number): Message {
  const out: Message = { ...m, attachments: m.attachments.map((a) => ({ ...a, url: signedFileUrl(key, a.id, visitorId, now) })) };
  if (m.author.kind !== 'visitor') delete out.clientId;
  return out;
}

export function visitorEvent(e: DialogEvent, visitorId: string, key: string, now: number): DialogEvent {
  return e.type === S.MessageNew ? { ...e, message: visitorMessage(e.message, visitorId, key, now) } : e;
}

/** Stored payloads of non-message events. */
export interface OpenedPayload { at: number; reopened: boolean; operatorId?: string | null }
export interface ClosedPayload { at: number; closeStatus?: CloseStatus | null; operatorId?: string | null }
export interface AssignedPayload { at: number; operator: OperatorPublic | null; by?: string | null }
export interface RatedPayload { at: number; score: number; comment?: string }
export interface EditedPayload { messageId: string; text: string; editedAt: number }
export interface DeletedPayload { messageId: string; deletedAt: number }

/** Sequenced events as the wire carries them (operator view). */
export async function renderEvents(db: Db, rows: EventRow[]): Promise<DialogEvent[]> {
  const messageIds = rows.filter((r) => r.message_id).map((r) => r.message_id as string);
  const messageRows = messageIds.length
    ? await db.selectFrom('messages').selectAll().where('id', 'in', [...new Set(messageIds)]).execute()
    : [];
  const messages = new Map((await messagesView(db, messageRows)).map((m) => [m.id, m]));
  const out: DialogEvent[] = [];
  for (const r of rows) {
    const p = parseJsonObject(r.payload);
    const base = { dialogId: r.dialog_id, seq: r.seq };
    switch (r.type) {
      case S.MessageNew: {
        const m = r.message_id ? messages.get(r.message_id) : undefined;
        if (m) out.push({ type: S.MessageNew, ...base, message: m });
        break;
      }
      case S.MessageEdited: {
        const q = p as unknown as EditedPayload;
        const m = messages.get(q.messageId);
        // An edit of a message deleted since must not bring its text back.
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
        out.push({ type: S.DialogOpened, ...base, at: q.at, reopened: q.reopened === true });
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

export async function dialogPublic(db: Db, d: DialogRow): Promise<DialogPublic> {
  const ops = await operatorsById(db, [d.assignee_id]);
  const op = d.assignee_id ? ops.get(d.assignee_id) : undefined;
  const out: DialogPublic = {
    id: d.id,
    status: d.status === 'closed' ? 'closed' : 'open',
    createdAt: d.created_at,
    operator: op ? operatorPublic(op) : null,
  };
  if (d.closed_at !== null && d.status === 'closed') out.closedAt = d.closed_at;
  if (d.rating_score !== null) out.rating = d.rating_comment ? { score: d.rating_score, comment: d.rating_comment } : { score: d.rating_score };
  if (d.operator_read_seq > 0) out.readSeq = d.operator_read_seq;
  return out;
}

export function locationOf(json: string | null): VisitorLocation | null {
  if (!json) return null;
  const o = parseJsonObject(json);
  const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? o[k] : null);
  return { countryCode: str('countryCode'), region: str('region'), city: str('city'), timeZone: str('timeZone') };
}

export function dialogVisitor(vis: VisitorRow | undefined, id: string): DialogVisitor {
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

/**
 * Summaries as `viewerId` sees them (their own unread counts). Without a viewer, `unread` is the
 * count for an operator who never read the dialog; publishSummary sends each console its own.
 */
export async function summaries(db: Db, rows: DialogRow[], viewerId?: string): Promise<DialogSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const unread = await unreadFor(db, ids, viewerId ?? '');
  const visitors = await db.selectFrom('visitors').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.visitor_id))]).execute();
  const vmap = new Map(visitors.map((x) => [x.id, x]));
  const tags = await db.selectFrom('dialog_tags').selectAll().where('dialog_id', 'in', ids).orderBy('tag').execute();
  const ops = await operatorsById(db, rows.map((r) => r.assignee_id));
  return rows.map((d) => {
    const vis = vmap.get(d.visitor_id);
    const op = d.assignee_id ? ops.get(d.assignee_id) : undefined;
    return {
      id: d.id,
      status: d.status === 'closed' ? 'closed' : 'open',
      closeStatus: (d.close_status as CloseStatus | null) ?? null,
      channel: d.channel as Channel,
      visitor: dialogVisitor(vis, d.visitor_id),
      groupId: d.group_id,
      assignee: op ? { id: op.id, name: op.name } : null,
      lastMessage:
        d.last_message_at !== null
          ? {
              text: d.last_message_text ?? '',
              authorKind: (d.last_message_author as 'visitor' | 'operator' | 'system' | null) ?? 'visitor',
              at: d.last_message_at,
              hasAttachments: d.last_message_has_attachments === 1,
            }
          : null,
      unread: unread.get(d.id) ?? 0,
      lastSeq: d.last_seq,
      visitorReadSeq: d.visitor_read_seq,
      rating: d.rating_score !== null ? (d.rating_comment ? { score: d.rating_score, comment: d.rating_comment } : { score: d.rating_score }) : null,
      tags: tags.filter((t) => t.dialog_id === d.id).map((t) => t.tag),
      createdAt: d.created_at,
      updatedAt: d.updated_at,
      closedAt: d.status === 'closed' ? d.closed_at : null,
      erasedAt: d.erased_at,
    };
  });
}

export async function summaryOf(db: Db, dialogId: string, viewerId?: string): Promise<DialogSummary | null> {
  const d = await db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirst();
  if (!d) return null;
  const [s] = await summaries(db, [d], viewerId);
  return s ?? null;
}
