import type { Db } from '../../storage/open';
import type { EventRow } from '../../storage/rows';
import { recordDialogEvents } from './record';
import { LOW_RATING_BELOW, raiseAlert } from './alerts';

/**
 * What appendEvents calls inside its transaction: dialog events become webhook deliveries (the
 * outbox), and a rating below 4 raises its problem alert, both committed with the events.
 */
export async function onDialogEvents(trx: Db, dialogId: string, rows: EventRow[], now: number): Promise<void> {
  const r = await recordDialogEvents(trx, dialogId, rows, now);
  if (r.lowRating && r.lowRating.score < LOW_RATING_BELOW) {
    await raiseAlert(trx, r.lowRating.projectId, 'low_rating', { dialogId, score: r.lowRating.score, comment: r.lowRating.comment }, now);
  }
}
