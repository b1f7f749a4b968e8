import type { Db } from './open';
import type { VisitorEventsTable } from './schema';

/** Developer events recorded about visitors (`parley('event', …)`). */

export async function findVisitorEvent(db: Db, visitorId: string, clientId: string): Promise<VisitorEventsTable | undefined> {
  return db.selectFrom('visitor_events').selectAll().where('visitor_id', '=', visitorId).where('client_id', '=', clientId).executeTakeFirst();
}

/** Inserts unless the visitor already has an event with this client id; true when it did. */
export async function insertVisitorEvent(db: Db, row: VisitorEventsTable): Promise<boolean> {
  const r = await db
    .insertInto('visitor_events')
    .values(row)
    .onConflict((oc) => oc.columns(['visitor_id', 'client_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Deletes a visitor's oldest events beyond the newest `keep`. */
export async function trimVisitorEvents(db: Db, visitorId: string, keep: number): Promise<void> {
  const { n } = await db
    .selectFrom('visitor_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('visitor_id', '=', visitorId)
    .executeTakeFirstOrThrow();
  if (Number(n) <= keep) return;
  const kept = db.selectFrom('visitor_events').select('id').where('visitor_id', '=', visitorId).orderBy('at', 'desc').orderBy('id', 'desc').limit(keep);
  await db.deleteFrom('visitor_events').where('visitor_id', '=', visitorId).where('id', 'not in', kept).execute();
}

/** A visitor's events with `from <= at < to`: the newest `limit` of them, oldest first. */
export async function visitorEventRows(db: Db, visitorId: string, from: number, to: number, limit: number): Promise<VisitorEventsTable[]> {
  const rows = await db
    .selectFrom('visitor_events')
    .selectAll()
    .where('visitor_id', '=', visitorId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}
