import { sql } from 'kysely';
import type { Db } from '../open';

/** Every durable outbox: each claims its rows here, one way for all. */
export const OUTBOX_TABLES = ['webhook_deliveries', 'channel_outbox', 'email_outbox'] as const;
type OutboxTable = (typeof OUTBOX_TABLES)[number];

/**
 * Claims one due outbox row for this node: one conditional UPDATE, so with several nodes on one
 * database exactly one of them wins (PostgreSQL re-checks the WHERE on the row it locked; SQLite
 * has one writer). `attempts` must still be what the caller read, so a row another node tried
 * in between is never sent again from a stale read. The claim lasts `leaseMs`: a node that dies
 * mid-send leaves a claim that expires, and the row is due again.
 */
export async function claimRow(db: Db, table: OutboxTable, id: string, attempts: number, node: string, now: number, leaseMs: number): Promise<boolean> {
  const r = await db
    .updateTable(table)
    .set({ claimed_by: node, claimed_until: now + leaseMs })
    .where('id', '=', id)
    // Mail has no status: a row sent or given up has no next_at (so is never due below).
    .$if(table !== 'email_outbox', (q) => q.where(sql.ref('status'), '=', 'pending'))
    .where('attempts', '=', attempts)
    .where('next_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Set by the write that finishes a claimed row (made only while the claim is still this node's: `claimed_by` = the node). */
export const RELEASE = { claimed_by: null, claimed_until: null } as const;

/**
 * The earliest time an outbox has something to do (null: nothing pending): a row's retry time,
 * or the end of another node's claim on it (were it to die, the row is due again then).
 */
export async function earliestPending(db: Db, table: 'webhook_deliveries' | 'channel_outbox'): Promise<number | null> {
  const r = await db
    .selectFrom(table)
    .select(sql<number | null>`min(CASE WHEN claimed_until > next_at THEN claimed_until ELSE next_at END)`.as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

/**
 * SQLite: this process is the only node on the file (the data dir's pid file sees to that), so
 * claims and leases an earlier process left behind (kill -9) are void: released at start rather
 * than waited out.
 */
export async function releaseAll(db: Db): Promise<void> {
  for (const table of OUTBOX_TABLES) {
    await db.updateTable(table).set(RELEASE).where('claimed_by', 'is not', null).execute();
  }
  await db.deleteFrom('node_leases').execute();
}
