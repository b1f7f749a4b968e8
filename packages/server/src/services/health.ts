import { sql } from 'kysely';
import type { Ctx } from '../context';

/** Ready: not draining for a shutdown, the database answers, and every migration is applied. */
export async function readiness(ctx: Ctx): Promise<{ status: 'ok' | 'draining' | 'unavailable'; checks: Record<string, string> }> {
  if (ctx.lifecycle.draining) return { status: 'draining', checks: { server: 'shutting down' } };
  try {
    await sql`select 1`.execute(ctx.db);
    const known = Object.keys(await ctx.store.migrations.getMigrations());
    const done = await sql<{ name: string }>`select name from kysely_migration`.execute(ctx.db);
    const applied = new Set(done.rows.map((r) => r.name));
    const missing = known.filter((m) => !applied.has(m));
    if (missing.length > 0) return { status: 'unavailable', checks: { database: 'ok', migrations: `pending: ${missing.join(', ')}` } };
    return { status: 'ok', checks: { database: 'ok', migrations: 'ok' } };
  } catch (err) {
    return { status: 'unavailable', checks: { database: err instanceof Error ? err.message : 'unreachable' } };
  }
}
