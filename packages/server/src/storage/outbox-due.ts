import type { Db } from './open';

/** The earliest retry time among an outbox's pending rows (null: nothing pending). */
export async function earliestPending(db: Db, table: 'channel_outbox' | 'webhook_deliveries'): Promise<number | null> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.min<number | null>('next_at').as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}
