import { HISTORY_PAGE_SIZE, MAX_SERVER_FRAME_BYTES, S, type HistoryBatchFrame } from '@parley/protocol';
import type { Ctx } from '../context';
import { dialogPublic, messagesView, visitorMessage } from './render';

/**
 * A history batch for a visitor: messages with seq below `before` (the latest when absent), current
 * state, ascending, read in one transaction so `cursor` matches the messages exactly. Trimmed from
 * the oldest end to fit the largest frame a client accepts.
 */
export async function historyBatch(
  ctx: Ctx,
  dialogId: string,
  partyVisitorId: string,
  opts: { before?: number; limit?: number; cursor?: number } = {},
): Promise<HistoryBatchFrame | null> {
  const limit = opts.limit ?? HISTORY_PAGE_SIZE;
  const snap = await ctx.db.transaction().execute(async (trx) => {
    const d = await trx.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirst();
    if (!d) return null;
    let q = trx.selectFrom('messages').selectAll().where('dialog_id', '=', dialogId);
    if (opts.before !== undefined) q = q.where('seq', '<', opts.before);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit).reverse();
    return { d, hasMore, messages: await messagesView(trx, page), dialog: await dialogPublic(trx, d) };
  });
  if (!snap) return null;
  const now = ctx.now();
  const frame: HistoryBatchFrame = {
    type: S.History,
    dialogId,
    dialog: snap.dialog,
    messages: snap.messages.map((m) => visitorMessage(m, partyVisitorId, ctx.urlKey, now)),
    cursor: opts.cursor ?? snap.d.last_seq,
    hasMore: snap.hasMore,
  };
  while (frame.messages.length > 1 && Buffer.byteLength(JSON.stringify(frame)) > MAX_SERVER_FRAME_BYTES) {
    frame.messages.shift();
    frame.hasMore = true;
  }
  return frame;
}
