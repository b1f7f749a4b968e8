import { eventTime, type EventTrack, type VisitorEvent, type VisitorEventProps } from '@parley/protocol';
import type { Db } from '../storage/open';
import { parseJsonObject } from '../storage/rows';
import type { VisitorEventsTable } from '../storage/schema';
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
export async function recordVisitorEvent(db: Db, visitorId: string, f: Omit<EventTrack, 'type'>, now: number): Promise<{ event: VisitorEvent; duplicate: boolean }> {
  const existing = await db.selectFrom('visitor_events').selectAll().where('visitor_id', '=', visitorId).where('client_id', '=', f.clientId).executeTakeFirst();
  if (existing) return { event: toEvent(existing), duplicate: true };
  const row: VisitorEventsTable = {
    id: randomId(), visitor_id: visitorId, client_id: f.clientId, name: f.name, props: JSON.stringify(f.props ?? {}), at: eventTime(now, f.ago), created_at: now,
  };
  const inserted = await db.insertInto('visitor_events').values(row).onConflict((oc) => oc.columns(['visitor_id', 'client_id']).doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
    // The same event from another connection of this visitor, a moment earlier.
    const first = await db.selectFrom('visitor_events').selectAll().where('visitor_id', '=', visitorId).where('client_id', '=', f.clientId).executeTakeFirstOrThrow();
    return { event: toEvent(first), duplicate: true };
  }
  const { n } = await db.selectFrom('visitor_events').select((eb) => eb.fn.countAll<number>().as('n')).where('visitor_id', '=', visitorId).executeTakeFirstOrThrow();
  if (Number(n) > MAX_EVENTS_PER_VISITOR) {
    const keep = db.selectFrom('visitor_events').select('id').where('visitor_id', '=', visitorId).orderBy('at', 'desc').orderBy('id', 'desc').limit(MAX_EVENTS_PER_VISITOR);
    await db.deleteFrom('visitor_events').where('visitor_id', '=', visitorId).where('id', 'not in', keep).execute();
  }
  return { event: toEvent(row), duplicate: false };
}

/** A visitor's events with `from <= at < to`, oldest first: the newest `limit` of them. */
export async function visitorEventsBetween(db: Db, visitorId: string, from: number, to: number, limit: number): Promise<VisitorEvent[]> {
  const rows = await db.selectFrom('visitor_events').selectAll().where('visitor_id', '=', visitorId).where('at', '>=', from).where('at', '<', to)
    .orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map(toEvent);
}
