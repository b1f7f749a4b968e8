import type { Channel } from '@parley/protocol';
import type { Ctx } from '../context';
import { dialogs } from '../storage/dialogs';
import { visitors } from '../storage/visitors';
import type { NewEvent } from './events';
import { publishChange } from './fanout';
import { continueDialog, finish, newDialog, newMessage, previewSet, startDialog, PREVIEW_LENGTH } from './messages';
import { dialogStarted } from './routing';

/**
 * A system line in a visitor's dialog (a messenger channel's phone verification, say), through
 * the same group commit and fan-out as every message. The visitor's latest dialog gets it; with
 * none, or a closed one of an anonymous visitor, a new dialog opens under the same visitor row; a
 * signed-in visitor's closed dialog reopens. Returns the dialog and the line's seq.
 */
export async function sendSystemMessage(
  ctx: Ctx,
  p: { projectId: string; visitorId: string; channel: Channel; text: string },
): Promise<{ dialogId: string; seq: number }> {
  const r = await ctx.store.write(async (tx) => {
    const now = ctx.now();
    const d = ctx.store.dialect;
    const v = await visitors.byId(tx, p.visitorId);
    if (!v || v.project_id !== p.projectId) throw new Error('system message for an unknown visitor');
    const latest = await dialogs.latestOfVisitor(tx, p.visitorId);
    const before: NewEvent[] = [];
    const set = previewSet(p.text, 'system', false, now);
    let card;
    const started = !latest || (latest.status === 'closed' && v.kind !== 'verified');
    if (started) {
      card = await startDialog(
        tx,
        d,
        {
          ...newDialog(p, v.custom_params, now),
          last_seq: 2,
          last_message_text: p.text.slice(0, PREVIEW_LENGTH),
          last_message_author: 'system',
          last_message_at: now,
        },
        before,
        now,
      );
    } else card = await continueDialog(tx, d, latest, before, set, now);
    if (!card) throw new Error('dialog vanished inside its transaction');
    const m = newMessage(
      card,
      {
        client_id: null,
        author_kind: 'system',
        operator_id: null,
        visitor_id: null,
        device_id: null,
        text: p.text,
        channel: p.channel,
      },
      now,
    );
    const f = await finish(ctx, tx, card, before, m, [], undefined, now);
    return { card, rows: f.rows, messages: f.messages, started, seq: m.seq };
  });
  const change = { card: r.card, rows: r.rows, messages: r.messages };
  ctx.fanout.schedule(() => publishChange(ctx, change));
  if (r.started) {
    ctx.fanout.schedule(() => {
      dialogStarted(ctx, r.card, p.text).catch((err: unknown) => ctx.log.error({ err }, 'routing a new dialog failed'));
    });
  }
  return { dialogId: r.card.id, seq: r.seq };
}
