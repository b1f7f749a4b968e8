import { eventTime, type EventTrack, type VisitorEvent, type VisitorEventProps } from '@parley/protocol';
import type { Db } from '../storage/open';
import { parseJsonObject } from '../storage/rows';
import type { VisitorEventsTable } from '../storage/schema';
import { findVisitorEvent, insertVisitorEvent, trimVisitorEvents, visitorEventRows } from '../storage/visitor-events';
import { randomId } from '../util/crypto';

/** Events kept per visitor; the oldest go first (a site calling `parley('event')` in a loop fills no disk). */
export const MAX_EVENTS_PER_VISITOR = 500;

function toEvent(r: VisitorEventsTable): VisitorEvent {
  return { id: r.id, name: r.name, props: parseJsonObject(r.props) as VisitorEventProps, at: r.at };
}

/**
 * Records a developer event on the visitor's timeline, once per client id (a resend after a
 * reconnect answers with the first record).
 */
export async function recordVisitorEvent(
  db: Db,
  visitorId: string,
  f: Omit<EventTrack, 'type'>,
  now: number,
): Promise<{ event: VisitorEvent; duplicate: boolean }> {
  const existing = await findVisitorEvent(db, visitorId, f.clientId);
  if (existing) return { event: toEvent(existing), duplicate: true };
  const row: VisitorEventsTable = {
    id: randomId(),
    visitor_id: visitorId,
    client_id: f.clientId,
    name: f.name,
    props: JSON.stringify(f.props ?? {}),
    at: eventTime(now, f.ago),
    created_at: now,
  };
  if (!(await insertVisitorEvent(db, row))) {
    // The same event from another connection of this visitor, a moment earlier.
    const first = await findVisitorEvent(db, visitorId, f.clientId);
    if (first) return { event: toEvent(first), duplicate: true };
  }
  await trimVisitorEvents(db, visitorId, MAX_EVENTS_PER_VISITOR);
  return { event: toEvent(row), duplicate: false };
}

/** A visitor's events with `from <= at < to`, oldest first: the newest `limit` of them. */
export async function visitorEventsBetween(db: Db, visitorId: string, from: number, to: number, limit: number): Promise<VisitorEvent[]> {
  return (await visitorEventRows(db, visitorId, from, to, limit)).map(toEvent);
}
