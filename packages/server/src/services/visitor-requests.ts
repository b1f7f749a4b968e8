import { MAX_VISITOR_REQUESTS, REQUEST_SUBJECT_LENGTH, S, type VisitorRequest, type VisitorRequestDetail, type VisitorRequestsQuery } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { dialogs, type DialogSet } from '../storage/dialogs';
import { events as eventRepo } from '../storage/events';
import { eventRows, type NewEvent } from './events';
import { publishChange } from './fanout';
import { REOPEN_SET, refuseBlocked } from './messages';
import { onDialogEvents } from './webhooks/hooks';
import { requestRows, type RequestRow } from '../storage/requests/visitor-requests';
import type { VisitorRow } from '../storage/rows';
import { historyBatch } from './history';
import { ratingOf, requestStatusOf } from './render';

/** How many dialogs are read to filter by status (the status is derived, so it is filtered here). */
const SCAN = 500;

function requestOf(r: RequestRow, currentId: string | undefined): VisitorRequest {
  return {
    id: r.id,
    number: Number(r.number ?? 0) || 1,
    status: requestStatusOf(r),
    subject: (r.subject ?? '').slice(0, REQUEST_SUBJECT_LENGTH),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.status === 'closed' ? r.closed_at : null,
    rating: ratingOf(r),
    current: r.id === currentId,
  };
}

/**
 * "My requests": a signed-in visitor's every request (their one visitor row holds them all, on
 * every device), an anonymous visitor's current one only (each contact is a new visitor row, so
 * nothing links them).
 */
export async function visitorRequests(ctx: Ctx, visitor: VisitorRow, q: VisitorRequestsQuery): Promise<VisitorRequest[]> {
  return ctx.store.read(async (x) => {
    const latest = await dialogs.latestOfVisitor(x, visitor.id);
    if (!latest) return [];
    const rows = visitor.kind === 'verified' ? await requestRows.ofVisitor(x, visitor.id, { from: q.from, to: q.to, limit: SCAN }) : [];
    if (visitor.kind !== 'verified') {
      const one = await requestRows.one(x, visitor.id, latest.id);
      if (one && (q.from === undefined || one.created_at >= q.from) && (q.to === undefined || one.created_at < q.to)) rows.push(one);
    }
    return rows
      .map((r) => requestOf(r, latest.id))
      .filter((r) => !q.status || r.status === q.status)
      .slice(0, MAX_VISITOR_REQUESTS);
  });
}

/** One of the visitor's requests with its latest messages (as the visitor sees them). */
export async function visitorRequest(ctx: Ctx, visitor: VisitorRow, dialogId: string): Promise<VisitorRequestDetail> {
  const found = await ctx.store.read(async (x) => {
    const r = await requestRows.one(x, visitor.id, dialogId);
    // An anonymous visitor sees only their current request.
    const latest = await dialogs.latestOfVisitor(x, visitor.id);
    return r && (visitor.kind === 'verified' || r.id === latest?.id) ? { r, latestId: latest?.id } : null;
  });
  if (!found) throw new DomainError('not_found');
  const batch = await historyBatch(ctx, dialogId, visitor.id);
  return { request: requestOf(found.r, found.latestId), messages: batch?.messages ?? [] };
}

/**
 * Continues one of the visitor's requests from "My requests": it becomes their current request
 * (the one the chat shows and their next message goes to, on every device), reopened if it was
 * resolved (its status back to "in progress" when an operator had replied or been assigned, else
 * "received", protocol's rule). A signed-in visitor may continue any of theirs; an anonymous one
 * only the current one.
 */
export async function continueRequest(ctx: Ctx, visitor: VisitorRow, dialogId: string): Promise<VisitorRequest> {
  const r = await ctx.store.write(async (tx) => {
    const latest = await dialogs.latestOfVisitor(tx, visitor.id);
    const row = await requestRows.one(tx, visitor.id, dialogId);
    if (!row || (visitor.kind !== 'verified' && row.id !== latest?.id)) throw new DomainError('not_found');
    await refuseBlocked(tx, visitor.id);
    const now = ctx.now();
    const current = row.id === latest?.id;
    const reopen = row.status === 'closed';
    if (current && !reopen) return { row, changed: null };
    const list: NewEvent[] = reopen ? [{ type: S.DialogOpened, payload: { at: now, reopened: true, operatorId: null } }] : [];
    const set: DialogSet = { ...(reopen ? REOPEN_SET(now) : {}), continued_at: now };
    const card = await dialogs.advance(tx, ctx.store.dialect, row.id, list.length, now, set);
    if (!card) throw new DomainError('not_found');
    const rows = eventRows(card.id, card.last_seq, list, now);
    await eventRepo.insert(tx, rows);
    await onDialogEvents(ctx.integrations, tx, card.project_id, card.id, rows, now);
    return { row: (await requestRows.one(tx, visitor.id, row.id)) ?? row, changed: { card, rows } };
  });
  const changed = r.changed;
  // Every socket of this visitor (this tab, their other devices) follows it from its start.
  if (changed) ctx.fanout.schedule(() => publishChange(ctx, { ...changed, followVisitorId: visitor.id }));
  return requestOf(r.row, r.row.id);
}
