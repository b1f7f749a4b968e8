import { HISTORY_PAGE_SIZE, MAX_SERVER_FRAME_BYTES, S, type HistoryBatchFrame } from '@parley/protocol';
import type { Ctx } from '../context';
import { dialogs } from '../storage/dialogs';
import { messages } from '../storage/messages';
import { dialogPublic, messagesView, visitorMessage } from './render';

/**
 * A history batch for a visitor: messages with seq below `before` (the latest when absent), current
 * state, ascending, read at one point in time (no write can land between the statements) so
 * `cursor` matches the messages exactly. Trimmed from the oldest end to fit the largest frame a
 * client accepts.
 */
export async function historyBatch(
  ctx: Ctx,
  dialogId: string,
  partyVisitorId: string,
  opts: { before?: number; limit?: number; cursor?: number } = {},
): Promise<HistoryBatchFrame | null> {
  const limit = opts.limit ?? HISTORY_PAGE_SIZE;
  const snap = await ctx.store.read(async (x) => {
    const d = await dialogs.cardById(x, ctx.store.dialect, dialogId);
    if (!d) return null;
    const rows = await messages.pageDesc(x, dialogId, limit + 1, opts.before);
    const hasMore = rows.length > limit;
    return { d, hasMore, messages: await messagesView(x, rows.slice(0, limit).reverse()) };
  });
  if (!snap) return null;
  const now = ctx.now();
  const frame: HistoryBatchFrame = {
    type: S.History,
    dialogId,
    dialog: dialogPublic(snap.d),
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
