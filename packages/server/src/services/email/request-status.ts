import { WIDGET_TEXTS, notifiesVisitor, requestLabel, type RequestStatus } from '@parley/protocol';
import type { Ctx } from '../../context';
import { queue, recipientOf } from './replies';
import { senderName } from './threads';

/**
 * A request's new status, to the visitor by mail (issue 19): when the project mails replies and the
 * visitor left an address (and did not unsubscribe), in the project's language with the widget's
 * words for the status; only the statuses protocol's notifiesVisitor names (the widget's badge counts the same).
 */
export async function mailRequestStatus(ctx: Ctx, dialogId: string, number: number, status: RequestStatus): Promise<void> {
  if (!notifiesVisitor(status)) return;
  const r = await recipientOf(ctx, dialogId);
  if (!r) return;
  const vars = { number: requestLabel(number), status: WIDGET_TEXTS[r.locale][`request.${status}`] };
  await queue(ctx, r, dialogId, 'status', 'statusSubject', [{ say: 'statusIntro', vars: { project: senderName(r.project), ...vars } }], vars);
  ctx.email.kick();
}
