import {
  appLabel,
  deviceLabel,
  isAdminRole,
  type CustomParams,
  type DeviceInfo,
  type DeviceRecord,
  type DialogDetail,
  type DialogListQuery,
  type DialogSummary,
  type Note,
  type Timeline,
  type TimelineEvent,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import type { SqlExec } from '../storage/sql';
import type { DialogListParams } from '../storage/dialog-list';
import { dialogs } from '../storage/dialogs';
import { events } from '../storage/events';
import { messages } from '../storage/messages';
import { notes } from '../storage/notes';
import { visitors } from '../storage/visitors';
import { parseJsonObject, type DialogRow, type EventRow, type NoteRow } from '../storage/rows';
import type { Actor } from './visibility';
import { dialogVisitor, messagesView, operatorsById, summaryOf } from './render';
import { visitorEventsBetween } from './visitor-events';
import { journeyOf } from '../storage/integrations/journey';
import type { AssignedPayload, ClosedPayload, OpenedPayload, RatedPayload } from './render';
import { mailMarksOf } from './email/marks';

const DEFAULT_LIST_LIMIT = 30;
const TIMELINE_PAGE = 100;

/** Keyset cursor (updated_at, id) for lists; an offset for ranked search results. */
type Cursor = { after: { updatedAt: number; id: string } } | { offset: number };

function encodeCursor(c: [number, string] | ['o', number]): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(c: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { after: { updatedAt: v[0], id: v[1] } };
    if (Array.isArray(v) && v[0] === 'o' && Number.isSafeInteger(v[1]) && (v[1] as number) >= 0) return { offset: v[1] as number };
  } catch {
    // fall through
  }
  throw new DomainError('bad_request', { fields: ['cursor'] });
}

/**
 * The console's queues: new, mine, all (admins) and resolved, with filters. With `q`, a full-text
 * search over message text and the visitor's card (name, email, phone, user id, custom params),
 * best match first, prefix on the last word. Runs off the event loop (storage.reads).
 */
export async function listDialogs(ctx: Ctx, actor: Actor, q: DialogListQuery): Promise<{ dialogs: DialogSummary[]; next: string | null }> {
  const admin = isAdminRole(actor.role);
  const limit = q.limit ?? DEFAULT_LIST_LIMIT;
  const p: DialogListParams = { projectId: actor.projectId, status: 'open', limit };
  switch (q.view) {
    case 'new':
      p.assignee = null;
      break;
    case 'mine':
      p.assignee = actor.id;
      break;
    case 'all':
      if (!admin) throw new DomainError('forbidden');
      break;
    case 'resolved':
      p.status = 'closed';
      if (!admin) p.assignee = actor.id;
      break;
  }
  if (q.operatorId !== undefined) {
    // Another operator's dialogs: admins only see them all; an operator's own views already say whose.
    if (p.assignee !== undefined && p.assignee !== q.operatorId) return { dialogs: [], next: null };
    p.assignee = q.operatorId;
  }
  if (q.from !== undefined) p.from = q.from;
  if (q.to !== undefined) p.to = q.to;
  if (q.rating !== undefined) p.rating = q.rating;
  if (q.tag !== undefined) p.tag = q.tag;
  if (q.groupId !== undefined) p.groupId = q.groupId;
  if (q.closeStatus !== undefined) p.closeStatus = q.closeStatus;
  if (q.channel !== undefined) p.channel = q.channel;
  for (const field of ['name', 'email', 'phone'] as const) {
    const val = q[field];
    if (val) (p.visitor ??= {})[field] = val;
  }
  const search = q.q !== undefined && q.q.trim() !== '';
  if (search) p.q = q.q;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if ('after' in c && !search) p.after = c.after;
    else if ('offset' in c && search) p.offset = c.offset;
    else throw new DomainError('bad_request', { fields: ['cursor'] });
  }
  const rows = await ctx.store.reads.dialogList(p);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  let next: string | null = null;
  if (rows.length > limit && last) next = search ? encodeCursor(['o', (p.offset ?? 0) + limit]) : encodeCursor([last.updated_at, last.id]);
  return { dialogs: page.map((c) => summaryOf(c, actor.id)), next };
}

export function deviceRecord(r: { id: string; info: string; ip: string | null; first_seen_at: number; last_seen_at: number }): DeviceRecord {
  const info = parseJsonObject(r.info) as unknown as DeviceInfo;
  return {
    id: r.id,
    info,
    label: deviceLabel(info),
    appLabel: info.app ? appLabel(info.app) : null,
    ip: r.ip,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  };
}

export async function dialogDetail(ctx: Ctx, actor: Actor, d: DialogRow): Promise<DialogDetail> {
  const detail = await ctx.store.read(async (x) => {
    const card = await dialogs.cardById(x, ctx.store.dialect, d.id);
    const v = await visitors.byId(x, d.visitor_id);
    if (!card || !v) throw new DomainError('not_found');
    const pages = await visitors.pages(x, v.id, 50);
    const devices = await visitors.devices(x, v.id);
    // Earlier dialogs only for signed-in visitors: anonymous visitors have no history by design.
    const previous = v.kind === 'verified' ? await dialogs.otherCardsOfVisitor(x, ctx.store.dialect, v.id, d.id, 50) : [];
    const firstReferrer = v.referrer ?? [...pages].reverse().find((p) => p.referrer)?.referrer ?? null;
    return {
      dialog: summaryOf(card, actor.id),
      visitor: { ...dialogVisitor(v, v.id), note: v.note, firstSeenAt: v.first_seen_at, consentAt: v.consent_at },
      customParams: parseJsonObject(card.custom_params) as CustomParams,
      pages: pages.map((p) => ({ url: p.url, title: p.title, at: p.at })),
      referrer: firstReferrer,
      ip: v.ip,
      devices: devices.map(deviceRecord),
      previousDialogs: previous.map((c) => summaryOf(c, actor.id)),
    };
  });
  return { ...detail, journey: await journeyOf(ctx.db, d.visitor_id, d.id) };
}

export async function notesOf(x: SqlExec, rows: NoteRow[]): Promise<Note[]> {
  const ops = await operatorsById(
    x,
    rows.map((r) => r.operator_id),
  );
  return rows.map((r) => ({
    id: r.id,
    dialogId: r.dialog_id,
    author: { id: r.operator_id, name: ops.get(r.operator_id)?.name ?? '' },
    text: r.text,
    createdAt: r.created_at,
  }));
}

/** Messages, notes and dialog events of one page (by seq, newest page first with `before`). */
export async function timeline(ctx: Ctx, d: DialogRow, before?: number): Promise<Timeline> {
  const r = await ctx.store.read(async (x) => {
    const rows = await messages.pageDesc(x, d.id, TIMELINE_PAGE + 1, before);
    const hasMore = rows.length > TIMELINE_PAGE;
    const page = rows.slice(0, TIMELINE_PAGE).reverse();
    const lo = hasMore ? (page[0]?.seq ?? 0) : 0;
    const hi = before ?? Number.MAX_SAFE_INTEGER;
    const eventRows = await events.ofTypesBetween(x, d.id, LIFECYCLE, lo, hi);
    // Notes have no seq: take those written within the page's time span.
    const tLo = hasMore ? (page[0]?.created_at ?? 0) : 0;
    const tHi = before !== undefined ? await events.createdAt(x, d.id, before) : undefined;
    const noteRows = await notes.between(x, d.id, tLo, tHi);
    const ops = await operatorsById(
      x,
      eventRows.map((e) => {
        const p = parseJsonObject(e.payload);
        return typeof p.operatorId === 'string' ? p.operatorId : null;
      }),
    );
    const ref = (id: unknown) => {
      const op = typeof id === 'string' ? ops.get(id) : undefined;
      return op ? { id: op.id, name: op.name } : null;
    };
    const page_ = {
      dialogId: d.id,
      messages: await messagesView(x, page),
      notes: await notesOf(x, noteRows),
      events: eventRows.map((e) => timelineEvent(e, ref)),
      cursor: d.last_seq,
      hasMore,
    };
    return { page: page_, from: tLo, to: tHi };
  });
  // The visitor's recorded events in the same span; the oldest page reaches back to the end of
  // their previous conversation (what they did before writing).
  let eventsFrom = r.from;
  if (!r.page.hasMore) {
    const prev = await ctx.db
      .selectFrom('dialogs')
      .select((eb) => eb.fn.max('last_activity_at').as('at'))
      .where('visitor_id', '=', d.visitor_id)
      .where('id', '!=', d.id)
      .where('created_at', '<', d.created_at)
      .executeTakeFirst();
    eventsFrom = Number(prev?.at ?? 0);
  }
  const visitorEvents = await visitorEventsBetween(ctx.db, d.visitor_id, eventsFrom, r.to ?? Number.MAX_SAFE_INTEGER, TIMELINE_PAGE * 2);
  return {
    ...r.page,
    visitorEvents,
    mail: await mailMarksOf(
      ctx.db,
      r.page.messages.map((x) => x.id),
    ),
  };
}

const LIFECYCLE = ['dialog.opened', 'dialog.closed', 'dialog.assigned', 'dialog.rated'];

function timelineEvent(e: EventRow, ref: (id: unknown) => { id: string; name: string } | null): TimelineEvent {
  const p = parseJsonObject(e.payload);
  switch (e.type) {
    case 'dialog.opened': {
      const q = p as unknown as OpenedPayload;
      return { kind: q.reopened ? 'reopened' : 'opened', seq: e.seq, at: q.at, operator: ref(q.operatorId) };
    }
    case 'dialog.closed': {
      const q = p as unknown as ClosedPayload;
      const ev: TimelineEvent = { kind: 'closed', seq: e.seq, at: q.at, operator: ref(q.operatorId) };
      if (q.closeStatus) ev.closeStatus = q.closeStatus;
      return ev;
    }
    case 'dialog.assigned': {
      const q = p as unknown as AssignedPayload;
      return { kind: 'assigned', seq: e.seq, at: q.at, operator: q.operator ? { id: q.operator.id, name: q.operator.name } : null };
    }
    default: {
      const q = p as unknown as RatedPayload;
      return { kind: 'rated', seq: e.seq, at: q.at, rating: q.comment ? { score: q.score, comment: q.comment } : { score: q.score } };
    }
  }
}
