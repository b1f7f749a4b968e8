import { S } from '@parley/protocol';
import type { Ctx } from '../context';
import { DomainError } from '../util/errors';
import { dialogs } from '../storage/dialogs';
import { events } from '../storage/events';
import { eventRows } from './events';
import { publishChange } from './fanout';
import { onDialogEvents } from './webhooks/hooks';
import { LOW_RATING_BELOW } from './webhooks/alerts';

/**
 * A visitor rates their dialog after it is closed, once per close (a verified visitor's dialog
 * that reopens and closes again may be rated again). The same clientId again is the same answer.
 */
export async function rateDialog(
  ctx: Ctx,
  p: { projectId: string; visitorIds: readonly string[]; dialogId: string; clientId: string; score: number; comment?: string | undefined },
): Promise<{ id: string; duplicate: boolean }> {
  const project = await ctx.projects.get(p.projectId);
  if (!project?.settings.rating.enabled) throw new DomainError('forbidden');
  const comment = p.comment?.trim() ? p.comment.trim() : undefined;
  const r = await ctx.store.write(async (tx) => {
    const d = await dialogs.byId(tx, p.dialogId);
    if (!d || d.project_id !== p.projectId || !p.visitorIds.includes(d.visitor_id)) throw new DomainError('not_found');
    if (d.rating_client_id === p.clientId) return null;
    if (d.rating_score !== null) throw new DomainError('already_rated');
    if (d.status !== 'closed') throw new DomainError('conflict', { detail: 'rate after the dialog is closed' });
    const now = ctx.now();
    const card = await dialogs.advance(tx, ctx.store.dialect, d.id, 1, now, {
      rating_score: p.score,
      rating_comment: comment ?? null,
      rated_at: now,
      rating_client_id: p.clientId,
    });
    if (!card) throw new DomainError('not_found');
    const rows = eventRows(
      d.id,
      card.last_seq,
      [{ type: S.DialogRated, payload: comment ? { at: now, score: p.score, comment } : { at: now, score: p.score } }],
      now,
    );
    await events.insert(tx, rows);
    // Webhooks, and the problem alert of a rating below 4, committed with the rating.
    await onDialogEvents(ctx.integrations, tx, card.project_id, card.id, rows, now);
    return { card, rows };
  });
  if (!r) return { id: p.dialogId, duplicate: true };
  // A low rating's alert (committed now): admins see it at once, the team gets it by mail.
  if (p.score < LOW_RATING_BELOW) ctx.integrations?.alertRaised(r.card.project_id);
  ctx.fanout.schedule(() => publishChange(ctx, r));
  return { id: p.dialogId, duplicate: false };
}
