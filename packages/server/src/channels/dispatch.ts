import { EXTERNAL_CHANNELS, S, type ExternalChannel, type Locale } from '@parley/protocol';
import type { Ctx } from '../context';
import { parseJsonObject } from '../storage/rows';
import { enqueue, type OutboxPayload } from './outbox';

/**
 * Operator messages, edits and deletes of dialogs with a messenger client become outbox rows.
 * Read from the dialog's events after a per-dialog cursor (both in one transaction), so nothing
 * depends on the in-memory fan-out: after a crash the events are still there and are handed over
 * at start-up. Returns true when rows were added.
 */
export async function dispatchDialog(ctx: Ctx, dialogId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    // An UPDATE, not a SELECT: it locks the cursor, so on PostgreSQL another node dispatching the
    // same dialog (every node hears its events) waits here and then reads the moved cursor.
    const cur = await trx
      .updateTable('channel_cursors')
      .set((eb) => ({ seq: eb.ref('seq') }))
      .where('dialog_id', '=', dialogId)
      .returning('seq')
      .executeTakeFirst();
    if (!cur) return false;
    const d = await trx.selectFrom('dialogs').select(['id', 'project_id', 'visitor_id', 'last_seq']).where('id', '=', dialogId).executeTakeFirst();
    if (!d || d.last_seq <= cur.seq) return false;
    const events = await trx.selectFrom('events').selectAll().where('dialog_id', '=', dialogId).where('seq', '>', cur.seq).orderBy('seq').limit(500).execute();
    let added = false;
    const now = ctx.now();
    for (const e of events) {
      if (e.type === S.MessageNew && e.message_id) {
        const m = await trx.selectFrom('messages').selectAll().where('id', '=', e.message_id).executeTakeFirst();
        if (!m || m.author_kind !== 'operator' || m.deleted_at !== null) continue;
        // Reply where the client last wrote from (a signed-in client may switch channels within the dialog).
        const last = await trx
          .selectFrom('messages')
          .select('channel')
          .where('dialog_id', '=', dialogId)
          .where('author_kind', '=', 'visitor')
          .where('seq', '<', e.seq)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const kind = last?.channel as ExternalChannel | undefined;
        if (!kind || !(EXTERNAL_CHANNELS as readonly string[]).includes(kind)) continue;
        const contact = await trx
          .selectFrom('channel_contacts')
          .select(['chat_id', 'locale'])
          .where('project_id', '=', d.project_id)
          .where('kind', '=', kind)
          .where('visitor_id', '=', d.visitor_id)
          .orderBy('updated_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (!contact) continue;
        const files = await trx.selectFrom('files').select('id').where('message_id', '=', m.id).orderBy('created_at').orderBy('id').execute();
        const payload: OutboxPayload = { text: m.text, fileIds: files.map((f) => f.id), locale: contact.locale as Locale };
        await enqueue(trx, { projectId: d.project_id, kind, chatId: contact.chat_id, dialogId, messageId: m.id, op: 'send', payload }, now);
        added = true;
      } else if (e.type === S.MessageEdited || e.type === S.MessageDeleted) {
        const p = parseJsonObject(e.payload);
        const messageId = typeof p.messageId === 'string' ? p.messageId : null;
        if (!messageId) continue;
        const sends = await trx.selectFrom('channel_outbox').selectAll().where('message_id', '=', messageId).where('op', '=', 'send').execute();
        for (const s of sends) {
          const orig = JSON.parse(s.payload) as OutboxPayload;
          const payload: OutboxPayload = { text: typeof p.text === 'string' ? p.text : '', locale: orig.locale, sendId: s.id };
          const op = e.type === S.MessageEdited ? 'edit' : 'delete';
          await enqueue(trx, { projectId: s.project_id, kind: s.kind as ExternalChannel, chatId: s.chat_id, dialogId, messageId, op, payload }, now);
          added = true;
        }
      }
    }
    const upto = events[events.length - 1]?.seq ?? cur.seq;
    await trx.updateTable('channel_cursors').set({ seq: upto }).where('dialog_id', '=', dialogId).execute();
    return added;
  });
}

/** A dialog a messenger client writes in: its operator replies are handed to the outbox from `seq` on. */
export async function watchDialog(ctx: Ctx, dialogId: string, seq: number): Promise<void> {
  await ctx.db
    .insertInto('channel_cursors')
    .values({ dialog_id: dialogId, seq })
    .onConflict((oc) => oc.column('dialog_id').doNothing())
    .execute();
}

/** Dialogs with events not handed over yet (after a restart). */
export async function behindDialogs(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('channel_cursors')
    .innerJoin('dialogs', 'dialogs.id', 'channel_cursors.dialog_id')
    .select('channel_cursors.dialog_id')
    .whereRef('dialogs.last_seq', '>', 'channel_cursors.seq')
    .execute();
  return rows.map((r) => r.dialog_id);
}
