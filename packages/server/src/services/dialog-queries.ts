import { sql } from 'kysely';
import {
  appLabel, deviceLabel, isAdminRole, type CustomParams, type DeviceInfo, type DeviceRecord, type DialogDetail,
  type DialogListQuery, type DialogSummary, type Note, type Timeline, type TimelineEvent,
} from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { likePattern } from '../storage/open';
import { parseJsonObject, type DialogRow, type NoteRow } from '../storage/rows';
import type { Actor } from './operator-actions';
import { dialogVisitor, messagesView, operatorsById, summaries } from './render';
import { visitorEventsBetween } from './visitor-events';
import type { AssignedPayload, ClosedPayload, OpenedPayload, RatedPayload } from './render';
import { mailMarksOf } from './email/marks';

const DEFAULT_LIST_LIMIT = 30;
const TIMELINE_PAGE = 100;

function encodeCursor(d: DialogRow): string {
  return Buffer.from(JSON.stringify([d.updated_at, d.id])).toString('base64url');
}
function decodeCursor(c: string): [number, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new DomainError('bad_request', { fields: ['cursor'] });
}

/** The console's queues: new, mine, all (admins) and resolved, with search and filters. */
export async function listDialogs(ctx: Ctx, actor: Actor, q: DialogListQuery): Promise<{ dialogs: DialogSummary[]; next: string | null }> {
  const admin = isAdminRole(actor.role);
  let query = ctx.db.selectFrom('dialogs').selectAll('dialogs').where('dialogs.project_id', '=', actor.projectId);
  switch (q.view) {
    case 'new':
      query = query.where('status', '=', 'open').where('assignee_id', 'is', null);
      break;
    case 'mine':
      query = query.where('status', '=', 'open').where('assignee_id', '=', actor.id);
      break;
    case 'all':
      if (!admin) throw new DomainError('forbidden');
      query = query.where('status', '=', 'open');
      break;
    case 'resolved':
      query = query.where('status', '=', 'closed');
      if (!admin) query = query.where('assignee_id', '=', actor.id);
      break;
  }
  if (q.q) {
    const pat = likePattern(q.q.toLowerCase());
    query = query.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.dialog_id', '=', 'dialogs.id')
          .where(sql<boolean>`messages.search like ${pat} escape '\\'`)),
        eb.exists(eb.selectFrom('visitors').select('visitors.id').whereRef('visitors.id', '=', 'dialogs.visitor_id')
          .where(sql<boolean>`visitors.search like ${pat} escape '\\'`)),
      ]),
    );
  }
  // Visitor fields, each its own filter (case-insensitive substring).
  for (const field of ['name', 'email', 'phone'] as const) {
    const val = q[field];
    if (!val) continue;
    const pat = likePattern(val.toLowerCase());
    query = query.where((eb) => eb.exists(eb.selectFrom('visitors').select('visitors.id').whereRef('visitors.id', '=', 'dialogs.visitor_id')
      .where(sql<boolean>`lower(visitors.${sql.ref(field)}) like ${pat} escape '\\'`)));
  }
  if (q.groupId !== undefined) query = query.where('group_id', '=', q.groupId);
  if (q.closeStatus !== undefined) query = query.where('close_status', '=', q.closeStatus);
  if (q.from !== undefined) query = query.where('updated_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('updated_at', '<=', q.to);
  if (q.rating !== undefined) query = query.where('rating_score', '=', q.rating);
  if (q.operatorId !== undefined) query = query.where('assignee_id', '=', q.operatorId);
  if (q.channel !== undefined) {
    // Started there, or a visitor wrote from there since (a signed-in client switches channels in one dialog).
    const ch = q.channel;
    query = query.where((eb) => eb.or([
      eb('dialogs.channel', '=', ch),
      eb.exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.dialog_id', '=', 'dialogs.id')
        .where('messages.channel', '=', ch).where('messages.author_kind', '=', 'visitor')),
    ]));
  }
  if (q.tag !== undefined) {
    const tag = q.tag;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('dialog_tags').select('dialog_tags.tag').whereRef('dialog_tags.dialog_id', '=', 'dialogs.id').where('dialog_tags.tag', '=', tag)),
    );
  }
  if (q.cursor) {
    const [u, id] = decodeCursor(q.cursor);
    query = query.where((eb) => eb.or([eb('updated_at', '<', u), eb.and([eb('updated_at', '=', u), eb('dialogs.id', '<', id)])]));
  }
  const limit = q.limit ?? DEFAULT_LIST_LIMIT;
  const rows = await query.orderBy('updated_at', 'desc').orderBy('dialogs.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { dialogs: await summaries(ctx.db, page, actor.id), next: rows.length > limit && last ? encodeCursor(last) : null };
}

export function deviceRecord(r: { id: string; info: string; ip: string | null; first_seen_at: number; last_seen_at: number }): DeviceRecord {
  const info = parseJsonObject(r.info) as unknown as DeviceInfo;
  return {
    id: r.id, info, label: deviceLabel(info), appLabel: info.app ? appLabel(info.app) : null, ip: r.ip,
    firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at,
  };
}

export async function dialogDetail(ctx: Ctx, actor: Actor, d: DialogRow): Promise<DialogDetail> {
  const [summary] = await summaries(ctx.db, [d], actor.id);
  const v = await ctx.db.selectFrom('visitors').selectAll().where('id', '=', d.visitor_id).executeTakeFirstOrThrow();
  const pages = await ctx.db.selectFrom('page_visits').selectAll().where('visitor_id', '=', v.id).orderBy('at', 'desc').limit(50).execute();
  const devices = await ctx.db.selectFrom('devices').selectAll().where('visitor_id', '=', v.id).orderBy('first_seen_at').execute();
  // Earlier dialogs only for signed-in visitors: anonymous visitors have no history by design.
  const previous = v.kind === 'verified'
    ? await ctx.db.selectFrom('dialogs').selectAll().where('visitor_id', '=', v.id).where('id', '!=', d.id).orderBy('created_at', 'desc').limit(50).execute()
    : [];
  const firstReferrer = v.referrer ?? [...pages].reverse().find((p) => p.referrer)?.referrer ?? null;
  return {
    dialog: summary as DialogSummary,
    visitor: { ...dialogVisitor(v, v.id), note: v.note, firstSeenAt: v.first_seen_at, consentAt: v.consent_at },
    customParams: parseJsonObject(d.custom_params) as CustomParams,
    pages: pages.map((p) => ({ url: p.url, title: p.title, at: p.at })),
    referrer: firstReferrer,
    ip: v.ip,
    devices: devices.map(deviceRecord),
    previousDialogs: await summaries(ctx.db, previous, actor.id),
  };
}

export async function notesOf(ctx: Ctx, rows: NoteRow[]): Promise<Note[]> {
  const ops = await operatorsById(ctx.db, rows.map((r) => r.operator_id));
  return rows.map((r) => ({
    id: r.id, dialogId: r.dialog_id, author: { id: r.operator_id, name: ops.get(r.operator_id)?.name ?? '' }, text: r.text, createdAt: r.created_at,
  }));
}

/** Messages, notes and dialog events of one page (by seq, newest page first with `before`). */
export async function timeline(ctx: Ctx, d: DialogRow, before?: number): Promise<Timeline> {
  let mq = ctx.db.selectFrom('messages').selectAll().where('dialog_id', '=', d.id);
  if (before !== undefined) mq = mq.where('seq', '<', before);
  const rows = await mq.orderBy('seq', 'desc').limit(TIMELINE_PAGE + 1).execute();
  const hasMore = rows.length > TIMELINE_PAGE;
  const page = rows.slice(0, TIMELINE_PAGE).reverse();
  const lo = hasMore ? (page[0]?.seq ?? 0) : 0;
  const hi = before ?? Number.MAX_SAFE_INTEGER;
  const eventRows = await ctx.db.selectFrom('events').selectAll().where('dialog_id', '=', d.id)
    .where('type', 'in', ['dialog.opened', 'dialog.closed', 'dialog.assigned', 'dialog.rated'])
    .where('seq', '>=', lo).where('seq', '<', hi).orderBy('seq').execute();
  // Notes have no seq: take those written within the page's time span.
  const tLo = hasMore ? (page[0]?.created_at ?? 0) : 0;
  const hiEvent = before !== undefined
    ? await ctx.db.selectFrom('events').select('created_at').where('dialog_id', '=', d.id).where('seq', '=', before).executeTakeFirst()
    : undefined;
  let nq = ctx.db.selectFrom('notes').selectAll().where('dialog_id', '=', d.id).where('created_at', '>=', tLo);
  if (hiEvent) nq = nq.where('created_at', '<', hiEvent.created_at);
  const noteRows = await nq.orderBy('created_at').orderBy('id').execute();
  const ops = await operatorsById(ctx.db, eventRows.map((e) => {
    const p = parseJsonObject(e.payload);
    return typeof p.operatorId === 'string' ? p.operatorId : null;
  }));
  const events: TimelineEvent[] = eventRows.map((e) => {
    const p = parseJsonObject(e.payload);
    const ref = (id: unknown) => {
      const op = typeof id === 'string' ? ops.get(id) : undefined;
      return op ? { id: op.id, name: op.name } : null;
    };
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
  });
  // The visitor's recorded events in the same span; the oldest page reaches back to the end of
  // their previous conversation (what they did before writing).
  let eventsFrom = tLo;
  if (!hasMore) {
    const prev = await ctx.db.selectFrom('dialogs').select((eb) => eb.fn.max('last_activity_at').as('at'))
      .where('visitor_id', '=', d.visitor_id).where('id', '!=', d.id).where('created_at', '<', d.created_at).executeTakeFirst();
    eventsFrom = Number(prev?.at ?? 0);
  }
  const visitorEvents = await visitorEventsBetween(ctx.db, d.visitor_id, eventsFrom, hiEvent?.created_at ?? Number.MAX_SAFE_INTEGER, TIMELINE_PAGE * 2);
  return {
    dialogId: d.id,
    messages: await messagesView(ctx.db, page),
    notes: await notesOf(ctx, noteRows),
    events,
    visitorEvents,
    mail: await mailMarksOf(ctx.db, page.map((m) => m.id)),
    cursor: d.last_seq,
    hasMore,
  };
}
