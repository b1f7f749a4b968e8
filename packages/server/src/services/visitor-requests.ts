import { MAX_VISITOR_REQUESTS, REQUEST_SUBJECT_LENGTH, type VisitorRequest, type VisitorRequestDetail, type VisitorRequestsQuery } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { dialogs } from '../storage/dialogs';
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
