import { S, type Channel } from '@parley/protocol';
import type { Ctx } from '../context';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation, searchText, type Db } from '../storage/open';
import type { DeviceRow, DialogRow, EventRow, MessageRow } from '../storage/rows';
import { issueToken } from '../storage/visitors';
import { insertDialog, insertMessageWithEvents, latestDialogOfVisitor, reopenInPlace } from './dialogs';
import { publishDialogChange } from './events';
import { notifyAssignee } from './notify';
import { topics, type VisitorTopicMsg } from '../realtime/topics';

/** Who is sending: the connection's current visitor and every visitor row it has been (for uploads). */
export interface VisitorSender {
  projectId: string;
  visitorId: string;
  kind: 'anonymous' | 'verified';
  visitorIds: ReadonlySet<string>;
  deviceId: string | null;
  channel: Channel;
}

export interface MessageAck {
  clientId: string;
  messageId: string;
  dialogId: string;
  seq: number;
  createdAt: number;
}

export interface VisitorSendResult {
  ack: MessageAck;
  duplicate: boolean;
  /** Set when an anonymous visitor's closed dialog made a new, unlinked visitor. */
  switched?: { visitorId: string; token: string; tokenHash: string; deviceId: string | null };
}

function ackOf(m: MessageRow): MessageAck {
  return { clientId: m.client_id ?? '', messageId: m.id, dialogId: m.dialog_id, seq: m.seq, createdAt: m.created_at };
}

/** Same clientId again: the same ack, if (and only if) this sender wrote it. */
async function existingAck(db: Db, s: VisitorSender, clientId: string): Promise<MessageAck | null> {
  const m = await db.selectFrom('messages').selectAll()
    .where('project_id', '=', s.projectId).where('client_id', '=', clientId).executeTakeFirst();
  if (!m) return null;
  if (m.author_kind !== 'visitor' || m.visitor_id === null || !s.visitorIds.has(m.visitor_id)) {
    // Someone else's id: never confirm or reveal anything about it.
    throw new DomainError('conflict');
  }
  return ackOf(m);
}

export async function sendVisitorMessage(
  ctx: Ctx,
  s: VisitorSender,
  f: { clientId: string; text: string; attachments: string[] },
): Promise<VisitorSendResult> {
  const dup = await existingAck(ctx.db, s, f.clientId);
  if (dup) return { ack: dup, duplicate: true };
  if (f.text.trim() === '' && f.attachments.length === 0) throw new DomainError('message_empty');
  const attachmentIds = [...new Set(f.attachments)];
  const now = ctx.now();

  let result: { rows: EventRow[]; message: MessageRow; dialog: DialogRow; switched?: VisitorSendResult['switched'] };
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      if (attachmentIds.length > 0) {
        const files = await trx.selectFrom('files').select(['id', 'uploader_visitor_id'])
          .where('id', 'in', attachmentIds).where('project_id', '=', s.projectId).where('message_id', 'is', null)
          .execute();
        const mine = files.filter((x) => x.uploader_visitor_id !== null && s.visitorIds.has(x.uploader_visitor_id));
        if (mine.length !== attachmentIds.length) throw new DomainError('not_found', { detail: 'unknown attachment' });
      }
      let dialog = await latestDialogOfVisitor(trx, s.visitorId);
      const before: { type: string; payload: object }[] = [];
      let visitorId = s.visitorId;
      let deviceId = s.deviceId;
      let switched: VisitorSendResult['switched'];
      if (dialog && dialog.status === 'closed' && s.kind === 'anonymous') {
        // Anonymous: a closed dialog is over. Start afresh with a new visitor row and token, so
        // nothing links the next dialog to the previous one.
        const old = await trx.selectFrom('visitors').selectAll().where('id', '=', s.visitorId).executeTakeFirstOrThrow();
        visitorId = randomId();
        await trx.insertInto('visitors').values({
          ...old, id: visitorId, search: '', referrer: null, first_seen_at: now, last_seen_at: now,
        }).execute();
        if (s.deviceId) {
          const dev = await trx.selectFrom('devices').selectAll().where('id', '=', s.deviceId).executeTakeFirst();
          if (dev) {
            const copy: DeviceRow = { ...dev, id: randomId(), visitor_id: visitorId, first_seen_at: now, last_seen_at: now };
            await trx.insertInto('devices').values(copy).execute();
            deviceId = copy.id;
          } else deviceId = null;
        }
        const t = await issueToken(trx, visitorId, deviceId, now);
        switched = { visitorId, token: t.token, tokenHash: t.tokenHash, deviceId };
        dialog = undefined;
      }
      if (!dialog) {
        const v = await trx.selectFrom('visitors').select('custom_params').where('id', '=', visitorId).executeTakeFirstOrThrow();
        dialog = await insertDialog(trx, { projectId: s.projectId, visitorId, channel: s.channel, params: v.custom_params, now });
        before.push({ type: S.DialogOpened, payload: { at: now, reopened: false } });
      } else if (dialog.status === 'closed') {
        before.push(await reopenInPlace(trx, dialog.id, now, null));
      }
      const { rows, message } = await insertMessageWithEvents(trx, {
        dialog,
        before,
        attachmentIds,
        now,
        message: {
          id: randomId(), client_id: f.clientId, author_kind: 'visitor', operator_id: null, visitor_id: visitorId,
          device_id: deviceId, text: f.text, search: searchText(f.text), created_at: now, edited_at: null, deleted_at: null,
        },
      });
      return switched ? { rows, message, dialog, switched } : { rows, message, dialog };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      // The same clientId committed concurrently (another device of this user): answer with it.
      const again = await existingAck(ctx.db, s, f.clientId);
      if (again) return { ack: again, duplicate: true };
    }
    throw err;
  }

  const { rows, message, dialog, switched } = result;
  const opened = rows.length > 1;
  if (opened && !switched) {
    // Other sockets of this visitor (tabs, devices) follow the new or reopened dialog.
    ctx.bus.publish(topics.visitor(s.visitorId), { t: 'dialog', dialogId: dialog.id } satisfies VisitorTopicMsg);
  }
  await publishDialogChange(ctx, dialog.id, rows);
  await notifyAssignee(ctx, dialog.id, message);
  const out: VisitorSendResult = { ack: ackOf(message), duplicate: false };
  if (switched) out.switched = switched;
  return out;
}
