import { S } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { appendEvents, publishDialogChange } from './events';

/**
 * A visitor rates their dialog after it is closed, once per close (a verified visitor's dialog
 * that reopens and closes again may be rated again). The same clientId again is the same answer.
 */
export async function rateDialog(
  ctx: Ctx,
  p: { projectId: string; visitorIds: ReadonlySet<string>; dialogId: string; clientId: string; score: number; comment?: string | undefined },
): Promise<{ id: string; duplicate: boolean }> {
  const project = await ctx.projects.get(p.projectId);
  if (!project?.settings.rating.enabled) throw new DomainError('forbidden');
  const d = await ctx.db.selectFrom('dialogs').selectAll().where('id', '=', p.dialogId).executeTakeFirst();
  if (!d || d.project_id !== p.projectId || !p.visitorIds.has(d.visitor_id)) throw new DomainError('not_found');
  if (d.rating_client_id === p.clientId) return { id: d.id, duplicate: true };
  if (d.rating_score !== null) throw new DomainError('already_rated');
  if (d.status !== 'closed') throw new DomainError('conflict', { detail: 'rate after the dialog is closed' });
  const now = ctx.now();
  const comment = p.comment?.trim() ? p.comment.trim() : undefined;
  const rows = await ctx.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('dialogs').select(['rating_score', 'status']).where('id', '=', d.id).executeTakeFirstOrThrow();
    if (cur.rating_score !== null) throw new DomainError('already_rated');
    if (cur.status !== 'closed') throw new DomainError('conflict');
    await trx.updateTable('dialogs')
      .set({ rating_score: p.score, rating_comment: comment ?? null, rated_at: now, rating_client_id: p.clientId })
      .where('id', '=', d.id).execute();
    return appendEvents(trx, d.id, [{ type: S.DialogRated, payload: comment ? { at: now, score: p.score, comment } : { at: now, score: p.score } }], now);
  });
  await publishDialogChange(ctx, d.id, rows);
  return { id: d.id, duplicate: false };
}
