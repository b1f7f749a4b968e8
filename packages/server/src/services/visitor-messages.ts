import { S, type Channel } from '@parley/protocol';
import type { Ctx } from '../context';
import { needsPreChat } from './prechat';
import { randomId } from '../util/crypto';
import { DomainError } from '../util/errors';
import { isUniqueViolation, searchText, type Db } from '../storage/open';
import type { DeviceRow, DialogRow, EventRow, MessageRow } from '../storage/rows';
import { issueToken, latestSuccessor } from '../storage/visitors';
import { insertDialog, insertMessageWithEvents, latestDialogOfVisitor, reopenInPlace } from './dialogs';
import { publishDialogChange } from './events';
import { notifyAssignee } from './notify';
import { dialogStarted } from './routing';
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
  /**
   * Set when this connection now speaks as another visitor row: an anonymous visitor's closed
   * dialog made a new one, or another tab of theirs had already done so (its successor).
   */
  switched?: Switched;
  /** Visitor rows this connection spoke as before the switch (their sockets should follow). */
  predecessors?: string[];
}

export interface Switched {
  visitorId: string;
  token: string;
  tokenHash: string;
  deviceId: string | null;
}

function ackOf(m: MessageRow): MessageAck {
  return { clientId: m.client_id ?? '', messageId: m.id, dialogId: m.dialog_id, seq: m.seq, createdAt: m.created_at };
}

/** This device's row under another visitor: the one with the same fingerprint, or a copy. */
async function deviceUnder(trx: Db, fromDeviceId: string | null, visitorId: string, now: number): Promise<string | null> {
  if (!fromDeviceId) return null;
  const dev = await trx.selectFrom('devices').selectAll().where('id', '=', fromDeviceId).executeTakeFirst();
  if (!dev) return null;
  if (dev.visitor_id === visitorId) return dev.id;
  const same = await trx.selectFrom('devices').select('id').where('visitor_id', '=', visitorId).where('fingerprint', '=', dev.fingerprint).executeTakeFirst();
  if (same) return same.id;
  const copy: DeviceRow = { ...dev, id: randomId(), visitor_id: visitorId, first_seen_at: now, last_seen_at: now };
  await trx.insertInto('devices').values(copy).execute();
  return copy.id;
}

/**
 * An anonymous visitor whose closed dialog was already continued (another tab wrote first)
 * continues as that successor: a token of its own for this device, and every row passed through
 * still counts as theirs (idempotency, rating). Null when there is nothing to follow.
 */
export async function followSuccessor(
  db: Db, s: Pick<VisitorSender, 'visitorId' | 'kind' | 'deviceId'>, now: number,
): Promise<{ switched: Switched; chain: string[] } | null> {
  if (s.kind !== 'anonymous') return null;
  const next = await latestSuccessor(db, s.visitorId);
  if (next.id === s.visitorId) return null;
  const deviceId = await deviceUnder(db, s.deviceId, next.id, now);
  const t = await issueToken(db, next.id, deviceId, now);
  return { switched: { visitorId: next.id, token: t.token, tokenHash: t.tokenHash, deviceId }, chain: next.chain };
}

/** A blocked visitor's messages are refused with a neutral text (they are not told why). */
export async function refuseBlocked(db: Db, visitorId: string): Promise<void> {
  const v = await db.selectFrom('visitors').select('blocked_at').where('id', '=', visitorId).executeTakeFirst();
  if (v && v.blocked_at !== null) throw new DomainError('visitor_blocked');
}

export async function sendVisitorMessage(
  ctx: Ctx,
  s: VisitorSender,
  f: { clientId: string; text: string; attachments: string[] },
  retried = false,
): Promise<VisitorSendResult> {
  if (f.text.trim() === '' && f.attachments.length === 0) throw new DomainError('message_empty');
  await refuseBlocked(ctx.db, s.visitorId);
  const attachmentIds = [...new Set(f.attachments)];
  const now = ctx.now();
  const preChat = (await ctx.projects.get(s.projectId))?.settings.preChat;

  type Done = { dup: MessageAck } | { rows: EventRow[]; message: MessageRow; dialog: DialogRow };
  let result: Done & { switched?: Switched; chain: string[] };
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      // Another tab of this anonymous visitor may have written after the close already.
      const followed = await followSuccessor(trx, s, now);
      const ids = new Set([...s.visitorIds, ...(followed?.chain ?? [])]);
      let visitorId = followed?.switched.visitorId ?? s.visitorId;
      let deviceId = followed?.switched.deviceId ?? s.deviceId;
      let switched = followed?.switched;
      const chain = followed?.chain ?? [s.visitorId];

      // Same clientId again: the same ack, if (and only if) this visitor wrote it (from any tab).
      const dup = await trx.selectFrom('messages').selectAll()
        .where('project_id', '=', s.projectId).where('client_id', '=', f.clientId).executeTakeFirst();
      if (dup) {
        // Someone else's id: never confirm or reveal anything about it.
        if (dup.author_kind !== 'visitor' || dup.visitor_id === null || !ids.has(dup.visitor_id)) throw new DomainError('conflict');
        return switched ? { dup: ackOf(dup), switched, chain } : { dup: ackOf(dup), chain };
      }

      if (attachmentIds.length > 0) {
        const files = await trx.selectFrom('files').select(['id', 'uploader_visitor_id'])
          .where('id', 'in', attachmentIds).where('project_id', '=', s.projectId).where('message_id', 'is', null)
          .execute();
        const mine = files.filter((x) => x.uploader_visitor_id !== null && ids.has(x.uploader_visitor_id));
        if (mine.length !== attachmentIds.length) throw new DomainError('not_found', { detail: 'unknown attachment' });
      }
      let dialog = await latestDialogOfVisitor(trx, visitorId);
      const before: { type: string; payload: object }[] = [];
      if (dialog && dialog.status === 'closed' && s.kind === 'anonymous') {
        // Anonymous: a closed dialog is over. Start afresh with a new visitor row and token, so
        // nothing operators see links the next dialog to the previous one. The old row points to
        // the new one (successor) so the visitor's other tabs and old tokens continue here too.
        const old = await trx.selectFrom('visitors').selectAll().where('id', '=', visitorId).executeTakeFirstOrThrow();
        const nextId = randomId();
        await trx.insertInto('visitors').values({
          ...old, id: nextId, search: '', referrer: null, first_seen_at: now, last_seen_at: now, successor_id: null, erased_at: null,
        }).execute();
        await trx.updateTable('visitors').set({ successor_id: nextId }).where('id', '=', visitorId).execute();
        chain.push(nextId);
        deviceId = await deviceUnder(trx, deviceId, nextId, now);
        visitorId = nextId;
        const t = await issueToken(trx, visitorId, deviceId, now);
        switched = { visitorId, token: t.token, tokenHash: t.tokenHash, deviceId };
        dialog = undefined;
      }
      if (!dialog) {
        const v = await trx.selectFrom('visitors').select(['custom_params', 'name', 'email', 'phone', 'consent_at']).where('id', '=', visitorId).executeTakeFirstOrThrow();
        // A new conversation starts once the project's pre-chat form has what it asks for.
        if (preChat && needsPreChat(preChat, v)) throw new DomainError('prechat_required');
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
          channel: s.channel,
        },
      });
      return switched ? { rows, message, dialog, switched, chain } : { rows, message, dialog, chain };
    });
  } catch (err) {
    // The same clientId committed concurrently (another tab or device): answer as for a resend.
    if (isUniqueViolation(err) && !retried) return sendVisitorMessage(ctx, s, f, true);
    throw err;
  }

  const { switched, chain } = result;
  const out: VisitorSendResult = 'dup' in result ? { ack: result.dup, duplicate: true } : { ack: ackOf(result.message), duplicate: false };
  if (switched) {
    out.switched = switched;
    out.predecessors = chain.filter((id) => id !== switched.visitorId);
    // The visitor's other tabs (sockets of the rows before) follow to the new row.
    for (const id of out.predecessors) {
      ctx.bus.publish(topics.visitor(id), { t: 'successor', visitorId: switched.visitorId } satisfies VisitorTopicMsg);
    }
  }
  if ('dup' in result) return out;
  const { rows, message, dialog } = result;
  const opened = rows.length > 1;
  if (opened && !switched) {
    // Other sockets of this visitor (tabs, devices) follow the new or reopened dialog.
    ctx.bus.publish(topics.visitor(s.visitorId), { t: 'dialog', dialogId: dialog.id } satisfies VisitorTopicMsg);
  }
  await publishDialogChange(ctx, dialog.id, rows);
  await notifyAssignee(ctx, dialog.id, message);
  // A brand-new dialog (not a reopened one) is routed, maybe assigned, maybe announced.
  if (rows.some((r) => r.type === S.DialogOpened && !r.payload.includes('"reopened":true'))) await dialogStarted(ctx, dialog.id, message.text);
  return out;
}
