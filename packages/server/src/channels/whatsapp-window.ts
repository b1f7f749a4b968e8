import type { Ctx } from '../context';

export const HELD_ERROR = "outside WhatsApp's 24-hour customer service window: waiting for the client to write again";

/**
 * When WhatsApp's customer service window with this client ends: free-form messages (all Parley
 * sends) are refused by the platform later than `whatsappWindowMs` (24 hours) after the client's
 * last message. Null when no message of theirs is stored (e.g. only unsupported files so far).
 */
export async function whatsappWindowEnd(ctx: Ctx, projectId: string, chatId: string): Promise<number | null> {
  const c = await ctx.db
    .selectFrom('channel_contacts')
    .select(['visitor_id', 'anon_visitor_id'])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'whatsapp')
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  if (!c) return null;
  const r = await ctx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('project_id', '=', projectId)
    .where('author_kind', '=', 'visitor')
    .where('channel', '=', 'whatsapp')
    .where('visitor_id', 'in', [c.visitor_id, c.anon_visitor_id])
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at) + ctx.opts.channels.whatsappWindowMs;
}

/** The client wrote: what waited for the window goes out now, in order. Returns how many. */
export async function releaseHeld(ctx: Ctx, projectId: string, chatId: string): Promise<number> {
  const r = await ctx.db
    .updateTable('channel_outbox')
    .set({ status: 'pending', next_at: ctx.now(), last_error: null })
    .where('project_id', '=', projectId)
    .where('kind', '=', 'whatsapp')
    .where('chat_id', '=', chatId)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** How many sends to this client wait for the window. */
export async function heldCount(ctx: Ctx, projectId: string, chatId: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('channel_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('kind', '=', 'whatsapp')
    .where('chat_id', '=', chatId)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
