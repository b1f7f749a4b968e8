import type { Message } from '@parley/protocol';
import type { SqlExec } from '../../storage/sql';
import type { EventRow } from '../../storage/rows';
import type { IntegrationHub } from './hub';
import { lowRatingOf, recordDialogEvents } from './record';
import { LOW_RATING_BELOW, raiseAlert } from './alerts';

/**
 * What every write that appends dialog events calls inside its transaction (messages.ts `finish`,
 * operator actions, rating, routing): the events become webhook deliveries (the outbox), and a
 * rating below 4 raises its problem alert, both committed with the events. The project's endpoints
 * come from memory (`IntegrationHub.endpoints`), so a project without endpoints costs no
 * statement. The after-commit fan-out (`publishChange`) kicks the worker; rating.ts announces a
 * low-rating alert after its commit (`IntegrationHub.alertRaised`: consoles, mail).
 */
export async function onDialogEvents(
  hub: IntegrationHub | undefined,
  x: SqlExec,
  projectId: string,
  dialogId: string,
  rows: readonly EventRow[],
  now: number,
  messages?: ReadonlyMap<string, Message>,
): Promise<void> {
  if (!hub || rows.length === 0) return;
  await recordDialogEvents(x, projectId, dialogId, rows, now, hub.endpoints(projectId), messages);
  const low = lowRatingOf(rows, LOW_RATING_BELOW);
  if (low) {
    await raiseAlert(x, projectId, 'low_rating', { dialogId, score: low.score, comment: low.comment }, now, hub.endpoints(projectId));
  }
}
