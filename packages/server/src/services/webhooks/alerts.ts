import { scheduleState, type Alert, type AlertKind, type Presence as PresenceState, type ProjectSettings } from '@parley/protocol';
import type { Db } from '../../storage/open';
import type { SqlExec } from '../../storage/sql';
import { kyselyExec } from '../../storage/kysely-exec';
import type { Ctx } from '../../context';
import type { AlertsTable } from '../../storage/integrations/schema';
import { randomId } from '../../util/crypto';
import { recordWebhookEvent, type EndpointSubscription } from './record';

/**
 * Problem alerts (the product documents' "Уведомления о проблемах"): a dialog closed with a rating
 * below 4, and nobody online during working hours (at most once per 30 minutes per project).
 * Each is stored (the console's banner and list), sent as `alert.raised`, and mailed to the
 * team address when mail is configured.
 */
export const NOBODY_ONLINE_EVERY_MS = 30 * 60_000;
export const LOW_RATING_BELOW = 4;

export function alertOf(r: AlertsTable): Alert {
  return { id: r.id, kind: r.kind as AlertKind, dialogId: r.dialog_id, score: r.score, comment: r.comment, createdAt: r.created_at, seenAt: r.seen_at };
}

/**
 * Stores the alert and its `alert.raised` event in the caller's transaction. `endpoints`: the
 * project's endpoints when the caller has them in memory (otherwise they are read).
 */
export async function raiseAlert(
  x: SqlExec,
  projectId: string,
  kind: AlertKind,
  p: { dialogId?: string | null; score?: number | null; comment?: string | null },
  now: number,
  endpoints?: readonly EndpointSubscription[],
): Promise<Alert> {
  const row: AlertsTable = {
    id: randomId(),
    project_id: projectId,
    kind,
    dialog_id: p.dialogId ?? null,
    score: p.score ?? null,
    comment: p.comment ?? null,
    created_at: now,
    seen_at: null,
    mailed_at: null,
  };
  await x.run('INSERT INTO alerts (id, project_id, kind, dialog_id, score, comment, created_at, seen_at, mailed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    row.id,
    row.project_id,
    row.kind,
    row.dialog_id,
    row.score,
    row.comment,
    row.created_at,
    row.seen_at,
    row.mailed_at,
  ]);
  const alert = alertOf(row);
  const only = endpoints?.filter((e) => e.events.includes('alert.raised')).map((e) => e.id);
  await recordWebhookEvent(x, projectId, 'alert.raised', { alert }, now, only);
  return alert;
}

/**
 * "Nobody online during working hours": true when the schedule is open, nobody can answer and
 * the last such alert of the project is 30 minutes old or more. Pure, so rules are tested with any clock.
 */
export function nobodyOnlineDue(
  settings: Pick<ProjectSettings, 'schedule'>,
  presence: Pick<PresenceState, 'operatorsOnline'>,
  lastAt: number | null,
  now: number,
): boolean {
  if (presence.operatorsOnline) return false;
  if (!scheduleState(settings.schedule, now).open) return false;
  return lastAt === null || now - lastAt >= NOBODY_ONLINE_EVERY_MS;
}

/** Checks and raises in one transaction (two nodes checking at once raise one alert). */
export async function checkNobodyOnline(
  db: Db,
  projectId: string,
  settings: Pick<ProjectSettings, 'schedule'>,
  presence: Pick<PresenceState, 'operatorsOnline'>,
  now: number,
): Promise<Alert | null> {
  if (presence.operatorsOnline || !scheduleState(settings.schedule, now).open) return null;
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('alerts')
      .select('created_at')
      .where('project_id', '=', projectId)
      .where('kind', '=', 'nobody_online')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!nobodyOnlineDue(settings, presence, last ? Number(last.created_at) : null, now)) return null;
    return raiseAlert(kyselyExec(trx), projectId, 'nobody_online', {}, now);
  });
}

export async function listAlerts({ db }: Pick<Ctx, 'db'>, projectId: string): Promise<{ alerts: Alert[]; unseen: number }> {
  const rows = await db.selectFrom('alerts').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').limit(100).execute();
  const n = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('seen_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { alerts: rows.map(alertOf), unseen: Number(n.n) };
}

/** Marks the project's alerts seen; when any was unseen, the admins' consoles are told (their banners go). */
export async function markAlertsSeen(ctx: Pick<Ctx, 'db' | 'now' | 'integrations'>, projectId: string): Promise<void> {
  const r = await ctx.db.updateTable('alerts').set({ seen_at: ctx.now() }).where('project_id', '=', projectId).where('seen_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) ctx.integrations.alertsChanged(projectId);
}
