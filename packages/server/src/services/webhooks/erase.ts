import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../storage/schema';

/** What an erased event's body says instead of its data. */
export const ERASED_DATA = { erased: true } as const;

/** A LIKE pattern matching `"id"` anywhere in a JSON body (LIKE's wildcards in the id escaped). */
function quotedIdPattern(id: string): string {
  return `%${JSON.stringify(id).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Erasure (services/visitor-data.ts): every stored webhook event of the project that names one of
 * the visitor's rows or dialogs (a dialog event carries the dialog's and visitor's ids, a lead its
 * dialog or visitor, an alert its dialog) keeps its id, type and time but its data becomes
 * `{"erased":true}`, and its deliveries still waiting are cancelled (failed, "erased"), so neither
 * the log nor a later retry or Resend sends what was erased. Ids are random, so matching them
 * quoted in the body is exact; the table holds only the last PARLEY_WEBHOOK_LOG_DAYS of events.
 */
export async function scrubWebhookEvents(
  trx: Transaction<Database> | Kysely<Database>,
  projectId: string,
  ids: readonly string[],
  now: number,
): Promise<number> {
  const events = new Map<string, string>();
  // In slices: a long OR chain is a deep expression (SQLite stops at a depth of 1000).
  for (let i = 0; i < ids.length; i += 100) {
    const slice = ids.slice(i, i + 100);
    const found = await trx
      .selectFrom('webhook_events')
      .select(['id', 'body'])
      .where('project_id', '=', projectId)
      .where((eb) => eb.or(slice.map((id) => sql<boolean>`${eb.ref('body')} LIKE ${quotedIdPattern(id)} ESCAPE '\\'`)))
      .execute();
    for (const e of found) events.set(e.id, e.body);
  }
  for (const [id, raw] of events) {
    const body = JSON.parse(raw) as Record<string, unknown>;
    await trx
      .updateTable('webhook_events')
      .set({ body: JSON.stringify({ ...body, data: ERASED_DATA }) })
      .where('id', '=', id)
      .execute();
  }
  if (events.size > 0) {
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', next_at: null, last_error: 'erased', last_at: now })
      .where('status', '=', 'pending')
      .where('event_id', 'in', [...events.keys()])
      .execute();
  }
  return events.size;
}

/** Whether a stored body is an erased event's (Resend refuses it). */
export function isErasedBody(body: string): boolean {
  const data = (JSON.parse(body) as { data?: { erased?: unknown } }).data;
  return data?.erased === true;
}
