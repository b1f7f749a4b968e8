import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../open';

/**
 * A job only one node may run (Telegram long polling of one project): one upsert takes the lease
 * when it is free or has run out, or renews it for its holder; the holder renews it well before
 * `until`. A node that dies stops renewing, and another takes over once `until` has passed.
 */
export async function takeLease(db: Db, name: string, node: string, now: number, ms: number): Promise<boolean> {
  const r = await db
    .insertInto('node_leases')
    .values({ name, holder: node, until: now + ms })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), until: eb.ref('excluded.until') }))
        .where((eb) => eb.or([eb('node_leases.holder', '=', node), eb('node_leases.until', '<=', now)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return r !== undefined;
}

/** Gives the lease up (a graceful stop, the job switched off): another node may take it at once. */
export async function releaseLease(db: Db, name: string, node: string): Promise<void> {
  await db.deleteFrom('node_leases').where('name', '=', name).where('holder', '=', node).execute();
}

/**
 * Inside a transaction: waits until no other node is inside a transaction that took the same
 * lock, and holds it until this one ends (PostgreSQL's transaction-level advisory lock). Used by
 * start-up seeding, so nodes started at the same instant on a new database seed it once. SQLite
 * has one node per file and one writer at a time: nothing to do.
 */
export async function lockForTransaction(trx: Db, name: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`parley:${name}`}))`.execute(trx);
}
