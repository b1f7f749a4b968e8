import type { MessageMail } from '@parley/protocol';
import type { Ctx } from '../../context';
import type { Db } from '../../storage/open';
import type { EmailMessagesTable } from '../../storage/schema';
import { topics, type OpsTopicMsg } from '../../realtime/topics';

const toMark = (r: EmailMessagesTable): MessageMail => {
  const m: MessageMail = { messageId: r.message_id, direction: r.direction, address: r.address, at: Number(r.at) };
  if (r.spoofed) {
    m.spoofed = true;
    m.expected = r.expected;
  }
  return m;
};

/** The email marks of these messages (operators only). */
export async function mailMarksOf(db: Db, messageIds: readonly string[]): Promise<MessageMail[]> {
  if (messageIds.length === 0) return [];
  const rows = await db.selectFrom('email_messages').selectAll().where('message_id', 'in', messageIds).execute();
  return rows.map(toMark);
}

/**
 * Records that messages went by email and tells the consoles that may see the dialog. A message
 * mailed twice (a later batch, a resend) keeps its first mark.
 */
export async function markMessages(
  ctx: Ctx,
  dialogId: string,
  marks: { messageId: string; direction: 'sent' | 'received'; address: string; spoofed?: boolean; expected?: string | null }[],
): Promise<void> {
  if (marks.length === 0) return;
  const d = await ctx.db.selectFrom('dialogs').select(['project_id', 'assignee_id']).where('id', '=', dialogId).executeTakeFirst();
  if (!d) return;
  const at = ctx.now();
  for (const m of marks) {
    const row: EmailMessagesTable = {
      message_id: m.messageId,
      dialog_id: dialogId,
      direction: m.direction,
      address: m.address,
      expected: m.expected ?? null,
      spoofed: m.spoofed ? 1 : 0,
      at,
    };
    const r = await ctx.db
      .insertInto('email_messages')
      .values(row)
      .onConflict((oc) => oc.column('message_id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    ctx.bus.publish(topics.ops(d.project_id), { t: 'mail_mark', dialogId, assigneeId: d.assignee_id, mail: toMark(row) } satisfies OpsTopicMsg);
  }
}
